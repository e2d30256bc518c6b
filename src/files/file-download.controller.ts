import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import { viewerFor } from 'src/auth/viewer';
import type { Body } from 'src/bodies/body.entity';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Disposition, FileDownloadService } from 'src/files/file-download.service';
import { isOfflineCopy, ReadingService } from 'src/reading/reading.service';

export class FileDownloadParamsDto extends BodyParamsDto {
  @IsUUID()
  fileId: string;
}

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A request for the whole document or its first bytes: the start of reading it. */
function fromTheStart(range: string | undefined): boolean {
  return range === undefined || /^bytes=0-/.test(range.trim());
}

/**
 * The addresses OParl gives as `accessUrl` (shown in the browser) and `downloadUrl` (saved).
 * Anyone may ask; the visibility rule decides, with the session cookie or token if present.
 */
@ApiExcludeController()
@Controller(':bodyKey/dateien')
export class FileDownloadController {
  constructor(
    private readonly downloads: FileDownloadService,
    private readonly reading: ReadingService,
  ) {}

  @Get(':fileId')
  @RequireAccess(Access.Public)
  access(
    @CurrentBody() body: Body,
    @Param() params: FileDownloadParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(body, params, request, reply, 'inline');
  }

  @Get(':fileId/download')
  @RequireAccess(Access.Public)
  download(
    @CurrentBody() body: Body,
    @Param() params: FileDownloadParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.send(body, params, request, reply, 'attachment');
  }

  private async send(
    body: Body,
    params: FileDownloadParamsDto,
    request: FastifyRequest,
    reply: FastifyReply,
    disposition: Disposition,
  ): Promise<void> {
    const result = await this.downloads.download(
      {
        bodyKey: body.key,
        fileId: params.fileId,
        principal: request.principal,
        range: header(request, 'range'),
        ifRange: header(request, 'if-range'),
        ifNoneMatch: header(request, 'if-none-match'),
        head: request.method === 'HEAD',
      },
      disposition,
    );
    // A member who got the document has opened it, for their workspace's "geöffnet": once per
    // opening, not again for each later range a reader asks for.
    if (result.status < 400 && request.method === 'GET' && !isOfflineCopy(request.headers) && fromTheStart(header(request, 'range')))
      await this.reading.openedFile({ viewer: viewerFor(request.principal, body), principal: request.principal }, params.fileId);
    await reply
      .status(result.status)
      .headers(result.headers)
      .send(result.body ?? '');
  }
}
