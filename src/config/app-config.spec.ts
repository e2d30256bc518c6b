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

  it('reads the mail and alert settings, and wants a signing secret for mail in production', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://mail.example:587', MAIL_FROM: 'Rat <rat@example.org>', ALERT_WORKER: 'false' });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://mail.example:587', from: 'Rat <rat@example.org>' });
    expect(config.alerts).toMatchObject({ workerEnabled: false, workerIntervalSeconds: 60, confirmHours: 48 });
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example' })).toThrow(/ALERT_SECRET/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example', ALERT_SECRET: 'short' })).toThrow(ConfigError);
  });
});
