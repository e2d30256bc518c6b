import { ApiProperty } from '@nestjs/swagger';
import { DocumentAudience, DocumentKind } from 'src/documents/generated-document.entity';
import { GeneratedDocumentView } from 'src/documents/meeting-documents.service';

export class GeneratedDocumentResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The id of the stored file' }) fileId: string;
  @ApiProperty({ enum: DocumentKind }) kind: DocumentKind;
  @ApiProperty({ enum: DocumentAudience }) audience: DocumentAudience;
  @ApiProperty() version: number;
  @ApiProperty({ description: 'Older versions are listed for the council office only' }) current: boolean;
  @ApiProperty() name: string;
  @ApiProperty() fileName: string;
  @ApiProperty() size: number;
  @ApiProperty({ type: Number, nullable: true }) pageCount: number | null;
  @ApiProperty({ format: 'date-time' }) created: string;
  @ApiProperty({ description: 'Opens the PDF in the browser' }) accessUrl: string;
  @ApiProperty({ description: 'Saves the PDF' }) downloadUrl: string;
}

export const toGeneratedDocumentResponse = (
  v: GeneratedDocumentView,
  url: (fileId: string, download: boolean) => string,
): GeneratedDocumentResponseDto => ({
  fileId: v.file.id,
  kind: v.document.kind,
  audience: v.document.audience,
  version: v.document.version,
  current: v.document.current,
  name: v.file.name,
  fileName: v.file.fileName ?? `${v.file.name}.pdf`,
  size: v.file.size ?? 0,
  pageCount: v.file.pageCount,
  created: v.document.created.toISOString(),
  accessUrl: url(v.file.id, false),
  downloadUrl: url(v.file.id, true),
});
