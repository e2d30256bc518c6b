import { Check, Column, Entity, Index, JoinColumn, ManyToOne, VersionColumn } from 'typeorm';
import type { Account } from 'src/accounts/account.entity';
import type { AgendaItem } from 'src/agenda/agenda-item.entity';
import type { Body } from 'src/bodies/body.entity';
import { BaseEntity } from 'src/common/base.entity';
import type { File } from 'src/files/file.entity';
import type { Meeting } from 'src/meetings/meeting.entity';
import type { Organization } from 'src/organizations/organization.entity';
import type { Paper } from 'src/papers/paper.entity';

/** Who sees a note besides its author. */
export enum AnnotationAudience {
  /** Nobody. */
  Private = 'private',
  /** The current members of the author's faction. */
  Faction = 'faction',
}

/** Where a highlight stands after its document was replaced by a new version. */
export enum AnchorState {
  /** On the passage it was made on. */
  Attached = 'attached',
  /** Found again, by its text, in a new version of the document. */
  Moved = 'moved',
  /** The passage is not in the new version: "Textstelle geändert". */
  Changed = 'changed',
}

/**
 * A council member's note or highlight on a document (a passage of it, or a page), a paper, an
 * agenda item or a meeting. Private notes are seen by their author only; faction notes by the
 * current members of the faction. The visibility rule for notes is `Visibility.annotation`; no
 * public channel reads this table.
 */
@Entity()
@Check(`num_nonnulls(file_id, paper_id, agenda_item_id, meeting_id) = 1`)
@Check(`(audience = 'faction') = (faction_id IS NOT NULL)`)
@Index(['bodyId', 'accountId', 'modified'])
export class Annotation extends BaseEntity {
  @Column('uuid')
  bodyId: string;

  @ManyToOne('Body', { onDelete: 'CASCADE' })
  @JoinColumn()
  body?: Body;

  /** The author. */
  @Column('uuid')
  accountId: string;

  @ManyToOne('Account', { onDelete: 'CASCADE' })
  @JoinColumn()
  account?: Account;

  @Column({ type: 'enum', enum: AnnotationAudience })
  audience: AnnotationAudience;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  factionId: string | null;

  @ManyToOne('Organization', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  faction?: Organization | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  fileId: string | null;

  @ManyToOne('File', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  file?: File | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  paperId: string | null;

  @ManyToOne('Paper', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  agendaItemId: string | null;

  @ManyToOne('AgendaItem', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne('Meeting', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting | null;

  /** The document's page (from 1) the note or highlight is on. */
  @Column({ type: 'int', nullable: true })
  page: number | null;

  /** The highlighted passage, as selected; with some text before and after to tell repeats apart. */
  @Column({ type: 'text', nullable: true })
  quote: string | null;

  @Column({ type: 'text', nullable: true })
  prefix: string | null;

  @Column({ type: 'text', nullable: true })
  suffix: string | null;

  @Column({ type: 'enum', enum: AnchorState, default: AnchorState.Attached })
  anchorState: AnchorState;

  /** The note itself; empty for a bare highlight. */
  @Column({ type: 'text', default: '' })
  text: string;

  @VersionColumn()
  version: number;
}
