import { ParsedMail } from 'mailparser';
import { startSmtp } from './smtp';
import { createTestApp, TestApp } from './test-app';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

// altcha-lib's CommonJS build; its types are those of the ES module build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const altcha = require('altcha-lib') as {
  solveChallenge(options: { challenge: unknown; deriveKey: unknown }): Promise<{ counter: number; derivedKey: string } | null>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deriveKey } = require('altcha-lib/algorithms/sha') as { deriveKey: unknown };

export interface OpenedForm {
  csrf: string;
  cookie: string;
  html: string;
  /** The solved proof-of-work, as the widget sends it; empty when not solved. */
  altcha: string;
}

/** Opens a residents' form like a browser and solves its proof-of-work as the ALTCHA widget would. */
export async function openResidentForm(t: TestApp, path: string, solve = true): Promise<OpenedForm> {
  const res = await t.http().get(path).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
  const cookies = res.headers['set-cookie'] as unknown as string[] | undefined;
  const challengeAttr = /<altcha-widget challenge="([^"]+)"/.exec(res.text)?.[1];
  if (!csrf || !cookies || !challengeAttr) throw new Error('The form carries no CSRF token or challenge');
  const challenge = JSON.parse(challengeAttr.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as unknown;
  let payload = '';
  if (solve) {
    const solution = await altcha.solveChallenge({ challenge, deriveKey });
    payload = Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
  }
  return { csrf, cookie: cookies.map((c) => c.split(';')[0]).join('; '), html: res.text, altcha: payload };
}

/** Sends a residents' form as the browser that opened it, with an empty honeypot; `expected` null takes any status. */
export function sendResidentForm(t: TestApp, path: string, form: OpenedForm, fields: Record<string, string>, expected: number | null) {
  const sent = t
    .http()
    .post(path)
    .set('Cookie', form.cookie)
    .type('form')
    .send({ _csrf: form.csrf, altcha: form.altcha, website: '', ...fields });
  return expected === null ? sent.ok(() => true) : sent.expect(expected);
}

/** The path of the first link in a mail whose path matches, e.g. `/beteiligung/bestaetigen`. */
export function mailLink(mail: ParsedMail, pathPart: string): string {
  const escaped = pathPart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`http://ratsinfo\\.test(/\\S*${escaped}\\?token=\\S+)`).exec(mail.text ?? '');
  if (!match) throw new Error(`No link to ${pathPart} in:\n${mail.text}`);
  return match[1];
}

/** The application with a real SMTP server behind its mail queue, as the residents' forms need it. */
export async function startAppWithMail(): Promise<{ t: TestApp; smtp: Smtp }> {
  const smtp = await startSmtp();
  const t = await createTestApp({
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    MAIL_FROM: 'Ratsinfo <noreply@ratsinfo.test>',
    LOG_LEVEL: 'error',
  });
  return { t, smtp };
}
