import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ListBodyPipe } from 'src/common/list-body.pipe';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ConflictsService } from 'src/votes/conflicts.service';
import { AgendaItemParamsDto, ConflictEntryDto, ConflictResponseDto, toConflictResponse } from 'src/votes/votes.dto';

@ApiTags('Votes')
@Controller('api/v1/bodies/:bodyKey/meetings/:meetingId/agenda-items/:itemId/conflicts')
export class ConflictsController {
  constructor(private readonly service: ConflictsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [ConflictResponseDto] })
  async list(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ConflictResponseDto[]> {
    return (await this.service.list(body.id, params.meetingId, params.itemId, viewer)).map(toConflictResponse);
  }

  @Put()
  @RequireAccess(Access.BodyAdmin)
  @ApiBody({ type: [ConflictEntryDto] })
  @ApiOkResponse({ type: [ConflictResponseDto], description: 'The item’s conflicts of interest after the change' })
  async replace(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body(new ListBodyPipe(ConflictEntryDto)) entries: ConflictEntryDto[],
  ): Promise<ConflictResponseDto[]> {
    return (await this.service.replace(body.id, params.meetingId, params.itemId, actor, entries)).map(toConflictResponse);
  }
}
