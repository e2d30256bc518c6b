import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { CurrentBody } from 'src/auth/current.decorators';
import type { Body } from 'src/bodies/body.entity';
import { OparlExceptionFilter } from 'src/oparl/oparl-exception.filter';
import { redirectOparl, sendOparl } from 'src/oparl/oparl-response';
import { OparlListParamsDto, OparlListQueryDto, OparlObjectParamsDto, OparlOrganizationListParamsDto } from 'src/oparl/oparl.dto';
import { OparlService } from 'src/oparl/oparl.service';

/**
 * OParl 1.1: a public channel. Every route serves what the public may see, whoever is logged
 * in, so a member's session never widens what reaches open-data consumers.
 */
@ApiExcludeController()
@UseFilters(OparlExceptionFilter)
@RequireAccess(Access.Public)
@Controller('oparl/v1.1')
export class OparlController {
  constructor(private readonly service: OparlService) {}

  @Get()
  async system(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendOparl(request, reply, await this.service.system());
  }

  @Get('bodies')
  async bodies(@Query() query: OparlListQueryDto, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendOparl(request, reply, await this.service.bodies(query));
  }

  @Get('bodies/:bodyKey')
  async body(@CurrentBody() body: Body, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    sendOparl(request, reply, await this.service.body(body.key));
  }

  @Get('bodies/:bodyKey/:segment')
  async list(
    @CurrentBody() body: Body,
    @Param() params: OparlListParamsDto,
    @Query() query: OparlListQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendOparl(request, reply, await this.service.list(body.key, params.segment, query));
  }

  @Get('bodies/:bodyKey/:segment/:id')
  async object(
    @CurrentBody() body: Body,
    @Param() params: OparlObjectParamsDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // One canonical URL per object (spec 2.4): other spellings are redirected there.
    const canonical = this.service.canonicalUrl(body.key, params.segment, params.id);
    if (canonical) return redirectOparl(reply, canonical);
    sendOparl(request, reply, await this.service.object(body.key, params.segment, params.id));
  }

  @Get('bodies/:bodyKey/organizations/:id/:list')
  async organizationList(
    @CurrentBody() body: Body,
    @Param() params: OparlOrganizationListParamsDto,
    @Query() query: OparlListQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    sendOparl(request, reply, await this.service.organizationList(body.key, params.id, params.list, query));
  }
}
