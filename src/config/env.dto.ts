import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/** The process environment as the server accepts it. Nothing outside src/config reads process.env. */
export class EnvDto {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  /** Base URL the installation is reached under; OParl ids and links are built from it. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  @IsUrl({ require_tld: false, protocols: ['postgres', 'postgresql'], require_protocol: true })
  DATABASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE?: number;

  /**
   * What DATABASE_URL points at: PostgreSQL itself (`none`) or a connection pooler in
   * transaction mode such as PgBouncer (`transaction`), which refuses start-up settings and
   * hands each transaction to any server connection, so settings are made per transaction.
   */
  @IsOptional()
  @IsIn(['none', 'transaction'])
  DATABASE_POOLER?: 'none' | 'transaction';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /**
   * Which proxies may name the client's address in X-Forwarded-For: `true` (any), a number of
   * hops, or a comma-separated list of addresses/CIDR ranges. Unset, the header is ignored, so a
   * client cannot pick its own address and step around the login limit per address.
   */
  @IsOptional()
  @Matches(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  MEILI_URL?: string;

  @IsOptional()
  @IsString()
  MEILI_KEY?: string;

  @IsOptional()
  @IsEmail()
  OPERATOR_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12)
  OPERATOR_PASSWORD?: string;

  /** Load the demo municipality into an empty database at start. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  DEMO_DATA?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 365)
  SESSION_TTL_HOURS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_WINDOW_MINUTES?: number;

  /** Memory cost of argon2id in KiB; tests lower it to keep hashing fast. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(1024 * 1024)
  ARGON2_MEMORY_KIB?: number;

  /** SMTP server for alert mails, e.g. smtp://user:pass@mail.example:587; mails stay queued without it. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['smtp', 'smtps'], require_protocol: true })
  SMTP_URL?: string;

  /** Sender of alert mails, e.g. "Ratsinfo <noreply@stadt.example>". */
  @IsOptional()
  @IsString()
  MAIL_FROM?: string;

  /** Signs confirmation and unsubscribe links of e-mail alerts; at least 32 characters. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  ALERT_SECRET?: string;

  /** Run the mail queue and the alert digests in this process. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  ALERT_WORKER?: boolean;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(24 * 3600)
  ALERT_WORKER_INTERVAL_SECONDS?: number;

  /** Hours an unconfirmed alert subscription (and its address) is kept. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  ALERT_CONFIRM_HOURS?: number;

  /** Signs the proof-of-work challenges (ALTCHA) of the residents' forms; at least 32 characters. */
  @IsOptional()
  @IsString()
  @MinLength(32)
  ALTCHA_HMAC_KEY?: string;

  /** Where uploaded and generated files live; defaults to DATA_DIR/files. */
  @IsOptional()
  @IsString()
  STORAGE_DIR?: string;

  /** Where file contents are kept: `local` (STORAGE_DIR) or `s3` (an S3-compatible object store such as MinIO). */
  @IsOptional()
  @IsIn(['local', 's3'])
  STORAGE_DRIVER?: 'local' | 's3';

  /** The object store's URL, e.g. http://minio:9000; AWS S3 itself when absent. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  S3_ENDPOINT?: string;

  /** S3 bucket naming rules: 3–63 lower-case letters, digits, dots and hyphens. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be 3–63 lower-case letters, digits, dots or hyphens' })
  S3_BUCKET?: string;

  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @IsString()
  S3_REGION?: string;

  /** Address buckets as a path (http://host/bucket/key) instead of a host name; MinIO wants this. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  /** Largest accepted upload in MiB. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4096)
  UPLOAD_MAX_MB?: number;

  /** How often changed meetings get their generated documents renewed; 0 turns the sweep off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(24 * 3600)
  DOCUMENTS_SWEEP_SECONDS?: number;

  /**
   * How far the JavaScript heap may grow past what was alive after the last full garbage
   * collection, in percent; 0 leaves it to V8, which lets a busy server's heap grow to several
   * times its live size (src/common/heap-growth.ts).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(400)
  HEAP_GROWTH_PERCENT?: number;

  /** Memory for rendered public pages, feeds and OParl documents; 0 turns the cache off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4096)
  PUBLIC_CACHE_MB?: number;

  /** Longest time a cached public page is served, for what changes with the clock ("next meetings"). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  PUBLIC_CACHE_TTL_SECONDS?: number;

  /**
   * How a cached public answer learns that its body's content changed: `notify` (PostgreSQL
   * LISTEN/NOTIFY, no query on a hit) or `query` (one query on every request; for connection
   * poolers such as PgBouncer in transaction mode, which do not pass notifications on).
   */
  @IsOptional()
  @IsIn(['notify', 'query'])
  PUBLIC_CACHE_FRESHNESS?: 'notify' | 'query';

  /** How often, with notifications, the cache also compares the database's change marks (missed notifications). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  PUBLIC_CACHE_RECHECK_SECONDS?: number;

  /**
   * Memory for council members' read models of meetings, kept between their requests and
   * dropped by the same notifications as the public cache (`PUBLIC_CACHE_FRESHNESS=notify` only);
   * 0 turns it off.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(4096)
  READ_MODEL_CACHE_MB?: number;
}
