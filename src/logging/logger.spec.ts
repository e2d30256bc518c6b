import { Writable } from 'node:stream';
import { createLogger, redactUrl } from 'src/logging/logger';

describe('redactUrl', () => {
  it('hides personal calendar tokens and token parameters, keeps the rest', () => {
    expect(redactUrl('/lindenbach/mein-kalender/AbC-123_xyz.ics')).toBe('/lindenbach/mein-kalender/[redacted].ics');
    expect(redactUrl('/lindenbach/benachrichtigungen/bestaetigen?token=s3cr3t&x=1')).toBe(
      '/lindenbach/benachrichtigungen/bestaetigen?token=[redacted]&x=1',
    );
    expect(redactUrl('/lindenbach/sitzungen?seite=2')).toBe('/lindenbach/sitzungen?seite=2');
    expect(redactUrl('/konto/passwort/AbC-123_xyz')).toBe('/konto/passwort/[redacted]');
  });

  it('is applied to the request a log line carries', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ req: { method: 'GET', url: '/x/mein-kalender/geheim.ics', id: 'r1' } }, 'request');
    expect(lines.join('')).toContain('/x/mein-kalender/[redacted].ics');
    expect(lines.join('')).not.toContain('geheim');
    logger.error({ url: '/konto/passwort/geheim?x=1' }, 'Unhandled error');
    expect(lines.join('')).toContain('/konto/passwort/[redacted]?x=1');
    expect(lines.join('')).not.toContain('geheim');
  });
});
