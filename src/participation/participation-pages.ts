import type { FastifyReply } from 'fastify';
import type { Body } from 'src/bodies/body.entity';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';

export interface Crumb {
  label: string;
  href?: string;
}

/**
 * Renders a page of the residents' forms and private links on the portal layout, below the body
 * and the crumbs of its part (`trail`). Never cached: form tokens, personal links, and deadlines
 * that pass while a page would be kept.
 */
export async function renderResidentPage(
  pages: PortalPageService,
  reply: FastifyReply,
  body: Body,
  trail: Crumb[],
  template: string,
  pageTitle: string,
  status: number,
  context: Record<string, unknown>,
): Promise<void> {
  const request = reply.request;
  await pages.render(
    request,
    reply,
    template,
    {
      ...context,
      pageTitle,
      body: toBodyView(body),
      breadcrumbs: [{ label: body.name, href: `/${body.key}/` }, ...trail, { label: pageTitle }],
    },
    request.viewer,
    { status, personal: true },
  );
}

/** Everything stored of a submission, for its sender, as a download (`name.txt` or `name.json`). */
export async function sendOwnData(reply: FastifyReply, name: string, format: 'json' | 'text', content: string): Promise<void> {
  await reply
    .status(200)
    .header('Cache-Control', 'no-store')
    .header('Content-Type', format === 'json' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}.${format === 'json' ? 'json' : 'txt'}"`)
    .send(content);
}
