import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Principal } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentPrincipal } from 'src/auth/current.decorators';
import { BodyResponseDto, CreateBodyDto, CreatedBodyResponseDto, toBodyResponse, UpdateBodyDto } from 'src/bodies/bodies.dto';
import { BodiesService } from 'src/bodies/bodies.service';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyParamsDto } from 'src/common/id-params.dto';
import { Page, PageQueryDto, toPage } from 'src/common/pagination.dto';

@ApiTags('Bodies')
@Controller('api/v1/bodies')
export class BodiesController {
  constructor(private readonly service: BodiesService) {}

  @Post()
  @RequireAccess(Access.Operator)
  @ApiOkResponse({ type: CreatedBodyResponseDto })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateBodyDto): Promise<CreatedBodyResponseDto> {
    const { body, adminAccountId } = await this.service.create(actor, dto);
    return { ...toBodyResponse(body), adminAccountId };
  }

  @Get()
  @RequireAccess(Access.Authenticated)
  @ApiPage(BodyResponseDto)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<Page<BodyResponseDto>> {
    const [rows, total] = await this.service.list(principal, query);
    return toPage(rows, total, query, toBodyResponse);
  }

  @Get(':bodyKey')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: BodyResponseDto })
  get(@Param() _: BodyParamsDto, @CurrentBody() body: Municipality): BodyResponseDto {
    return toBodyResponse(body);
  }

  @Patch(':bodyKey')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: BodyResponseDto })
  async update(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateBodyDto,
  ): Promise<BodyResponseDto> {
    return toBodyResponse(await this.service.update(body, actor, dto));
  }
}
