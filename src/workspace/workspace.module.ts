import { Module, OnModuleInit } from '@nestjs/common';
import { AnnotationsModule } from 'src/annotations/annotations.module';
import { CalendarModule } from 'src/calendar/calendar.module';
import { FilesModule } from 'src/files/files.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { MemberPageAdditions } from 'src/portal/member-page-additions';
import { PortalModule } from 'src/portal/portal.module';
import { ReadingModule } from 'src/reading/reading.module';
import { TenancyModule } from 'src/tenancy/tenancy.module';
import { NoteAdditions } from 'src/workspace/note-additions';
import { WorkspaceCalendarController } from 'src/workspace/workspace-calendar.controller';
import { WorkspaceNotesController } from 'src/workspace/workspace-notes.controller';
import { WorkspaceOfflineController } from 'src/workspace/workspace-offline.controller';
import { WorkspaceOfflineService } from 'src/workspace/workspace-offline.service';
import { WorkspaceReaderController } from 'src/workspace/workspace-reader.controller';
import { WorkspaceReaderService } from 'src/workspace/workspace-reader.service';
import { WorkspaceController } from 'src/workspace/workspace.controller';
import { WorkspaceRepository } from 'src/workspace/workspace.repository';
import { WorkspaceService } from 'src/workspace/workspace.service';

/** The council members' workspace ("Mein Bereich"). */
@Module({
  imports: [PortalModule, MeetingsModule, TenancyModule, ReadingModule, CalendarModule, FilesModule, AnnotationsModule],
  controllers: [
    WorkspaceController,
    WorkspaceCalendarController,
    WorkspaceNotesController,
    WorkspaceReaderController,
    WorkspaceOfflineController,
  ],
  providers: [NoteAdditions, WorkspaceRepository, WorkspaceService, WorkspaceReaderService, WorkspaceOfflineService],
  exports: [WorkspaceService],
})
export class WorkspaceModule implements OnModuleInit {
  constructor(
    private readonly additions: MemberPageAdditions,
    private readonly notes: NoteAdditions,
  ) {}

  /** A member's meeting and paper pages show their notes and the forms to write one. */
  onModuleInit(): void {
    this.additions.register((page, subject) => this.notes.forPage(page, subject));
  }
}
