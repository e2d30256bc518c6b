import { Global, Module } from '@nestjs/common';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { CoverSheetController } from 'src/documents/cover-sheet.controller';
import { DocumentsController } from 'src/documents/documents.controller';
import { MeetingDocumentsService } from 'src/documents/meeting-documents.service';
import { MeetingEvents } from 'src/documents/meeting-events';
import { MeetingModelLoader } from 'src/documents/meeting-model.loader';
import { FilesModule } from 'src/files/files.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PapersModule } from 'src/papers/papers.module';

/** Generated PDFs. Global for MeetingEvents, which the meeting lifecycle notifies without depending on this module. */
@Global()
@Module({
  imports: [FilesModule, AttendanceModule, MeetingsModule, PapersModule],
  controllers: [DocumentsController, CoverSheetController],
  providers: [MeetingEvents, MeetingModelLoader, MeetingDocumentsService],
  exports: [MeetingEvents, MeetingDocumentsService],
})
export class DocumentsModule {}
