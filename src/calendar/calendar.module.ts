import { Module } from '@nestjs/common';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { CalendarController } from 'src/calendar/calendar.controller';
import { CalendarRepository } from 'src/calendar/calendar.repository';
import { CalendarService } from 'src/calendar/calendar.service';
import { CalendarTokensController } from 'src/calendar/calendar-tokens.controller';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';

@Module({
  imports: [MeetingsModule],
  controllers: [CalendarTokensController, CalendarController],
  providers: [CalendarRepository, CalendarService, CalendarTokensService],
  exports: [CalendarService],
})
export class CalendarModule {}
