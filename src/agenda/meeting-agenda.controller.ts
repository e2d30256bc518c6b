import { Body, Controller, Delete, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeetingAgendaService } from 'src/agenda/meeting-agenda.service';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { MeetingResponseDto, MeetingVersionDto, toMeetingResponse, UpdateMeetingDto } from 'src/meetings/meetings.dto';
import type { MeetingView } from 'src/meetings/meetings.service';

const toResponse = (v: MeetingView) => toMeetingResponse(v.meeting, v.organizationIds);

/** These routes belong to the meetings API; their operation ids stay those of MeetingsController. */
const MeetingsOperation = (method: string) => ApiOperation({ operationId: `Meetings_${method}`, summary: undefined });

/**
 * The routes of the meetings API whose use case reaches into the agenda (see
 * MeetingAgendaService); the other meeting routes are in MeetingsController.
 */
@ApiTags('Meetings')
@Controller('api/v1/bodies/:bodyKey/meetings')
export class MeetingAgendaController {
  constructor(private readonly service: MeetingAgendaService) {}

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @MeetingsOperation('update')
  @ApiOkResponse({ type: MeetingResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateMeetingDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  @MeetingsOperation('remove')
  async remove(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: MeetingVersionDto,
  ): Promise<void> {
    await this.service.remove(body.id, params.id, actor, dto.version);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @MeetingsOperation('publish')
  @ApiOkResponse({ type: MeetingResponseDto })
  async publish(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: MeetingVersionDto,
  ): Promise<MeetingResponseDto> {
    return toResponse(await this.service.publish(body.id, params.id, actor, dto.version));
  }
}
