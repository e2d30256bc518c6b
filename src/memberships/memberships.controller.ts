import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import {
  CreateMembershipDto,
  MembershipQueryDto,
  MembershipResponseDto,
  toMembershipResponse,
  UpdateMembershipDto,
} from 'src/memberships/memberships.dto';
import { MembershipsService } from 'src/memberships/memberships.service';

@ApiTags('Memberships')
@Controller('api/v1/bodies/:bodyKey/memberships')
export class MembershipsController {
  constructor(private readonly service: MembershipsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(MembershipResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @Query() query: MembershipQueryDto,
  ): Promise<Page<MembershipResponseDto>> {
    const [rows, total] = await this.service.list(body.id, query);
    return toPage(rows, total, query, toMembershipResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: MembershipResponseDto })
  async get(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality): Promise<MembershipResponseDto> {
    return toMembershipResponse(await this.service.get(body.id, params.id));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MembershipResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateMembershipDto,
  ): Promise<MembershipResponseDto> {
    return toMembershipResponse(await this.service.create(body.id, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: MembershipResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateMembershipDto,
  ): Promise<MembershipResponseDto> {
    return toMembershipResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }
}
