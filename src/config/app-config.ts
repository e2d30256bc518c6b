import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { EnvDto } from 'src/config/env.dto';

export interface S3Settings {
  endpoint?: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  forcePathStyle: boolean;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  http: { host: string; port: number; publicUrl: string; trustProxy: boolean | number | string[] };
  dataDir: string;
  /** embeddedPort: EMBEDDED_POSTGRES_PORT when set; otherwise the embedded PostgreSQL chooses (src/database/embedded-postgres-port.ts). */
  db: {
    url?: string;
    embeddedPort?: number;
    /** Connections of the app's pool. */
    poolSize: number;
    /** Connections of the prepared reads' own pool; 0 behind a pooler in transaction mode, where there is none. */
    readPoolSize: number;
  };
  log: { level: string };
  search: { meiliUrl?: string; meiliKey?: string };
  storage: { driver: 'local' | 's3'; dir: string; maxUploadBytes: number; s3?: S3Settings };
  documents: { sweepSeconds: number };
  publicCache: { maxBytes: number; ttlSeconds: number; freshness: 'notify' | 'query'; recheckSeconds: number };
  /** Members' meeting read models in memory (src/portal/meeting-read-cache.ts); 0 bytes: off. */
  readModelCache: { maxBytes: number };
  /** heapGrowthPercent: see src/common/heap-growth.ts; 0 leaves the heap's growth to V8. */
  memory: { heapGrowthPercent: number };
  auth: {
    operatorEmail?: string;
    operatorPassword?: string;
    sessionTtlHours: number;
    loginMaxFailures: number;
    loginWindowMinutes: number;
    argon2MemoryKib: number;
  };
  demo: { loadWhenEmpty: boolean };
  mail: { smtpUrl?: string; from: string };
  alerts: { secret: string; workerEnabled: boolean; workerIntervalSeconds: number; confirmHours: number };
  participation: { altchaHmacKey: string };
}

/**
 * The heap may grow to 1.5 times what was alive after the last full collection. With V8's own
 * choice, 16 connections asking for OParl pages took the heap to 448 MB with less than 90 MB of
 * it alive, and the process to 537 MB; with 50 % the process stayed under 360 MB (Node 24,
 * bench/results/heap-growth-2026-12-05.md).
 */
const DEFAULT_HEAP_GROWTH_PERCENT = 50;

/** Only for development and tests: a production server with mail must bring its own secret. */
const DEVELOPMENT_ALERT_SECRET = 'development-only-alert-secret-not-for-production';
const DEVELOPMENT_ALTCHA_KEY = 'development-only-altcha-key-not-for-production';

/** Fastify's trustProxy from TRUST_PROXY (validated in EnvDto). */
function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((part) => part.trim());
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => Object.values(e.constraints ?? {}).map((msg) => `${e.property}: ${msg}`));
}

/**
 * Whether the installation is reached over HTTPS (its PUBLIC_URL): then cookies are `Secure` and
 * the security policy asks browsers to upgrade addresses. On plain HTTP both would break the site.
 */
export function servedOverHttps(config: AppConfig): boolean {
  return config.http.publicUrl.startsWith('https:');
}

/**
 * DATABASE_POOL_SIZE shared between the app's pool and the prepared reads' own (half each, at
 * least one each), so an instance opens as many connections as configured; behind a pooler in
 * transaction mode all of them are the app's. Sharing also keeps as many statements at work at
 * once as before: more of them than the database has cores to run them only take turns.
 */
function poolSizes(env: EnvDto): Pick<AppConfig['db'], 'poolSize' | 'readPoolSize'> {
  const total = env.DATABASE_POOL_SIZE ?? 10;
  if (env.DATABASE_POOLER === 'transaction') return { poolSize: total, readPoolSize: 0 };
  const readPoolSize = Math.max(1, Math.floor(total / 2));
  return { poolSize: Math.max(1, total - readPoolSize), readPoolSize };
}

/** Parses and validates the environment once; throws a ConfigError listing every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvDto, raw, { enableImplicitConversion: false });
  const problems = flatten(validateSync(env, { whitelist: false, forbidUnknownValues: false }));
  if (env.MEILI_URL && !env.MEILI_KEY) problems.push('MEILI_KEY: must be set when MEILI_URL is set');
  if (env.OPERATOR_EMAIL && !env.OPERATOR_PASSWORD) {
    problems.push('OPERATOR_PASSWORD: must be set when OPERATOR_EMAIL is set');
  }
  if (env.NODE_ENV === 'production' && env.SMTP_URL && !env.ALERT_SECRET) {
    problems.push('ALERT_SECRET: must be set when SMTP_URL is set in production');
  }
  if (env.STORAGE_DRIVER === 's3') {
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
      if (!env[name]) problems.push(`${name}: must be set when STORAGE_DRIVER is s3`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const port = env.PORT ?? 3000;
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    env: nodeEnv,
    http: {
      host: env.HOST ?? '0.0.0.0',
      port,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
    },
    dataDir: resolve(env.DATA_DIR ?? './data'),
    db: { url: env.DATABASE_URL, embeddedPort: env.EMBEDDED_POSTGRES_PORT, ...poolSizes(env) },
    log: { level: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info') },
    search: { meiliUrl: env.MEILI_URL, meiliKey: env.MEILI_KEY },
    storage: {
      driver: env.STORAGE_DRIVER ?? 'local',
      // With S3 the directory only holds spool files of uploads and generated documents.
      // Tests that give no place of their own must not leave files in the developer's data directory.
      dir: resolve(
        env.STORAGE_DIR ??
          (nodeEnv === 'test' && !env.DATA_DIR ? join(tmpdir(), 'ratsinfo-test-files') : join(env.DATA_DIR ?? './data', 'files')),
      ),
      maxUploadBytes: (env.UPLOAD_MAX_MB ?? 50) * 1024 * 1024,
      s3:
        env.STORAGE_DRIVER === 's3'
          ? {
              endpoint: env.S3_ENDPOINT,
              bucket: env.S3_BUCKET!,
              accessKeyId: env.S3_ACCESS_KEY_ID!,
              secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
              region: env.S3_REGION ?? 'us-east-1',
              // Self-hosted stores (MinIO, Ceph) rarely have a DNS name per bucket; AWS itself prefers host names.
              forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
            }
          : undefined,
    },
    documents: { sweepSeconds: env.DOCUMENTS_SWEEP_SECONDS ?? 60 },
    publicCache: {
      maxBytes: (env.PUBLIC_CACHE_MB ?? 64) * 1024 * 1024,
      ttlSeconds: env.PUBLIC_CACHE_TTL_SECONDS ?? 60,
      freshness: env.PUBLIC_CACHE_FRESHNESS ?? 'notify',
      recheckSeconds: env.PUBLIC_CACHE_RECHECK_SECONDS ?? 10,
    },
    readModelCache: { maxBytes: (env.READ_MODEL_CACHE_MB ?? 16) * 1024 * 1024 },
    memory: { heapGrowthPercent: env.HEAP_GROWTH_PERCENT ?? DEFAULT_HEAP_GROWTH_PERCENT },
    auth: {
      operatorEmail: env.OPERATOR_EMAIL?.toLowerCase(),
      operatorPassword: env.OPERATOR_PASSWORD,
      sessionTtlHours: env.SESSION_TTL_HOURS ?? 12,
      loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 5,
      loginWindowMinutes: env.LOGIN_WINDOW_MINUTES ?? 15,
      argon2MemoryKib: env.ARGON2_MEMORY_KIB ?? 19456,
    },
    demo: { loadWhenEmpty: env.DEMO_DATA ?? true },
    mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM ?? 'Ratsinfo <noreply@localhost>' },
    alerts: {
      secret: env.ALERT_SECRET ?? DEVELOPMENT_ALERT_SECRET,
      workerEnabled: env.ALERT_WORKER ?? nodeEnv !== 'test',
      workerIntervalSeconds: env.ALERT_WORKER_INTERVAL_SECONDS ?? 60,
      confirmHours: env.ALERT_CONFIRM_HOURS ?? 48,
    },
    participation: { altchaHmacKey: env.ALTCHA_HMAC_KEY ?? env.ALERT_SECRET ?? DEVELOPMENT_ALTCHA_KEY },
  };
}
