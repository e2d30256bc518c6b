import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one JSON shape of every API error. */
export class ErrorBody {
  @ApiProperty({ example: 422 })
  statusCode: number;

  @ApiProperty({ example: 'Unprocessable Entity' })
  error: string;

  @ApiProperty({ example: 'Validation failed' })
  message: string;

  @ApiPropertyOptional({ description: 'Per-field problems or other structured detail' })
  details?: unknown;

  @ApiProperty({ example: '0b6f3c1e-…' })
  requestId: string;
}
