import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import type { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import {
  CreateLocationDto,
  LocationQueryDto,
  LocationResponseDto,
  toLocationResponse,
  UpdateLocationDto,
} from 'src/locations/locations.dto';
import { LocationsService } from 'src/locations/locations.service';

@ApiTags('Locations')
@Controller('api/v1/bodies/:bodyKey/locations')
export class LocationsController {
  constructor(private readonly service: LocationsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(LocationResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Query() query: LocationQueryDto,
  ): Promise<Page<LocationResponseDto>> {
    const [rows, total] = await this.service.list(body.id, query, viewer);
    return toPage(rows, total, query, toLocationResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: LocationResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<LocationResponseDto> {
    return toLocationResponse(await this.service.getVisible(body.id, params.id, viewer));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: LocationResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateLocationDto,
  ): Promise<LocationResponseDto> {
    return toLocationResponse(await this.service.create(body.id, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: LocationResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateLocationDto,
  ): Promise<LocationResponseDto> {
    return toLocationResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }
}
