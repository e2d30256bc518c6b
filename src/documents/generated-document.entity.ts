import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';

export enum DocumentKind {
  /** Einladung mit Tagesordnung */
  Invitation = 'invitation',
  /** Niederschrift */
  Minutes = 'minutes',
  /** Sitzungsmappe: invitation plus every document of every item */
  Bundle = 'bundle',
}

export enum DocumentAudience {
  Public = 'public',
  Members = 'members',
}

/**
 * One version of a PDF the server generated for a meeting. A new version is stored only when
 * its content changes; the newest is `current`, older ones stay for the council office.
 * Who may download it is decided by Visibility.generatedFile.
 */
@Entity()
@Index(['meetingId', 'kind', 'audience', 'version'], { unique: true, where: 'deleted IS NULL' })
@Index(['meetingId', 'kind', 'audience'], { unique: true, where: 'deleted IS NULL AND current' })
export class GeneratedDocument extends TenantEntity {
  @Index()
  @Column('uuid')
  meetingId: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting;

  @Column({ type: 'enum', enum: DocumentKind })
  kind: DocumentKind;

  @Column({ type: 'enum', enum: DocumentAudience })
  audience: DocumentAudience;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'boolean', default: true })
  current: boolean;

  @Index()
  @Column('uuid')
  fileId: string;

  @ManyToOne(() => File, { onDelete: 'CASCADE' })
  @JoinColumn()
  file?: File;

  /** SHA-256 of what the document was rendered from, so an unchanged meeting adds no version. */
  @Column({ type: 'varchar', length: 64 })
  sourceHash: string;

  /**
   * Set by database triggers when something the document shows changed (an item, its paper or
   * files) and cleared once it is rendered again; a stale public version is hidden from the public.
   */
  @Column({ type: 'boolean', default: false })
  stale: boolean;

  /** Counts those changes, so a generation can tell whether one committed while it rendered. */
  @Column({ type: 'int', default: 0 })
  changeSeq: number;
}
