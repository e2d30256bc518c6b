import { Index, Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { TenantEntity } from 'src/common/base.entity';

/** A document's metadata. Its visibility follows the objects it is attached to (FileLink). */
@Entity()
// OParl's lists page a body's objects by id: this index reads a page in order and stops there.
@Index(['bodyId', 'id'])
// The body's deleted files alone, for the office's overview (migration MinutesIndexes).
@Index('file_deleted_idx', { synchronize: false })
export class File extends TenantEntity {
  /** Display name, without extension. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  @Column({ type: 'text', nullable: true })
  mimeType: string | null;

  @Column({ type: 'date', nullable: true })
  date: string | null;

  @Column({
    type: 'bigint',
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  size: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  sha512Checksum: string | null;

  /** Plain text of the document, for search and OParl `text`. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'int', nullable: true })
  pageCount: number | null;

  /**
   * Where the bytes live in the storage adapter (their SHA-512, or the file's id for files stored
   * before content addressing); null while only metadata is known.
   */
  @Index()
  @Column({ type: 'text', nullable: true })
  storageKey: string | null;

  /** The original URL of an imported file, kept for `--files` downloads. */
  @Column({ type: 'text', nullable: true })
  sourceUrl: string | null;

  @Column({ type: 'text', nullable: true })
  externalServiceUrl: string | null;

  @Column({ type: 'text', nullable: true })
  fileLicense: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  masterFileId: string | null;

  @ManyToOne(() => File, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  masterFile?: File | null;

  /** The version of the document this one replaced; the previous version stays, attached to nothing. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  previousVersionId: string | null;

  @ManyToOne(() => File, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn()
  previousVersion?: File | null;

  /** Confidential files never become public, whatever they are attached to. */
  @Column({ type: 'boolean', default: false })
  confidential: boolean;
}
