import { Module } from '@nestjs/common';
import { AlertsModule } from 'src/alerts/alerts.module';
import { BodiesModule } from 'src/bodies/bodies.module';
import { DocumentNoticesController } from 'src/document-notices/document-notices.controller';
import { DocumentNoticesRepository } from 'src/document-notices/document-notices.repository';
import { DocumentNoticesService } from 'src/document-notices/document-notices.service';
import { DocumentNoticesWorker } from 'src/document-notices/document-notices.worker';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PortalModule } from 'src/portal/portal.module';
import { WorkspaceModule } from 'src/workspace/workspace.module';

/** Members' e-mail notices of new documents of their next meetings, and their setting in "Mein Bereich". */
@Module({
  imports: [AlertsModule, BodiesModule, MeetingsModule, PortalModule, WorkspaceModule],
  controllers: [DocumentNoticesController],
  providers: [DocumentNoticesRepository, DocumentNoticesService, DocumentNoticesWorker],
  exports: [DocumentNoticesService],
})
export class DocumentNoticesModule {}
