import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor, Viewer } from 'src/auth/actor';
import { CurrentActor, CurrentBody, CurrentViewer } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import {
  ConsultationParamsDto,
  ConsultationResponseDto,
  CreateConsultationDto,
  PaperParamsDto,
  ReorderConsultationsDto,
  toConsultationResponse,
  UpdateConsultationDto,
} from 'src/consultations/consultations.dto';
import { ConsultationsService } from 'src/consultations/consultations.service';

@ApiTags('Consultations')
@Controller('api/v1/bodies/:bodyKey/papers/:paperId/consultations')
export class ConsultationsController {
  constructor(private readonly service: ConsultationsService) {}

  @Get()
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: [ConsultationResponseDto] })
  async list(
    @Param() params: PaperParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ConsultationResponseDto[]> {
    return (await this.service.list(body.id, params.paperId, viewer)).map(toConsultationResponse);
  }

  @Post('reorder')
  @HttpCode(200)
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: [ConsultationResponseDto] })
  async reorder(
    @Param() params: PaperParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: ReorderConsultationsDto,
  ): Promise<ConsultationResponseDto[]> {
    return (await this.service.reorder(body.id, params.paperId, actor, dto.ids)).map(toConsultationResponse);
  }

  @Get(':id')
  @RequireAccess(Access.BodyReader)
  @ApiOkResponse({ type: ConsultationResponseDto })
  async get(
    @Param() params: ConsultationParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ConsultationResponseDto> {
    return toConsultationResponse(await this.service.get(body.id, params.paperId, params.id, viewer));
  }

  @Post()
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: ConsultationResponseDto })
  async create(
    @Param() params: PaperParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: CreateConsultationDto,
  ): Promise<ConsultationResponseDto> {
    return toConsultationResponse(await this.service.create(body.id, params.paperId, actor, dto));
  }

  @Patch(':id')
  @RequireAccess(Access.BodyAdmin)
  @ApiOkResponse({ type: ConsultationResponseDto })
  async update(
    @Param() params: ConsultationParamsDto,
    @CurrentBody() body: Municipality,
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateConsultationDto,
  ): Promise<ConsultationResponseDto> {
    return toConsultationResponse(await this.service.update(body.id, params.paperId, params.id, actor, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  async remove(@Param() params: ConsultationParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.paperId, params.id, actor);
  }
}
