import { Module } from '@nestjs/common';
import { MeetingLifecycleService } from 'src/meetings/meeting-lifecycle.service';
import { MeetingsController } from 'src/meetings/meetings.controller';
import { MeetingsRepository } from 'src/meetings/meetings.repository';
import { MeetingsService } from 'src/meetings/meetings.service';

@Module({
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingsService, MeetingLifecycleService],
  exports: [MeetingsRepository, MeetingsService],
})
export class MeetingsModule {}
