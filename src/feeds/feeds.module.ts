import { Module } from '@nestjs/common';
import { AgendaModule } from 'src/agenda/agenda.module';
import { AgendaChangesRepository } from 'src/feeds/agenda-changes.repository';
import { AgendaChangesService } from 'src/feeds/agenda-changes.service';
import { FeedsController } from 'src/feeds/feeds.controller';
import { FeedsRepository } from 'src/feeds/feeds.repository';
import { FeedsService } from 'src/feeds/feeds.service';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [AgendaModule, MeetingsModule],
  controllers: [FeedsController],
  providers: [FeedsRepository, AgendaChangesRepository, FeedsService, AgendaChangesService],
  exports: [FeedsRepository, FeedsService, AgendaChangesService],
})
export class FeedsModule {}
