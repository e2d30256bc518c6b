import { Module } from '@nestjs/common';
import { AgendaEditingService } from 'src/agenda/agenda-editing.service';
import { AgendaController } from 'src/agenda/agenda.controller';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AgendaService } from 'src/agenda/agenda.service';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [MeetingsModule],
  controllers: [AgendaController],
  providers: [AgendaItemsRepository, AgendaService, AgendaEditingService],
  exports: [AgendaItemsRepository, AgendaService],
})
export class AgendaModule {}
