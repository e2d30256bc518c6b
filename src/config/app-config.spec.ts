import { ConfigError, loadConfig } from 'src/config/app-config';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://localhost:3000');
    expect(config.db.url).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.demo.loadWhenEmpty).toBe(true);
  });

  it('parses and normalises the variables it is given', () => {
    const config = loadConfig({
      PORT: '8080',
      PUBLIC_URL: 'https://ris.example.org/',
      DATABASE_URL: 'postgres://u:p@db:5432/ris',
      DEMO_DATA: 'false',
      OPERATOR_EMAIL: 'Betrieb@Example.org',
      OPERATOR_PASSWORD: 'a-long-enough-secret',
    });
    expect(config.http.port).toBe(8080);
    expect(config.http.publicUrl).toBe('https://ris.example.org');
    expect(config.db.url).toBe('postgres://u:p@db:5432/ris');
    expect(config.demo.loadWhenEmpty).toBe(false);
    expect(config.auth.operatorEmail).toBe('betrieb@example.org');
  });

  it('shares the pool size between the app and the prepared reads, unless a pooler is in front', () => {
    const sizes = (env: NodeJS.ProcessEnv) => {
      const { poolSize, readPoolSize } = loadConfig(env).db;
      return [poolSize, readPoolSize];
    };
    expect(sizes({})).toEqual([5, 5]);
    expect(sizes({ DATABASE_POOL_SIZE: '7' })).toEqual([4, 3]);
    expect(sizes({ DATABASE_POOL_SIZE: '1' })).toEqual([1, 1]);
    expect(sizes({ DATABASE_POOLER: 'transaction' })).toEqual([10, 0]);
    expect(() => loadConfig({ DATABASE_POOLER: 'session' })).toThrow(ConfigError);
  });

  it('bounds the heap growth by default, leaves it to V8 at 0 and refuses what is no percentage', () => {
    expect(loadConfig({}).memory.heapGrowthPercent).toBe(50);
    expect(loadConfig({ HEAP_GROWTH_PERCENT: '0' }).memory.heapGrowthPercent).toBe(0);
    for (const bad of ['viel', '-5', '1000', '12.5']) {
      expect(() => loadConfig({ HEAP_GROWTH_PERCENT: bad })).toThrow(/HEAP_GROWTH_PERCENT/);
    }
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', MEILI_URL: 'http://meili:7700', OPERATOR_EMAIL: 'not-an-address' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(problems).toEqual(expect.arrayContaining(['DATABASE_URL', 'MEILI_KEY', 'OPERATOR_EMAIL', 'OPERATOR_PASSWORD', 'PORT']));
  });

  it('keeps files locally by default and wants every S3 variable with the s3 driver', () => {
    expect(loadConfig({}).storage).toMatchObject({ driver: 'local', s3: undefined });
    let error: unknown;
    try {
      loadConfig({ STORAGE_DRIVER: 's3', S3_ENDPOINT: 'minio:9000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'S3_ACCESS_KEY_ID',
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_SECRET_ACCESS_KEY',
    ]);
    expect((error as ConfigError).message).toMatch(/S3_BUCKET: must be set when STORAGE_DRIVER is s3/);
    expect(() => loadConfig({ STORAGE_DRIVER: 'ftp' })).toThrow(/STORAGE_DRIVER/);
    expect(() => loadConfig({ S3_BUCKET: 'Mein_Bucket' })).toThrow(/S3_BUCKET must be 3–63 lower-case/);

    const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'ratsinfo', S3_ACCESS_KEY_ID: 'key', S3_SECRET_ACCESS_KEY: 'secret' };
    expect(loadConfig({ ...s3, S3_ENDPOINT: 'http://minio:9000' }).storage).toMatchObject({
      driver: 's3',
      s3: { endpoint: 'http://minio:9000', bucket: 'ratsinfo', region: 'us-east-1', forcePathStyle: true },
    });
    expect(loadConfig({ ...s3, S3_REGION: 'eu-central-1' }).storage.s3).toMatchObject({ endpoint: undefined, forcePathStyle: false });
    expect(loadConfig({ ...s3, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'false' }).storage.s3?.forcePathStyle).toBe(false);
  });

  it('reads the mail and alert settings, and wants a signing secret for mail in production', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'Rat <rat@example.org>', ALERT_WORKER: 'false' });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://mail.example:587', from: 'Rat <rat@example.org>' });
    expect(config.alerts).toMatchObject({ workerEnabled: false, workerIntervalSeconds: 60, confirmHours: 48 });
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example' })).toThrow(/ALERT_SECRET/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example', ALERT_SECRET: 'short' })).toThrow(ConfigError);
  });
});
