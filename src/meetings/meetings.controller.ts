import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import {
  ApproveMinutesDto,
  CreateMeetingDto,
  MeetingQueryDto,
  MeetingResponseDto,
  MeetingVersionDto,
  toMeetingResponse,
} from 'src/meetings/meetings.dto';
import { MeetingsService, MeetingView } from 'src/meetings/meetings.service';

const toResponse = (v: MeetingView) => toMeetingResponse(v.meeting, v.organizationIds);

/** Publishing, moving and deleting a meeting reach into its agenda: see MeetingAgendaController. */
@ApiTags('Meetings')
@Controller('api/v1/bodies/:bodyKey/meetings')
export class MeetingsController {
  constructor(
    private readonly service: MeetingsService,
    private readonly lifecycle: MeetingLifecycleService,
  ) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(MeetingResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Query() query: MeetingQueryDto,
  ): Promise<Page<MeetingResponseDto>> {
    const [rows, total] = await this.service.list(body.id, viewer, query);
    return toPage(rows, total, query, toResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: MeetingResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.service.get(body.id, params.id, viewer));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MeetingResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.service.create(body.id, actor, dto));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MeetingResponseDto })
  async cancel(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: MeetingVersionDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.lifecycle.cancel(body.id, params.id, actor, dto.version));
  }

  @Post(':id/held')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MeetingResponseDto })
  async held(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: MeetingVersionDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.lifecycle.held(body.id, params.id, actor, dto.version));
  }

  @Post(':id/approve-minutes')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MeetingResponseDto })
  async approveMinutes(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: ApproveMinutesDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.lifecycle.approveMinutes(body.id, params.id, actor, dto.version, dto.approvedInMeetingId));
  }
}
