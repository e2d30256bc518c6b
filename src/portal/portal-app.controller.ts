import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { PortalPageService } from 'src/portal/portal-page.service';

/** The portal's accent colour and page background (templates/portal/assets/portal.css). */
const THEME_COLOR = '#00577a';
const BACKGROUND_COLOR = '#ffffff';

/**
 * What makes the members' area an installable web app that works offline: the manifest, linked
 * from every page, and the service worker (templates/portal/assets/sw.js), which must be served
 * from the root so that its scope is the whole site. Both are the same for everyone.
 */
@ApiExcludeController()
@Controller()
export class PortalAppController {
  constructor(private readonly pages: PortalPageService) {}

  @Get('manifest.webmanifest')
  @RequireAccess(Access.Public)
  manifest(@Res() reply: FastifyReply) {
    const { icon192, icon512 } = this.pages.assets.urls;
    return reply
      .header('content-type', 'application/manifest+json; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send({
        name: 'Ratsinformation – Mein Bereich',
        short_name: 'Mein Bereich',
        description: 'Sitzungen, Unterlagen und Notizen für Ratsmitglieder, auch für unterwegs.',
        lang: 'de',
        dir: 'ltr',
        start_url: '/mein-bereich',
        scope: '/',
        display: 'standalone',
        theme_color: THEME_COLOR,
        background_color: BACKGROUND_COLOR,
        icons: [
          { src: icon192, sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: icon512, sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: icon512, sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      });
  }

  @Get('sw.js')
  @RequireAccess(Access.Public)
  serviceWorker(@Res() reply: FastifyReply) {
    const worker = this.pages.assets.serviceWorker;
    // The browser checks for a new worker on every navigation; no-cache makes it ask the server.
    return reply
      .header('content-type', worker.contentType)
      .header('cache-control', 'no-cache')
      .header('service-worker-allowed', '/')
      .send(worker.content);
  }
}
