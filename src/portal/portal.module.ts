import { MeetingReadCache } from 'src/portal/meeting-read-cache';
import { MemberPageAdditions } from 'src/portal/member-page-additions';
import { PaperPageAdditions } from 'src/portal/paper-page-additions';
import { Module } from '@nestjs/common';
import { AgendaModule } from 'src/agenda/agenda.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PapersModule } from 'src/papers/papers.module';
import { FeedsModule } from 'src/feeds/feeds.module';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PersonsModule } from 'src/persons/persons.module';
import { PortalAppController } from 'src/portal/portal-app.controller';
import { PortalAssetsController } from 'src/portal/portal-assets.controller';
import { PortalAuthController } from 'src/portal/portal-auth.controller';
import { PortalController } from 'src/portal/portal.controller';
import { PortalLiveController } from 'src/portal/portal-live.controller';
import { PortalLiveEvents } from 'src/portal/portal-live-events';
import { PortalLiveService } from 'src/portal/portal-live.service';
import { PortalListsRepository } from 'src/portal/portal-lists.repository';
import { PortalMeetingsService } from 'src/portal/portal-meetings.service';
import { PortalPageService } from 'src/portal/portal-page.service';
import { PortalPapersService } from 'src/portal/portal-papers.service';
import { PortalStructureService } from 'src/portal/portal-structure.service';
import { PublicCacheModule } from 'src/public-cache/public-cache.module';
import { ReadingModule } from 'src/reading/reading.module';
import { VotesModule } from 'src/votes/votes.module';

@Module({
  // For the agenda changes on the meeting page. Neither FeedsModule nor its imports (agenda,
  // meetings, calendar) import this module, so there is no cycle.
  // The live page's event stream watches the bodies' content versions that the public cache reads too.
  imports: [
    AgendaModule,
    FeedsModule,
    MeetingsModule,
    OrganizationsModule,
    PapersModule,
    PersonsModule,
    PublicCacheModule,
    ReadingModule,
    VotesModule,
  ],
  // The assets and login routes come first: their fixed paths must not be read as a body key.
  controllers: [PortalAssetsController, PortalAppController, PortalAuthController, PortalLiveController, PortalController],
  providers: [
    MeetingReadCache,
    MemberPageAdditions,
    PaperPageAdditions,
    PortalListsRepository,
    PortalPageService,
    PortalMeetingsService,
    PortalPapersService,
    PortalStructureService,
    PortalLiveService,
    PortalLiveEvents,
  ],
  // Pages of other features (search, alerts) render through the same layout and caching rules.
  exports: [PortalPageService, MemberPageAdditions, PaperPageAdditions],
})
export class PortalModule {}
