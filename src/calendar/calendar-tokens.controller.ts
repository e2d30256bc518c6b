import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Principal, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import {
  CalendarTokenResponseDto,
  CreateCalendarTokenDto,
  CreatedCalendarTokenResponseDto,
  toCalendarTokenResponse,
} from 'src/calendar/calendar.dto';
import { toWebcal } from 'src/calendar/calendar-links';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { InjectConfig } from 'src/config/config.module';
import type { AppConfig } from 'src/config/app-config';

/** The logged-in member's secret calendar addresses. */
@ApiTags('Calendar')
@Controller('api/v1/bodies/:bodyKey/calendar-tokens')
export class CalendarTokensController {
  constructor(
    private readonly tokens: CalendarTokensService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [CalendarTokenResponseDto] })
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CalendarTokenResponseDto[]> {
    return (await this.tokens.list(body.id, principal.accountId)).map(toCalendarTokenResponse);
  }

  @Post()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: CreatedCalendarTokenResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateCalendarTokenDto,
  ): Promise<CreatedCalendarTokenResponseDto> {
    const { row, token } = await this.tokens.create(body.id, viewer, actor, dto.label ?? null);
    const url = `${this.config.http.publicUrl}/${body.key}/mein-kalender/${token}.ics`;
    return { ...toCalendarTokenResponse(row), token, url, webcalUrl: toWebcal(url) };
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyReader)
  async revoke(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.tokens.revoke(body.id, principal.accountId, params.id, actor);
  }
}
