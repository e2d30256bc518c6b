import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CalendarService } from 'src/calendar/calendar.service';
import { sendCached } from 'src/common/http-cache';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
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
  constructor(
    private readonly feeds: FeedsService,
    private readonly calendars: CalendarService,
  ) {}

  @Get('feed.atom')
  @RequireAccess(Access.Public)
  bodyAtom(@Param() params: BodyParamsDto, @Query() query: FeedQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(request, reply, params.bodyKey, 'atom', query);
  }

  @Get('feed.rss')
  @RequireAccess(Access.Public)
  bodyRss(@Param() params: BodyParamsDto, @Query() query: FeedQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.send(request, reply, params.bodyKey, 'rss', query);
  }

  @Get('gremien/:id/feed.atom')
  @RequireAccess(Access.Public)
  organizationAtom(
    @Param() params: BodyIdParamsDto,
    @Query() query: FeedQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.send(request, reply, params.bodyKey, 'atom', query, params.id);
  }

  @Get('gremien/:id/feed.rss')
  @RequireAccess(Access.Public)
  organizationRss(
    @Param() params: BodyIdParamsDto,
    @Query() query: FeedQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.send(request, reply, params.bodyKey, 'rss', query, params.id);
  }

  private async send(
    request: FastifyRequest,
    reply: FastifyReply,
    bodyKey: string,
    format: FeedFormat,
    query: FeedQueryDto,
    organizationId?: string,
  ): Promise<void> {
    const body = await this.calendars.findBody(bodyKey);
    const organization = organizationId ? await this.feeds.organization(body, organizationId) : undefined;
    const xml = await this.feeds.render(body, format, query.art, organization);
    sendCached(request, reply, { contentType: CONTENT_TYPE[format], scope: 'public', body: xml });
  }
}
