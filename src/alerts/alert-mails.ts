import nunjucks from 'nunjucks';
import { configureTemplates, createTemplateEnvironment, TEMPLATES_DIR } from 'src/common/views';

/**
 * Mail templates (templates/mail). HTML parts are autoescaped like every page; text parts are
 * plain text, where escaping would only put `&amp;` into the mail.
 */
const html = createTemplateEnvironment();
const text = configureTemplates(
  new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR), { autoescape: false, trimBlocks: true, lstripBlocks: true }),
);

export function renderMail(name: string, context: object): { text: string; html: string } {
  return { text: text.render(`mail/${name}.txt.njk`, context), html: html.render(`mail/${name}.html.njk`, context) };
}

/** RFC 2369 and RFC 8058: mail programs offer a one-click "unsubscribe" that POSTs to this URL. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
