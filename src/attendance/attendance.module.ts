import { Module } from '@nestjs/common';
import { AttendanceController } from 'src/attendance/attendance.controller';
import { AttendanceService } from 'src/attendance/attendance.service';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService } from 'src/attendance/quorum.service';

@Module({
  controllers: [AttendanceController],
  providers: [AttendanceService, MeetingContextService, QuorumService],
  exports: [MeetingContextService, QuorumService],
})
export class AttendanceModule {}
