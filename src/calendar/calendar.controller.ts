import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { PersonalCalendarParamsDto } from 'src/calendar/calendar.dto';
import { CalendarService } from 'src/calendar/calendar.service';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';
import { sendCached } from 'src/common/http-cache';
import { BodyIdParamsDto } from 'src/common/id-params.dto';

const ICS = 'text/calendar; charset=utf-8';

/** iCalendar subscriptions (`webcal:`): public ones for anyone, a personal one per secret token. */
@ApiExcludeController()
@Controller(':bodyKey')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly tokens: CalendarTokensService,
  ) {}

  @Get('kalender.ics')
  @RequireAccess(Access.Public)
  async body(@CurrentBody() body: Body, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendCached(request, reply, { contentType: ICS, scope: 'public', body: await this.calendars.bodyCalendar(body) });
  }

  @Get('gremien/:id/kalender.ics')
  @RequireAccess(Access.Public)
  async organization(
    @CurrentBody() body: Body,
    @Param() params: BodyIdParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendCached(request, reply, { contentType: ICS, scope: 'public', body: await this.calendars.organizationCalendar(body, params.id) });
  }

  @Get('personen/:id/kalender.ics')
  @RequireAccess(Access.Public)
  async person(
    @CurrentBody() body: Body,
    @Param() params: BodyIdParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendCached(request, reply, { contentType: ICS, scope: 'public', body: await this.calendars.personCalendar(body, params.id) });
  }

  /** The token is the only credential: calendar apps send no login. */
  @Get('mein-kalender/:file')
  @RequireAccess(Access.Public)
  async personal(
    @CurrentBody() body: Body,
    @Param() params: PersonalCalendarParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const viewer = await this.tokens.resolve(body, params.file.slice(0, -'.ics'.length));
    sendCached(request, reply, { contentType: ICS, scope: 'private', body: await this.calendars.memberCalendar(body, viewer) });
  }
}
