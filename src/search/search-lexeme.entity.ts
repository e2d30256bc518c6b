import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Every lexeme the index holds, as `to_tsvector('german', …)` wrote it. A query word's prefix
 * (`radweg:*`) is expanded through this table into the exact lexemes it would match, because a
 * GIN partial match cannot use the body column of the index: it gathers the matches of every
 * body first, and with hundreds of bodies that costs a hundred times the exact lookup. Byte
 * order (collation "C") is the order in which the index compares lexemes, so a range scan here
 * finds the same lexemes the partial match would. Like search_word it is shared by all bodies,
 * never shown, and only widens a query whose hits still pass the visibility rule.
 */
@Entity()
export class SearchLexeme {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  lexeme: string;
}
