import { Module } from '@nestjs/common';
import { MeetingEvents } from 'src/meetings/meeting-events';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { MeetingsController } from 'src/meetings/meetings.controller';
import { MeetingReadRepository } from 'src/meetings/meeting-read.repository';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService } from 'src/meetings/meetings.service';

@Module({
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingReadRepository, MeetingEvents, MeetingsService, MeetingLifecycleService],
  exports: [MeetingsRepository, MeetingReadRepository, MeetingEvents, MeetingsService, MeetingLifecycleService],
})
export class MeetingsModule {}
