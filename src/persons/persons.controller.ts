import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import { CreatePersonDto, PersonQueryDto, PersonResponseDto, toPersonResponse, UpdatePersonDto } from 'src/persons/persons.dto';
import { PersonsService } from 'src/persons/persons.service';

@ApiTags('Persons')
@Controller('api/v1/bodies/:bodyKey/persons')
export class PersonsController {
  constructor(private readonly service: PersonsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(PersonResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Query() query: PersonQueryDto,
  ): Promise<Page<PersonResponseDto>> {
    const [rows, total] = await this.service.list(body.id, query);
    return toPage(rows, total, query, (p) => toPersonResponse(p, viewer));
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: PersonResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<PersonResponseDto> {
    return toPersonResponse(await this.service.get(body.id, params.id), viewer);
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PersonResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Body() dto: CreatePersonDto,
  ): Promise<PersonResponseDto> {
    return toPersonResponse(await this.service.create(body.id, actor, dto), viewer);
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: PersonResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @CurrentViewer() viewer: Viewer,
    @Body() dto: UpdatePersonDto,
  ): Promise<PersonResponseDto> {
    return toPersonResponse(await this.service.update(body.id, params.id, actor, dto), viewer);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }
}
