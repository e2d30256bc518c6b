import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { DomainError } from 'src/common/domain-error';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { renderCoverSheet } from 'src/documents/meeting-renderers';
import { contentDisposition } from 'src/files/file-download.service';

@ApiTags('Documents')
@Controller('api/v1/bodies/:bodyKey/papers/:id/cover-sheet')
export class CoverSheetController {
  constructor(private readonly loader: MeetingModelLoader) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'Deckblatt of the paper with its consultation path, as an accessible PDF' })
  async coverSheet(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const paper = await this.loader.paperModel(body.id, params.id, viewer);
    if (!paper) throw DomainError.notFound('Paper');
    const bytes = await renderCoverSheet(body.name, paper);
    await reply
      .status(200)
      .headers({
        'content-type': 'application/pdf',
        'content-disposition': contentDisposition('inline', `Deckblatt ${paper.reference ?? paper.name}.pdf`.replace(/[/\\]/g, '-')),
        'cache-control': 'private, no-store',
      })
      .send(bytes);
  }
}
