import fastifyView from '@fastify/view';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { loginHref } from 'src/common/return-path';
import { installTemplateRuntime } from 'src/common/template-runtime';
import { LABELS } from 'src/vocabulary/labels';

/** `templates/` beside `src/` and `dist/`: the same path from ts-node, jest and the built server. */
export const TEMPLATES_DIR = join(__dirname, '..', '..', 'templates');

/** Autoescaping is on for every template: a value reaches the page as text unless a template says otherwise. */
const TEMPLATE_OPTIONS: nunjucks.ConfigureOptions = { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true };

/** Filters and globals every template may use (pages, mails); one place so all channels format alike. */
export function configureTemplates(environment: nunjucks.Environment): nunjucks.Environment {
  return environment.addFilter('loginHref', loginHref).addGlobal('labels', LABELS);
}

/** For rendering outside a request (mails, PDF texts). */
export function createTemplateEnvironment(): nunjucks.Environment {
  installTemplateRuntime();
  return configureTemplates(new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATES_DIR), TEMPLATE_OPTIONS));
}

/** Server-rendered HTML through `reply.view('portal/x.njk', context)`. */
export async function registerViews(app: NestFastifyApplication): Promise<void> {
  installTemplateRuntime();
  await app.register(fastifyView, {
    engine: { nunjucks },
    root: TEMPLATES_DIR,
    options: { ...TEMPLATE_OPTIONS, onConfigure: configureTemplates },
  });
}
