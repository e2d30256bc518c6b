import { Controller, Delete, HttpCode, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, RequireAccess } from 'src/auth/access';
import { Actor } from 'src/auth/actor';
import { CurrentActor, CurrentBody } from 'src/auth/current.decorators';
import { Body as Municipality } from 'src/bodies/body.entity';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { PaperDeletionService } from 'src/files/paper-deletion.service';

/** The papers API's delete route (see PaperDeletionService); its operation id stays that of PapersController. */
@ApiTags('Papers')
@Controller('api/v1/bodies/:bodyKey/papers')
export class PaperDeletionController {
  constructor(private readonly service: PaperDeletionService) {}

  @Delete(':id')
  @HttpCode(204)
  @RequireAccess(Access.BodyAdmin)
  @ApiOperation({ operationId: 'Papers_remove', summary: undefined })
  async remove(@Param() params: BodyIdParamsDto, @CurrentBody() body: Municipality, @CurrentActor() actor: Actor): Promise<void> {
    await this.service.remove(body.id, params.id, actor);
  }
}
