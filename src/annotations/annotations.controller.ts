import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AnnotationQueryDto,
  AnnotationResponseDto,
  CreateAnnotationDto,
  DeleteAnnotationQueryDto,
  toAnnotationResponse,
  UpdateAnnotationDto,
} from 'src/annotations/annotations.dto';
import { AnnotationsService } from 'src/annotations/annotations.service';
import { Access, RequireAccess } from 'src/auth/access';
import type { Actor, Principal, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentPrincipal, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';

/**
 * A council member's notes and highlights, for apps and the workspace's own pages: private or
 * shared with the member's faction. Members only; the council office and the operator get 403,
 * another member's private note is not found.
 */
@ApiTags('Annotations')
@Controller('api/v1/bodies/:bodyKey/annotations')
export class AnnotationsController {
  constructor(private readonly service: AnnotationsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: AnnotationResponseDto, isArray: true, description: 'Your notes and your faction’s, oldest change first' })
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnnotationQueryDto,
  ): Promise<{ data: AnnotationResponseDto[] }> {
    const rows = await this.service.list(body, { viewer, principal }, query);
    return { data: rows.map((r) => toAnnotationResponse(r, principal.accountId)) };
  }

  @Get('export')
  @RequireAccess(Access.BodyReader)
  @ApiProduces('text/markdown')
  @Header('content-type', 'text/markdown; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="notizen.md"')
  @Header('cache-control', 'private, no-store')
  @ApiOkResponse({ description: 'Your notes and your faction’s as one Markdown document' })
  exportMarkdown(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    return this.service.exportMarkdown(body, { viewer, principal });
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: AnnotationResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AnnotationResponseDto> {
    return toAnnotationResponse(await this.service.get(body, { viewer, principal }, params.id), principal.accountId);
  }

  @Post()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: AnnotationResponseDto, description: 'The note; sent again with the same id, the first one' })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateAnnotationDto,
  ): Promise<AnnotationResponseDto> {
    return toAnnotationResponse(await this.service.create(body, { viewer, principal }, actor, dto), principal.accountId);
  }

  @Patch(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: AnnotationResponseDto, description: '409 with the current version when the note changed since you read it' })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateAnnotationDto,
  ): Promise<AnnotationResponseDto> {
    return toAnnotationResponse(await this.service.update(body, { viewer, principal }, actor, params.id, dto), principal.accountId);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyReader)
  async remove(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @CurrentPrincipal() principal: Principal,
    @CurrentActor() actor: Actor,
    @Query() query: DeleteAnnotationQueryDto,
  ): Promise<void> {
    await this.service.remove(body, { viewer, principal }, actor, params.id, query.version);
  }
}
