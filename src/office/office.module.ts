import { Module } from '@nestjs/common';
import { AccountTokensModule } from 'src/account-tokens/account-tokens.module';
import { AccountsModule } from 'src/accounts/accounts.module';
import { OfficeAccountsController } from 'src/office/office-accounts.controller';
import { OfficeAccountsService } from 'src/office/office-accounts.service';
import { AgendaModule } from 'src/agenda/agenda.module';
import { AttendanceModule } from 'src/attendance/attendance.module';
import { BodiesModule } from 'src/bodies/bodies.module';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { DecisionTrackingModule } from 'src/decision-tracking/decision-tracking.module';
import { OfficeDecisionTrackingController } from 'src/office/office-decision-tracking.controller';
import { FilesModule } from 'src/files/files.module';
import { LocationsModule } from 'src/locations/locations.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { OfficeLiveController } from 'src/office/office-live.controller';
import { OfficeLiveService } from 'src/office/office-live.service';
import { OfficeMinutesController } from 'src/office/office-minutes.controller';
import { OfficeMinutesService } from 'src/office/office-minutes.service';
import { OfficeQuestionsController } from 'src/office/office-questions.controller';
import { ParticipationModule } from 'src/participation/participation.module';
import { OfficeController } from 'src/office/office.controller';
import { OfficeMeetingPublishController } from 'src/office/office-meeting-publish.controller';
import { OfficeAgendaController } from 'src/office/office-agenda.controller';
import { OfficeAgendaService } from 'src/office/office-agenda.service';
import { OfficeMeetingSeriesController } from 'src/office/office-meeting-series.controller';
import { OfficeMeetingSeriesService } from 'src/office/office-meeting-series.service';
import { OfficeAgendaTemplateController } from 'src/office/office-agenda-template.controller';
import { OfficeMeetingsController } from 'src/office/office-meetings.controller';
import { OfficeMeetingsService } from 'src/office/office-meetings.service';
import { OfficePapersController } from 'src/office/office-papers.controller';
import { OfficePapersService } from 'src/office/office-papers.service';
import { OfficeOverviewRepository } from 'src/office/office-overview.repository';
import { OfficeOverviewService } from 'src/office/office-overview.service';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { LegislativeTermsModule } from 'src/legislative-terms/legislative-terms.module';
import { MembershipsModule } from 'src/memberships/memberships.module';
import { OfficeMembershipsController } from 'src/office/office-memberships.controller';
import { OfficeOrganizationsController } from 'src/office/office-organizations.controller';
import { OfficePersonsController } from 'src/office/office-persons.controller';
import { OfficeStructureService } from 'src/office/office-structure.service';
import { OfficeSuggestionsController } from 'src/office/office-suggestions.controller';
import { OfficeTermsController } from 'src/office/office-terms.controller';
import { OfficeSettingsController } from 'src/office/office-settings.controller';
import { PersonsModule } from 'src/persons/persons.module';
import { PapersModule } from 'src/papers/papers.module';
import { OfficeStatementsController } from 'src/office/office-statements.controller';
import { PortalModule } from 'src/portal/portal.module';
import { VotesModule } from 'src/votes/votes.module';

/** The council office's web interface (Sitzungsdienst). A channel on top: nothing imports it. */
@Module({
  imports: [
    PortalModule,
    PapersModule,
    ConsultationsModule,
    FilesModule,
    OrganizationsModule,
    MeetingsModule,
    AgendaModule,
    LocationsModule,
    AttendanceModule,
    VotesModule,
    LegislativeTermsModule,
    PersonsModule,
    MembershipsModule,
    AccountsModule,
    AccountTokensModule,
    ParticipationModule,
    BodiesModule,
    DecisionTrackingModule,
  ],
  controllers: [
    OfficeController,
    OfficeQuestionsController,
    OfficePapersController,
    OfficeMeetingSeriesController,
    OfficeMeetingsController,
    OfficeMeetingPublishController,
    OfficeLiveController,
    OfficeMinutesController,
    OfficeAgendaController,
    OfficeTermsController,
    OfficeSettingsController,
    OfficeOrganizationsController,
    OfficePersonsController,
    OfficeMembershipsController,
    OfficeAgendaTemplateController,
    OfficeAccountsController,
    OfficeStatementsController,
    OfficeSuggestionsController,
    OfficeDecisionTrackingController,
  ],
  providers: [
    OfficeOverviewRepository,
    OfficeOverviewService,
    OfficePapersService,
    OfficeMeetingsService,
    OfficeMeetingSeriesService,
    OfficeLiveService,
    OfficeMinutesService,
    OfficeAgendaService,
    OfficeStructureService,
    OfficeAccountsService,
  ],
})
export class OfficeModule {}
