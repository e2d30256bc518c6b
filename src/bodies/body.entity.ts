import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from 'src/common/base.entity';
import { Location } from 'src/locations/location.entity';

export enum AgendaNumberingScheme {
  /** 1, 2, 3 … through the public and the non-public part. */
  Continuous = 'continuous',
  /** Ö 1, Ö 2 … for the public part, N 1, N 2 … for the non-public part. */
  Prefixed = 'prefixed',
}

/** How the deadline for residents' questions counts back from a meeting's day. */
export enum QuestionDeadlineKind {
  /** N calendar days before. */
  CalendarDays = 'calendarDays',
  /** N working days before: weekends and Saxon public holidays do not count. */
  WorkingDays = 'workingDays',
}

/** A municipality: the tenant. Everything else belongs to exactly one body. */
@Entity()
export class Body extends BaseEntity {
  /** Short, URL-safe name used in every path of the body (`/musterstadt/…`). */
  @Index({ unique: true })
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  shortName: string | null;

  /** Amtlicher Gemeindeschlüssel: 8 digits, leading zero kept. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  ags: string | null;

  /** Regionalschlüssel: 12 digits. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  rgs: string | null;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ type: 'text', nullable: true })
  contactEmail: string | null;

  @Column({ type: 'text', nullable: true })
  contactName: string | null;

  /** Licence of the published data, as a URL (e.g. CC BY 4.0). */
  @Column({ type: 'text', nullable: true })
  license: string | null;

  @Column({ type: 'date', nullable: true })
  licenseValidSince: string | null;

  @Column({ type: 'text', nullable: true })
  classification: string | null;

  @Column({ type: 'text', nullable: true })
  logoUrl: string | null;

  /** Accent colour of the portal, `#rrggbb`. */
  @Column({ type: 'varchar', length: 7, default: '#00577a' })
  primaryColor: string;

  @Column({ type: 'uuid', nullable: true })
  locationId: string | null;

  @ManyToOne(() => Location, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  location?: Location | null;

  /** Quorum: at least numerator/denominator of the members with a vote must be present. */
  @Column({ type: 'int', default: 1 })
  quorumNumerator: number;

  @Column({ type: 'int', default: 2 })
  quorumDenominator: number;

  /** Pattern of paper references: {type} code, {yyyy} year, {n}/{nn}/{nnn}… zero-padded sequence. */
  @Column({ type: 'text', default: '{type}/{yyyy}/{nnn}' })
  paperReferencePattern: string;

  /** Paper type → code for {type}, e.g. Beschlussvorlage → BV. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  paperTypeCodes: Record<string, string>;

  @Column({ type: 'enum', enum: AgendaNumberingScheme, default: AgendaNumberingScheme.Continuous })
  agendaNumbering: AgendaNumberingScheme;

  /** Whether every council member may read the non-public parts of every organization. */
  @Column({ type: 'boolean', default: false })
  membersSeeAllNonPublic: boolean;

  /**
   * Ladungsfrist: how many days before a meeting the invitation must be out, by the body's
   * rules (7 in most Saxon municipalities).
   */
  @Column({ type: 'int', default: 7 })
  invitationNoticeDays: number;

  /** Einwohnerfragestunde: questions are taken until this many days before the meeting's day … */
  @Column({ type: 'enum', enum: QuestionDeadlineKind, default: QuestionDeadlineKind.WorkingDays })
  questionDeadlineKind: QuestionDeadlineKind;

  @Column({ type: 'int', default: 3 })
  questionDeadlineDays: number;

  /** … at this time of day (HH:MM, Europe/Berlin). */
  @Column({ type: 'varchar', length: 5, default: '12:00' })
  questionDeadlineTime: string;

  /** Whether a question needs the asker's postal address. */
  @Column({ type: 'boolean', default: false })
  questionAddressRequired: boolean;

  /** How many months after the meeting the askers' personal data is kept. */
  @Column({ type: 'int', default: 6 })
  questionRetentionMonths: number;

  /**
   * Namentliche Abstimmungen: whether the portal names how each person voted in the roll calls
   * of public items (the person's "Abstimmungsverhalten" and the names under an item's vote).
   * On by default: a roll call is held so that each vote is on the record, and the minutes of
   * the public part name them anyway; a body whose rules keep the names in the minutes only
   * turns it off, and the portal then shows the counts alone.
   */
  @Column({ type: 'boolean', default: true })
  publishRollCalls: boolean;
}
