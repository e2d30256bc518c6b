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
});
