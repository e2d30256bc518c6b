import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { File } from 'src/files/file.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Paper } from 'src/papers/paper.entity';

/** The OParl properties a file can fill on its parent. */
export enum FileRole {
  Main = 'main',
  Auxiliary = 'auxiliary',
  Invitation = 'invitation',
  ResultsProtocol = 'resultsProtocol',
  VerbatimProtocol = 'verbatimProtocol',
  Resolution = 'resolution',
}

/** Attaches a file to exactly one meeting, agenda item or paper in one role. */
@Entity()
@Check(`num_nonnulls(meeting_id, agenda_item_id, paper_id) = 1`)
// The body's attached minutes, for the office's overview (migration MinutesIndexes).
@Index('file_link_minutes_idx', { synchronize: false })
export class FileLink extends TenantEntity {
  @Index()
  @Column('uuid')
  fileId: string;

  @ManyToOne(() => File, { onDelete: 'CASCADE' })
  @JoinColumn()
  file?: File;

  @Column({ type: 'enum', enum: FileRole })
  role: FileRole;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  meetingId: string | null;

  @ManyToOne(() => Meeting, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  meeting?: Meeting | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  agendaItemId: string | null;

  @ManyToOne(() => AgendaItem, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  agendaItem?: AgendaItem | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  paperId: string | null;

  @ManyToOne(() => Paper, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn()
  paper?: Paper | null;

  @Column({ type: 'int', default: 0 })
  position: number;
}
