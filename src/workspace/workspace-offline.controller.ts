import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import type { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { pathId } from 'src/portal/portal-page.service';
import { WorkspaceOfflineService } from 'src/workspace/workspace-offline.service';

/**
 * `GET /{bodyKey}/mein-bereich/unterwegs/{meetingId}`: what "Für unterwegs speichern" stores of a
 * meeting (templates/portal/assets/offline.mjs), as JSON for the page's script. Never cached:
 * it names non-public documents, and it is asked again to find out whether the member may still
 * keep them.
 */
@ApiExcludeController()
@Controller(':bodyKey/mein-bereich/unterwegs')
export class WorkspaceOfflineController {
  constructor(private readonly offline: WorkspaceOfflineService) {}

  @Get(':meetingId')
  @RequireAccess(Access.BodyReader)
  async list(
    @CurrentBody() body: Body,
    @CurrentViewer() viewer: Viewer,
    @Param('meetingId') meetingId: string,
    @Res() reply: FastifyReply,
  ) {
    const list = await this.offline.list(body, viewer, pathId(meetingId, 'Meeting'));
    return reply.header('cache-control', 'private, no-store').header('vary', 'Cookie').send(list);
  }
}
