import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Viewer } from 'src/auth/actor';
import { CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { GeneratedDocumentResponseDto, toGeneratedDocumentResponse } from 'src/documents/documents.dto';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { MeetingContextService } from 'src/attendance/meeting-context.service';

@ApiTags('Documents')
@Controller('api/v1/bodies/:bodyKey/meetings/:id/documents')
export class DocumentsController {
  constructor(
    private readonly documents: MeetingDocumentsService,
    private readonly meetings: MeetingContextService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [GeneratedDocumentResponseDto], description: 'Generated PDFs of the meeting the viewer may download' })
  async list(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<GeneratedDocumentResponseDto[]> {
    await this.meetings.meeting(body.id, params.id, viewer);
    const rows = await this.documents.list(body.id, params.id, viewer);
    return rows.map((row) => toGeneratedDocumentResponse(row, (fileId, download) => this.documents.fileUrl(body.key, fileId, download)));
  }

  @Post()
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: [GeneratedDocumentResponseDto], description: 'Regenerates the documents now; returns all versions' })
  async regenerate(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality): Promise<GeneratedDocumentResponseDto[]> {
    await this.documents.enqueue(body.id, params.id);
    const viewer: Viewer = { kind: 'admin', bodyId: body.id };
    const rows = await this.documents.list(body.id, params.id, viewer);
    return rows.map((row) => toGeneratedDocumentResponse(row, (fileId, download) => this.documents.fileUrl(body.key, fileId, download)));
  }
}
