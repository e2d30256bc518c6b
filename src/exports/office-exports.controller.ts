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
import { renderOfficePage } from 'src/office/office-page';
import { PortalPageService } from 'src/portal/portal-page.service';

/**
 * The council office's export, `/{bodyKey}/verwaltung/export`: the same form and files as the
 * portal's, with everything of the body (non-public items, their votes, confidential papers,
 * drafts) and the columns that tell public from non-public.
 */
@ApiExcludeController()
@Controller(':bodyKey/verwaltung/export')
export class OfficeExportsController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly exports: ExportsService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyAdmin)
  async page(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Query() query: ExportQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const form = asksForExport(query) ? parseExportQuery(query, EXPORT_DATA_SETS) : null;
    if (form?.request) return sendExport(this.exports, reply, body, viewer, 'office', form.request);
    const context = exportFormContext(form, EXPORT_DATA_SETS, 'Daten exportieren');
    return renderOfficePage(
      this.pages,
      { request, reply, viewer, body },
      'office/export.njk',
      `${context.pageTitle} – Sitzungsdienst`,
      [{ label: 'Export' }],
      { ...context, path: `/${body.key}/verwaltung/export` },
      form ? 400 : 200,
    );
  }
}
