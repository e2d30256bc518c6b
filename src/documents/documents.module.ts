import { Module } from '@nestjs/common';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { CoverSheetController } from 'src/documents/cover-sheet.controller';
import { DocumentsController } from 'src/documents/documents.controller';
import { GeneratedDocumentsRepository } from 'src/documents/generated-documents.repository';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { FilesModule } from 'src/files/files.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PapersModule } from 'src/papers/papers.module';

/** Generated PDFs: rendered after the meeting lifecycle's events (MeetingsModule), and on request. */
@Module({
  imports: [FilesModule, AttendanceModule, MeetingsModule, PapersModule],
  controllers: [DocumentsController, CoverSheetController],
  providers: [GeneratedDocumentsRepository, MeetingModelLoader, MeetingDocumentsService],
  exports: [MeetingDocumentsService],
})
export class DocumentsModule {}
