import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AgendaEditingService, AgendaWriteResult } from 'src/agenda/agenda-editing.service';
import {
  AddAgendaItemDto,
  AgendaEditDto,
  AgendaItemParamsDto,
  AgendaItemResponseDto,
  AgendaVersionResponseDto,
  AgendaWriteResponseDto,
  MeetingParamsDto,
  ReorderAgendaDto,
  toAgendaItemResponse,
  UpdateAgendaItemDto,
} from 'src/agenda/agenda.dto';
import { AgendaService } from 'src/agenda/agenda.service';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';

const toWriteResponse = (r: AgendaWriteResult): AgendaWriteResponseDto => ({
  meetingVersion: r.meeting.version,
  agendaVersion: r.meeting.agendaVersion,
  item: r.item ? toAgendaItemResponse(r.item) : null,
  items: r.items.map(toAgendaItemResponse),
});

@ApiTags('Agenda')
@Controller('api/v1/bodies/:bodyKey/meetings/:meetingId')
export class AgendaController {
  constructor(
    private readonly service: AgendaService,
    private readonly editing: AgendaEditingService,
  ) {}

  @Get('agenda-items')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [AgendaItemResponseDto] })
  async list(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<AgendaItemResponseDto[]> {
    return (await this.service.list(body.id, params.meetingId, viewer)).map(toAgendaItemResponse);
  }

  @Get('agenda-items/:id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: AgendaItemResponseDto })
  async get(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<AgendaItemResponseDto> {
    return toAgendaItemResponse(await this.service.get(body.id, params.meetingId, params.id, viewer));
  }

  @Post('agenda-items')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async add(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: AddAgendaItemDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.add(body, params.meetingId, actor, dto));
  }

  @Patch('agenda-items/:id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async update(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateAgendaItemDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.update(body, params.meetingId, params.id, actor, dto));
  }

  @Post('agenda-items/:id/withdraw')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async withdraw(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: AgendaEditDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.withdraw(body, params.meetingId, params.id, actor, dto.version));
  }

  @Post('agenda-items/:id/restore')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async restore(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: AgendaEditDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.restore(body, params.meetingId, params.id, actor, dto.version));
  }

  @Delete('agenda-items/:id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async remove(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: AgendaEditDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.remove(body, params.meetingId, params.id, actor, dto.version));
  }

  @Post('agenda/reorder')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaWriteResponseDto })
  async reorder(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: ReorderAgendaDto,
  ): Promise<AgendaWriteResponseDto> {
    return toWriteResponse(await this.editing.reorder(body, params.meetingId, actor, dto));
  }

  @Get('agenda-versions')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [AgendaVersionResponseDto] })
  versions(
    @Param() params: MeetingParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<AgendaVersionResponseDto[]> {
    return this.service.versions(body.id, params.meetingId, viewer);
  }
}
