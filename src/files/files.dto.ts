import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsOptionalNotNull } from 'src/common/validation';
import { EntityResponseDto, entityFields } from 'src/common/entity-response.dto';
import { BodyIdParamsDto } from 'src/common/id-params.dto';
import { PageQueryDto } from 'src/common/pagination.dto';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { File } from 'src/files/file.entity';

export class CreateFileDto {
  @ApiProperty({ example: 'Anlage 1 Lageplan' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name: string;

  @ApiPropertyOptional({ example: 'anlage-1-lageplan.pdf' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  fileName?: string | null;

  @ApiPropertyOptional({ example: 'application/pdf' })
  @IsOptional()
  @Matches(/^[\w.+-]+\/[\w.+-]+$/, { message: 'mimeType must look like type/subtype' })
  @MaxLength(255)
  mimeType?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  date?: string | null;

  @ApiPropertyOptional({ minimum: 0, description: 'Bytes' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size?: number | null;

  @ApiPropertyOptional({ description: 'SHA-512 of the bytes, 128 hex digits' })
  @IsOptional()
  @Matches(/^[0-9a-fA-F]{128}$/, { message: 'sha512Checksum must be 128 hexadecimal digits' })
  sha512Checksum?: string | null;

  @ApiPropertyOptional({ description: 'Plain text of the document' })
  @IsOptional()
  @IsString()
  @MaxLength(5_000_000)
  text?: string | null;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  pageCount?: number | null;

  @ApiPropertyOptional({ default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  confidential?: boolean;

  @ApiPropertyOptional({ description: 'Licence of the file as a URL' })
  @IsOptional()
  @IsUrl()
  fileLicense?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl()
  externalServiceUrl?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'The file this one is derived from' })
  @IsOptional()
  @IsUUID()
  masterFileId?: string | null;
}

export class UpdateFileDto extends PartialType(CreateFileDto, { skipNullProperties: false }) {}

export class FileQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  paperId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;
}

export class CreateFileLinkDto {
  @ApiProperty({ enum: FileRole })
  @IsIn(Object.values(FileRole))
  role: FileRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Exactly one of meetingId, agendaItemId, paperId' })
  @IsOptionalNotNull()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  agendaItemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  paperId?: string;

  @ApiPropertyOptional({ minimum: 0, description: 'Order among the parent’s files; appended when left out' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  position?: number;
}

export class FileLinkParamsDto extends BodyIdParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  linkId: string;
}

export class FileLinkResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FileRole }) role: FileRole;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agendaItemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paperId: string | null;
  @ApiProperty() position: number;
}

export class FileResponseDto extends EntityResponseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true }) mimeType: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
  @ApiProperty({ type: Number, nullable: true }) size: number | null;
  @ApiProperty({ type: String, nullable: true }) sha512Checksum: string | null;
  @ApiProperty({ type: String, nullable: true }) text: string | null;
  @ApiProperty({ type: Number, nullable: true }) pageCount: number | null;
  @ApiProperty() confidential: boolean;
  @ApiProperty({ type: String, nullable: true }) fileLicense: string | null;
  @ApiProperty({ type: String, nullable: true }) externalServiceUrl: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) masterFileId: string | null;
  @ApiProperty({ description: 'Whether the bytes have been uploaded' }) hasContent: boolean;
  @ApiProperty({ type: [FileLinkResponseDto], description: 'The places the file is attached to that the viewer may see' })
  links: FileLinkResponseDto[];
}

/** A file as embedded in its parent (paper, meeting, agenda item). */
export class FileSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) linkId: string;
  @ApiProperty({ enum: FileRole }) role: FileRole;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true }) mimeType: string | null;
  @ApiProperty({ type: Number, nullable: true }) size: number | null;
  @ApiProperty() position: number;
  @ApiProperty({ type: String, format: 'date-time' }) modified: string;
}

export const toFileLinkResponse = (l: FileLink): FileLinkResponseDto => ({
  id: l.id,
  role: l.role,
  meetingId: l.meetingId,
  agendaItemId: l.agendaItemId,
  paperId: l.paperId,
  position: l.position,
});

export const toFileResponse = (f: File, links: FileLink[]): FileResponseDto => ({
  ...entityFields(f),
  name: f.name,
  fileName: f.fileName,
  mimeType: f.mimeType,
  date: f.date,
  size: f.size,
  sha512Checksum: f.sha512Checksum,
  text: f.text,
  pageCount: f.pageCount,
  confidential: f.confidential,
  fileLicense: f.fileLicense,
  externalServiceUrl: f.externalServiceUrl,
  masterFileId: f.masterFileId,
  hasContent: f.storageKey !== null,
  links: links.filter((l) => l.fileId === f.id).map(toFileLinkResponse),
});

export const toFileSummary = (link: FileLink & { file: File }): FileSummaryDto => ({
  id: link.file.id,
  linkId: link.id,
  role: link.role,
  name: link.file.name,
  fileName: link.file.fileName,
  mimeType: link.file.mimeType,
  size: link.file.size,
  position: link.position,
  modified: link.file.modified.toISOString(),
});

/** The text parts of an upload. */
export class UploadFileFieldsDto {
  @ApiPropertyOptional({ description: 'Display name; the uploaded file name without extension when left out' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  name?: string;

  @ApiPropertyOptional({
    enum: FileRole,
    description: 'Attach the file in this role; needs exactly one of meetingId, agendaItemId, paperId',
  })
  @IsOptional()
  @IsIn(Object.values(FileRole))
  role?: FileRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agendaItemId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  paperId?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  confidential?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  date?: string;
}

/** The multipart body of an upload, as documented: the text parts and `file`, the document itself. */
export class UploadFileDto extends UploadFileFieldsDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PDF, DOCX, ODT, XLSX, PNG or JPEG; the type is read from the bytes' })
  file: unknown;
}
