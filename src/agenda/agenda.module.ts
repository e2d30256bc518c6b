import { Module } from '@nestjs/common';
import { AgendaEditingService } from 'src/agenda/agenda-editing.service';
import { AgendaPaperLink } from 'src/agenda/agenda-paper-link';
import { AgendaTemplateRepository } from 'src/agenda/agenda-template.repository';
import { AgendaTemplateService } from 'src/agenda/agenda-template.service';
import { AgendaVersionsRepository } from 'src/agenda/agenda-version.repository';
import { AgendaController } from 'src/agenda/agenda.controller';
import { AgendaItemsRepository } from 'src/agenda/agenda.repository';
import { AgendaService } from 'src/agenda/agenda.service';
import { MeetingAgendaController } from 'src/agenda/meeting-agenda.controller';
import { MeetingAgendaService } from 'src/agenda/meeting-agenda.service';
import { PaperProgressService } from 'src/agenda/paper-progress.service';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PapersModule } from 'src/papers/papers.module';

@Module({
  imports: [MeetingsModule, PapersModule, ConsultationsModule, OrganizationsModule],
  controllers: [AgendaController, MeetingAgendaController],
  providers: [
    AgendaItemsRepository,
    AgendaVersionsRepository,
    AgendaService,
    AgendaEditingService,
    AgendaPaperLink,
    MeetingAgendaService,
    PaperProgressService,
    AgendaTemplateRepository,
    AgendaTemplateService,
  ],
  exports: [
    AgendaItemsRepository,
    AgendaVersionsRepository,
    AgendaService,
    AgendaEditingService,
    MeetingAgendaService,
    PaperProgressService,
    AgendaTemplateService,
  ],
})
export class AgendaModule {}
