import { Module } from '@nestjs/common';
import { AccountsModule } from 'src/accounts/accounts.module';
import { CalendarController } from 'src/calendar/calendar.controller';
import { CalendarRepository } from 'src/calendar/calendar.repository';
import { CalendarService } from 'src/calendar/calendar.service';
import { CalendarTokensController } from 'src/calendar/calendar-tokens.controller';
import { CalendarTokensRepository } from 'src/calendar/calendar-tokens.repository';
import { CalendarTokensService } from 'src/calendar/calendar-tokens.service';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [AccountsModule, MeetingsModule],
  controllers: [CalendarTokensController, CalendarController],
  providers: [CalendarRepository, CalendarService, CalendarTokensRepository, CalendarTokensService],
  exports: [CalendarService, CalendarTokensService],
})
export class CalendarModule {}
