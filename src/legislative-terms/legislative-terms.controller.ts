import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import type { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import {
  CreateLegislativeTermDto,
  LegislativeTermQueryDto,
  LegislativeTermResponseDto,
  toLegislativeTermResponse,
  UpdateLegislativeTermDto,
} from 'src/legislative-terms/legislative-terms.dto';
import { LegislativeTermsService } from 'src/legislative-terms/legislative-terms.service';

@ApiTags('Legislative terms')
@Controller('api/v1/bodies/:bodyKey/legislative-terms')
export class LegislativeTermsController {
  constructor(private readonly service: LegislativeTermsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(LegislativeTermResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @Query() query: LegislativeTermQueryDto,
  ): Promise<Page<LegislativeTermResponseDto>> {
    const [rows, total] = await this.service.list(body.id, query);
    return toPage(rows, total, query, toLegislativeTermResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: LegislativeTermResponseDto })
  async get(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality): Promise<LegislativeTermResponseDto> {
    return toLegislativeTermResponse(await this.service.get(body.id, params.id));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: LegislativeTermResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateLegislativeTermDto,
  ): Promise<LegislativeTermResponseDto> {
    return toLegislativeTermResponse(await this.service.create(body.id, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: LegislativeTermResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateLegislativeTermDto,
  ): Promise<LegislativeTermResponseDto> {
    return toLegislativeTermResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }
}
