import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFile } from 'node:fs/promises';
import { Access, RequireAccess } from 'src/auth/access';
import { DomainError } from 'src/common/domain-error';
import { ifNoneMatchHits } from 'src/common/http-cache';
import { PortalPageService } from 'src/portal/portal-page.service';

/**
 * The portal's style sheet and scripts: under their versioned names cached for a year, under their
 * plain names for a day. pdf.js's folders carry its version in the address instead.
 */
@ApiExcludeController()
@Controller('static')
export class PortalAssetsController {
  constructor(private readonly pages: PortalPageService) {}

  @Get(':name')
  @RequireAccess(Access.Public)
  file(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const found = this.pages.assets.find(name);
    if (!found) throw DomainError.notFound('File');
    const etag = `"${found.asset.versionedName}"`;
    void reply
      .header('content-type', found.asset.contentType)
      .header('cache-control', found.versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=86400')
      .header('etag', etag);
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(found.asset.content);
  }

  @Get('pdfjs/:version/:folder/:name')
  @RequireAccess(Access.Public)
  async pdfjsFile(
    @Param('version') version: string,
    @Param('folder') folder: string,
    @Param('name') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const found = this.pages.assets.pdfjsDirectories.find(version, folder, name);
    if (!found) throw DomainError.notFound('File');
    const etag = `"pdfjs-${version}-${folder}-${name}"`;
    void reply
      .header('content-type', found.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', etag);
    if (ifNoneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304).send();
    return reply.send(await readFile(found.path));
  }
}
