import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import { CreatePaperDto, PaperQueryDto, PaperResponseDto, toPaperResponse, UpdatePaperDto } from 'src/papers/papers.dto';
import { PapersService, PaperView } from 'src/papers/papers.service';

const toResponse = (v: PaperView) => toPaperResponse(v.paper, v.details);

/** Deleting a paper takes its consultations and file links along: see PaperDeletionController. */
@ApiTags('Papers')
@Controller('api/v1/bodies/:bodyKey/papers')
export class PapersController {
  constructor(private readonly service: PapersService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(PaperResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Query() query: PaperQueryDto,
  ): Promise<Page<PaperResponseDto>> {
    const [rows, total] = await this.service.list(body.id, viewer, query);
    return toPage(rows, total, query, toResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: PaperResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PaperResponseDto> {
    return toResponse(await this.service.get(body.id, params.id, viewer));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PaperResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreatePaperDto,
  ): Promise<PaperResponseDto> {
    return toResponse(await this.service.create(body, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PaperResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdatePaperDto,
  ): Promise<PaperResponseDto> {
    return toResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Post(':id/release')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PaperResponseDto, description: 'Freigabe: a draft with a Beratungsfolge goes into consultation' })
  async release(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<PaperResponseDto> {
    return toResponse(await this.service.release(body.id, params.id, actor));
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PaperResponseDto })
  async withdraw(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<PaperResponseDto> {
    return toResponse(await this.service.withdraw(body.id, params.id, actor));
  }
}
