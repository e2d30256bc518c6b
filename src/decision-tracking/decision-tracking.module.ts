import { Module, OnModuleInit } from '@nestjs/common';
import { DecisionTrackingController } from 'src/decision-tracking/decision-tracking.controller';
import { DecisionTrackingRepository } from 'src/decision-tracking/decision-tracking.repository';
import { DecisionTrackingService } from 'src/decision-tracking/decision-tracking.service';
import { PaperPageAdditions } from 'src/portal/paper-page-additions';
import { PortalModule } from 'src/portal/portal.module';

/** The Beschlusskontrolle: its records and notes, the public pages; the office's pages build on it. */
@Module({
  imports: [PortalModule],
  controllers: [DecisionTrackingController],
  providers: [DecisionTrackingRepository, DecisionTrackingService],
  exports: [DecisionTrackingService],
})
export class DecisionTrackingModule implements OnModuleInit {
  constructor(
    private readonly additions: PaperPageAdditions,
    private readonly trackings: DecisionTrackingService,
  ) {}

  /** The public paper page shows where carrying out its public decisions stands. */
  onModuleInit(): void {
    this.additions.register(async (body, paperId) => {
      const decisionTracking = await this.trackings.paperSection(body, paperId);
      return decisionTracking ? { decisionTracking } : {};
    });
  }
}
