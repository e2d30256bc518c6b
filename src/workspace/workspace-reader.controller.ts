import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AnnotationQueryDto } from 'src/annotations/annotations.dto';
import { AnnotationsService } from 'src/annotations/annotations.service';
import { csrfToken } from 'src/auth/csrf';
import { DomainError, ErrorCode } from 'src/common/domain-error';
import { noteView } from 'src/workspace/note-views';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Principal, Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { pathId, PortalPageService, toBodyView } from 'src/portal/portal-page.service';
import { isOfflineCopy } from 'src/reading/reading.service';
import { LABELS } from 'src/vocabulary/labels';
import { ReaderView, WorkspaceReaderService } from 'src/workspace/workspace-reader.service';

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
    private readonly notes: AnnotationsService,
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
    const id = pathId(fileId, 'File');
    // A copy stored for offline use is not an opening of the document.
    const opener = isOfflineCopy(request.headers) ? undefined : principal;
    let document: ReaderView;
    try {
      document = await this.reader.open(body, viewer, opener, id);
    } catch (error) {
      // A document replaced by a new version: its old address leads to the new one.
      const next = error instanceof DomainError && error.code === ErrorCode.NotFound ? await this.reader.successor(body, viewer, id) : null;
      if (!next) throw error;
      return reply.header('cache-control', 'no-store').redirect(`/${body.key}/mein-bereich/dokumente/${next}`, 303);
    }
    const taker = { viewer, principal };
    const member = viewer.kind === 'member';
    const [notes, factions] = member
      ? await Promise.all([
          this.notes.list(body, taker, Object.assign(new AnnotationQueryDto(), { fileId: id, limit: 1000 })),
          this.notes.factions(body, taker),
        ])
      : [[], []];
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
        member,
        notes: notes.map((row) => noteView(row, principal.accountId)),
        factions,
        csrf: csrfToken(reply),
        back: `/${body.key}/mein-bereich/dokumente/${id}`,
      },
      viewer,
      { personal: true },
    );
  }
}
