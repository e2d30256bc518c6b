import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { ApiPage } from 'src/common/api-page.decorator';
import { BodyIdParamsDto, BodyParamsDto } from 'src/common/id-params.dto';
import { Page, toPage } from 'src/common/pagination.dto';
import {
  CreateFileDto,
  CreateFileLinkDto,
  FileLinkParamsDto,
  FileQueryDto,
  FileResponseDto,
  toFileResponse,
  UpdateFileDto,
  UploadFileDto,
} from 'src/files/files.dto';
import { FilesService, FileView } from 'src/files/files.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { spoolMultipart } from 'src/files/multipart';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';

const toResponse = (v: FileView) => toFileResponse(v.file, v.links);

@ApiTags('Files')
@Controller('api/v1/bodies/:bodyKey/files')
export class FilesController {
  constructor(
    private readonly service: FilesService,
    private readonly uploads: FileUploadService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  @Post('upload')
  @RequireAccess(Access.BodyAdmin)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({ type: FileResponseDto, description: 'The stored file; 413 above the size limit, 415 for other types' })
  async upload(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<FileResponseDto> {
    const spooled = await spoolMultipart(request, this.storage.spoolDir);
    return toResponse(await this.uploads.upload(body.id, actor, spooled));
  }

  @Post(':id/versions')
  @RequireAccess(Access.BodyAdmin)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFileDto })
  @ApiCreatedResponse({
    type: FileResponseDto,
    description:
      'A new version of the document, in every place the old one had (same name and confidentiality); members’ notes move with it. ' +
      'The old version stays, attached to nothing (409 when it is attached to nothing, e.g. replaced already).',
  })
  async replace(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Req() request: FastifyRequest,
  ): Promise<FileResponseDto> {
    const spooled = await spoolMultipart(request, this.storage.spoolDir);
    return toResponse(await this.uploads.replace(body.id, actor, params.id, spooled));
  }

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiPage(FileResponseDto)
  async list(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
    @Query() query: FileQueryDto,
  ): Promise<Page<FileResponseDto>> {
    const [rows, total] = await this.service.list(body.id, viewer, query);
    return toPage(rows, total, query, toResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: FileResponseDto })
  async get(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<FileResponseDto> {
    return toResponse(await this.service.get(body.id, params.id, viewer));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: FileResponseDto })
  async create(
    @Param() _: BodyParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateFileDto,
  ): Promise<FileResponseDto> {
    return toResponse(await this.service.create(body.id, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: FileResponseDto })
  async update(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateFileDto,
  ): Promise<FileResponseDto> {
    return toResponse(await this.service.update(body.id, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }

  @Post(':id/links')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: FileResponseDto })
  async link(
    @Param() params: BodyIdParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateFileLinkDto,
  ): Promise<FileResponseDto> {
    return toResponse(await this.service.link(body.id, params.id, actor, dto));
  }

  @Delete(':id/links/:linkId')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: FileResponseDto })
  async unlink(
    @Param() params: FileLinkParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
  ): Promise<FileResponseDto> {
    return toResponse(await this.service.unlink(body.id, params.id, params.linkId, actor));
  }
}
