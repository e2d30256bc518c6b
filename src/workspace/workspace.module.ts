import { Module } from '@nestjs/common';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PortalModule } from 'src/portal/portal.module';
import { ReadingModule } from 'src/reading/reading.module';
import { TenancyModule } from 'src/tenancy/tenancy.module';
import { WorkspaceController } from 'src/workspace/workspace.controller';
import { WorkspaceRepository } from 'src/workspace/workspace.repository';
import { WorkspaceService } from 'src/workspace/workspace.service';

/** The council members' workspace ("Mein Bereich"). */
@Module({
  imports: [PortalModule, MeetingsModule, TenancyModule, ReadingModule],
  controllers: [WorkspaceController],
  providers: [WorkspaceRepository, WorkspaceService],
})
export class WorkspaceModule {}
