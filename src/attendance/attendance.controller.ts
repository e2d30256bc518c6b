import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AttendanceEntryDto,
  AttendanceResponseDto,
  MeetingParamsDto,
  QuorumResponseDto,
  toAttendanceResponse,
  toQuorumResponse,
} from 'src/attendance/attendance.dto';
import { AttendanceService } from 'src/attendance/attendance.service';
import { ListBodyPipe } from 'src/common/list-body.pipe';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';

@ApiTags('Attendance')
@Controller('api/v1/bodies/:bodyKey/meetings/:meetingId')
export class AttendanceController {
  constructor(private readonly service: AttendanceService) {}

  @Get('attendance')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [AttendanceResponseDto] })
  async list(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<AttendanceResponseDto[]> {
    return (await this.service.list(body.id, params.meetingId, viewer)).map(toAttendanceResponse);
  }

  @Put('attendance')
  @RequireAccess(Access.BodyAdmin)
  @ApiBody({ type: [AttendanceEntryDto] })
  @ApiOkResponse({ type: [AttendanceResponseDto], description: 'The whole attendance of the meeting after the change' })
  async save(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body(new ListBodyPipe(AttendanceEntryDto)) entries: AttendanceEntryDto[],
  ): Promise<AttendanceResponseDto[]> {
    return (await this.service.save(body.id, params.meetingId, actor, entries)).map(toAttendanceResponse);
  }

  @Get('quorum')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: QuorumResponseDto })
  async quorum(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<QuorumResponseDto> {
    const { quorum, items } = await this.service.quorumOf(body, params.meetingId, viewer);
    return toQuorumResponse(params.meetingId, body, quorum, new Map(items.map((i) => [i.id, i.number])));
  }
}
