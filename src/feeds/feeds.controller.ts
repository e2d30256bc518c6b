import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { sendCached } from 'src/common/http-cache';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { FeedFormat, FeedQueryDto } from 'src/feeds/feeds.dto';
import { FeedsService } from 'src/feeds/feeds.service';

const CONTENT_TYPE: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

/** Public Atom and RSS feeds per body and per organization. */
@ApiExcludeController()
@Controller(':bodyKey')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Get('feed.atom')
  @RequireAccess(Access.Public)
  bodyAtom(@CurrentBody() body: Body, @Query() query: FeedQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(request, reply, body, 'atom', query);
  }

  @Get('feed.rss')
  @RequireAccess(Access.Public)
  bodyRss(@CurrentBody() body: Body, @Query() query: FeedQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(request, reply, body, 'rss', query);
  }

  @Get('gremien/:id/feed.atom')
  @RequireAccess(Access.Public)
  organizationAtom(
    @CurrentBody() body: Body,
    @Param() params: BodyIdParamsDto,
    @Query() query: FeedQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.send(request, reply, body, 'atom', query, params.id);
  }

  @Get('gremien/:id/feed.rss')
  @RequireAccess(Access.Public)
  organizationRss(
    @CurrentBody() body: Body,
    @Param() params: BodyIdParamsDto,
    @Query() query: FeedQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.send(request, reply, body, 'rss', query, params.id);
  }

  private async send(
    request: FastifyRequest,
    reply: FastifyReply,
    body: Body,
    format: FeedFormat,
    query: FeedQueryDto,
    organizationId?: string,
  ): Promise<void> {
    const organization = organizationId ? await this.feeds.organization(body, organizationId) : undefined;
    const xml = await this.feeds.render(body, format, query.art, organization);
    sendCached(request, reply, { contentType: CONTENT_TYPE[format], scope: 'public', body: xml });
  }
}
