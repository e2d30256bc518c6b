import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { exportFormContext, sendExport } from 'src/exports/export-page';
import { asksForExport, EXPORT_DATA_SETS, ExportQueryDto, parseExportQuery } from 'src/exports/exports.dto';
import { ExportsService } from 'src/exports/exports.service';
import { PortalPageService, toBodyView } from 'src/portal/portal-page.service';

const PUBLIC_VIEWER: Viewer = { kind: 'public' };

/**
 * The citizens' portal's export, `/{bodyKey}/export`: a GET form (data set, format, from, until)
 * whose submission is the download. It always reads as the public viewer, whoever is logged in:
 * a file saved from the portal holds only what the portal shows everyone.
 */
@ApiExcludeController()
@Controller(':bodyKey/export')
export class ExportsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly exports: ExportsService,
  ) {}

  @Get()
  @RequireAccess(Access.Public)
  async page(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: ExportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const form = asksForExport(query) ? parseExportQuery(query, EXPORT_DATA_SETS) : null;
    if (form?.request) return sendExport(this.exports, reply, body, PUBLIC_VIEWER, 'public', form.request);
    return this.pages.render(
      request,
      reply,
      'portal/export.njk',
      {
        ...exportFormContext(form, EXPORT_DATA_SETS, 'Daten herunterladen'),
        body: toBodyView(body),
        breadcrumbs: [{ label: body.name, href: `/${body.key}` }, { label: 'Daten herunterladen' }],
        path: `/${body.key}/export`,
      },
      viewer,
      { status: form ? 400 : 200 },
    );
  }
}
