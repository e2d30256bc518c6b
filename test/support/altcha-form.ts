import { TestApp } from './test-app';

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
  altcha: string;
}

/** Opens a residents' form (with ALTCHA) like a browser and solves its proof-of-work as the widget would. */
export async function openAltchaForm(t: TestApp, path: string, solve = true): Promise<OpenedForm> {
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
