import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Body } from 'src/bodies/body.entity';

/** What the search finds; each kind maps to one source table the visibility rule knows. */
export enum SearchKind {
  Paper = 'paper',
  Meeting = 'meeting',
  AgendaItem = 'agendaItem',
  File = 'file',
  Organization = 'organization',
  Person = 'person',
}

export const SEARCH_KINDS = Object.values(SearchKind);

/**
 * One searchable object as the PostgreSQL engine stores it. Who may see it is decided by
 * joining the row back to its source row and applying the visibility rule there, so a change
 * of who may see an object takes effect at once, before any re-indexing.
 *
 * `vector` is written by the engine's upsert statement (weights A title/reference,
 * B type/originators/organizations, C text) rather than declared as a generated column,
 * which TypeORM would track in a metadata table of its own; its GIN indexes are created by
 * the migrations, since decorators cannot express `USING gin`.
 */
@Entity()
@Index(['kind', 'objectId'], { unique: true })
@Index(['bodyId', 'kind', 'date'])
export class SearchDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  @Column({ type: 'text' })
  kind: SearchKind;

  @Column('uuid')
  objectId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  /** Paper type, originators, organization names: weighted between title and text. */
  @Column({ type: 'text', default: '' })
  subtitle: string;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  organizationIds: string[];

  /**
   * What the visibility rule said for the public when the row was written. Only a pre-filter
   * that keeps the public's searches from ranking non-public rows: every hit is still checked
   * against the rule itself, so a flag the outbox has not caught up with yet can hide a fresh
   * public object for a moment but never show a non-public one.
   */
  @Column({ type: 'boolean', default: false })
  isPublic: boolean;

  /**
   * GIN over (body_id, week of date and week within the body, vector); the partial one over
   * public rows serves the public's searches. The weeks let a common word be read newest first
   * (migrations SearchWeekIndex, SearchBodyWeekIndex). A third holds (body_id, vector) of the
   * undated rows only, which a walk reads first (migration SearchUndatedIndex), and a fourth a
   * key of each lexeme and week, for walks across many bodies (migration SearchLexemeWeekIndex).
   */
  @Index('search_document_vector_idx', { synchronize: false })
  @Index('search_document_public_vector_idx', { synchronize: false })
  @Index('search_document_undated_vector_idx', { synchronize: false })
  @Index('search_document_week_key_idx', { synchronize: false })
  @Column({ type: 'tsvector', select: false, nullable: true })
  vector: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  modified: Date;
}
