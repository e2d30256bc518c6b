import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from 'src/auth/actor';
import type { Body } from 'src/bodies/body.entity';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { LABELS } from 'src/vocabulary/labels';

export interface Crumb {
  label: string;
  href?: string;
}

/** What every office page is rendered with: the body, its own title, breadcrumbs below "Sitzungsdienst", never cached. */
export interface OfficePage {
  request: FastifyRequest;
  reply: FastifyReply;
  viewer: Viewer;
  body: Body;
}

export function renderOfficePage(
  pages: PortalPageService,
  { request, reply, viewer, body }: OfficePage,
  template: string,
  pageTitle: string,
  crumbs: Crumb[],
  context: Record<string, unknown>,
  status = 200,
) {
  return pages.render(
    request,
    reply,
    template,
    {
      ...context,
      pageTitle,
      body: toBodyView(body),
      breadcrumbs: [{ label: 'Sitzungsdienst', href: `/${body.key}/verwaltung` }, ...crumbs],
    },
    viewer,
    { status, personal: true },
  );
}

/** A form whose CSRF token no longer matches: one sentence and the way back, nothing saved. */
export function renderExpiredForm(pages: PortalPageService, page: OfficePage, back: { href: string; text: string }) {
  return renderOfficePage(
    pages,
    page,
    'office/message.njk',
    'Formular abgelaufen – Sitzungsdienst',
    [],
    { heading: 'Formular abgelaufen', message: LABELS.form.expired, link: back },
    403,
  );
}
