import { Module } from '@nestjs/common';
import { AttendanceController } from 'src/attendance/attendance.controller';
import { AttendanceService } from 'src/attendance/attendance.service';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService } from 'src/attendance/quorum.service';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [MeetingsModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, MeetingContextService, QuorumService],
  exports: [MeetingContextService, QuorumService],
})
export class AttendanceModule {}
