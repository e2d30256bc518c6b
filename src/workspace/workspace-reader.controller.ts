import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Principal, Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { isOfflineCopy } from 'src/reading/reading.service';
import { LABELS } from 'src/vocabulary/labels';
import { WorkspaceReaderService } from 'src/workspace/workspace-reader.service';

/**
 * The members' reader under `/{bodyKey}/mein-bereich/dokumente/{fileId}`: a PDF shown in the page
 * by pdf.js (templates/portal/assets/reader.mjs), with its text selectable and searchable. The
 * bytes come from the file's own address, under the same visibility rule as this page.
 */
@ApiExcludeController()
@Controller(':bodyKey/mein-bereich/dokumente')
export class WorkspaceReaderController {
  constructor(
    private readonly pages: PortalPageService,
    private readonly reader: WorkspaceReaderService,
  ) {}

  @Get(':fileId')
  @RequireAccess(Access.BodyReader)
  async show(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @Param('fileId') fileId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // A copy stored for offline use is not an opening of the document.
    const opener = isOfflineCopy(request.headers) ? undefined : principal;
    const document = await this.reader.open(body, viewer, opener, pathId(fileId, 'File'));
    return this.pages.render(
      request,
      reply,
      'workspace/reader.njk',
      {
        pageTitle: `${document.name} – ${LABELS.reader.title}`,
        body: toBodyView(body),
        breadcrumbs: [
          { label: 'Startseite', href: `/${body.key}/` },
          { label: LABELS.workspace.title, href: `/${body.key}/mein-bereich` },
          { label: document.name },
        ],
        document,
      },
      viewer,
      { personal: true },
    );
  }
}
