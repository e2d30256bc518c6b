import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The words of the indexed texts, lower-cased, for typo tolerance: a query word without hits
 * is replaced by its nearest words here (pg_trgm similarity, GIN trigram index from the
 * migration). The list is shared by all bodies and never shown to anyone: it only widens the
 * query, whose hits still pass the visibility rule, so a word from non-public text never
 * reaches a public channel.
 */
@Entity()
export class SearchWord {
  @Index('search_word_trgm_idx', { synchronize: false })
  @PrimaryColumn({ type: 'text' })
  word: string;
}
