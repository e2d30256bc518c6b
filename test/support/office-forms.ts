import { TestApp } from './test-app';

export const session = (token: string) => `ratsinfo_session=${token}`;

/** A page's text as a reader gets it: tags dropped, entities of quotes resolved, spaces folded. */
export const pageText = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** What a browser holds after opening an office form: the cookies and the form's CSRF token. */
export async function formSession(t: TestApp, token: string, path: string): Promise<{ cookie: string; csrf: string }> {
  const page = await t.http().get(path).set('cookie', session(token)).expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
  if (!csrf) throw new Error(`No CSRF token on ${path}`);
  const secret = ([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith('_csrf='));
  return { cookie: [session(token), ...(secret ? [secret.split(';')[0]] : [])].join('; '), csrf };
}

/** Posts a form as that browser would, and expects the status. */
export async function postForm(t: TestApp, token: string, formPath: string, path: string, fields: Record<string, string>, status: number) {
  const form = await formSession(t, token, formPath);
  return t
    .http()
    .post(path)
    .set('cookie', form.cookie)
    .type('form')
    .send({ _csrf: form.csrf, ...fields })
    .expect(status);
}

/** One section of a page, by the id of its heading. */
export function section(html: string, id: string): string {
  const start = html.indexOf(`<section aria-labelledby="${id}">`);
  if (start < 0) throw new Error(`No section ${id}`);
  return html.slice(start, html.indexOf('</section>', start));
}
