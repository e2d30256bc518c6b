import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ResultsService } from 'src/votes/results.service';
import {
  AgendaItemParamsDto,
  AgendaItemResultResponseDto,
  CreateVoteDto,
  RecordResultDto,
  toAgendaItemResultResponse,
  toVoteResponse,
  VoteParamsDto,
  VoteResponseDto,
} from 'src/votes/votes.dto';
import { VotesService } from 'src/votes/votes.service';

@ApiTags('Votes')
@Controller('api/v1/bodies/:bodyKey/meetings/:meetingId/agenda-items/:itemId')
export class VotesController {
  constructor(
    private readonly votes: VotesService,
    private readonly results: ResultsService,
  ) {}

  @Get('votes')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [VoteResponseDto] })
  async list(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<VoteResponseDto[]> {
    const votes = await this.votes.list(body.id, params.meetingId, params.itemId, viewer);
    return votes.map((v) => toVoteResponse(v.vote, v.casts));
  }

  @Post('votes')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: VoteResponseDto })
  async create(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateVoteDto,
  ): Promise<VoteResponseDto> {
    const { vote, casts } = await this.votes.create(body, params.meetingId, params.itemId, actor, dto);
    return toVoteResponse(vote, casts);
  }

  @Delete('votes/:voteId')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: VoteParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.votes.remove(body.id, params.meetingId, params.itemId, params.voteId, actor);
  }

  @Put('result')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: AgendaItemResultResponseDto })
  async recordResult(
    @Param() params: AgendaItemParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: RecordResultDto,
  ): Promise<AgendaItemResultResponseDto> {
    return toAgendaItemResultResponse(await this.results.record(body.id, params.meetingId, params.itemId, actor, dto));
  }
}
