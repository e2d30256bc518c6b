import { Module } from '@nestjs/common';
import { AgendaModule } from 'src/agenda/agenda.module';
import { AttendanceController } from 'src/attendance/attendance.controller';
import { AttendanceRepository } from 'src/attendance/attendance.repository';
import { AttendanceService } from 'src/attendance/attendance.service';
import { MeetingContextRepository } from 'src/attendance/meeting-context.repository';
import { MeetingContextService } from 'src/attendance/meeting-context.service';
import { QuorumService } from 'src/attendance/quorum.service';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [MeetingsModule, AgendaModule],
  controllers: [AttendanceController],
  providers: [AttendanceRepository, MeetingContextRepository, AttendanceService, MeetingContextService, QuorumService],
  exports: [MeetingContextService, QuorumService, AttendanceService],
})
export class AttendanceModule {}
