import { ApiProperty } from '@nestjs/swagger';
import { BaseEntity } from 'src/common/base.entity';

export class EntityResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  created: string;

  @ApiProperty({ type: String, format: 'date-time' })
  modified: string;
}

export const entityFields = (e: BaseEntity): EntityResponseDto => ({
  id: e.id,
  created: e.created.toISOString(),
  modified: e.modified.toISOString(),
});
