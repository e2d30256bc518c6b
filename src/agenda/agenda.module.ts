import { Module } from '@nestjs/common';
import { AgendaEditingService } from 'src/agenda/agenda-editing.service';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AgendaController } from 'src/agenda/agenda.controller';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AgendaService } from 'src/agenda/agenda.service';
import { MeetingAgendaController } from 'src/agenda/meeting-agenda.controller';
import { MeetingAgendaService } from 'src/agenda/meeting-agenda.service';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { MeetingsModule } from 'src/meetings/meetings.module';

@Module({
  imports: [MeetingsModule, ConsultationsModule],
  controllers: [AgendaController, MeetingAgendaController],
  providers: [AgendaItemsRepository, AgendaVersionsRepository, AgendaService, AgendaEditingService, MeetingAgendaService],
  exports: [AgendaItemsRepository, AgendaVersionsRepository, AgendaService],
})
export class AgendaModule {}
