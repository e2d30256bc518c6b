import { Module } from '@nestjs/common';
import { CalendarController } from 'src/calendar/calendar.controller';
import { CalendarRepository } from 'src/calendar/calendar.repository';
import { CalendarService } from 'src/calendar/calendar.service';
import { CalendarTokensController } from 'src/calendar/calendar-tokens.controller';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';

@Module({
  controllers: [CalendarTokensController, CalendarController],
  providers: [CalendarRepository, CalendarService, CalendarTokensService],
  exports: [CalendarService],
})
export class CalendarModule {}
