import { Module } from '@nestjs/common';
import { OfficeController } from 'src/office/office.controller';
import { OfficeOverviewRepository } from 'src/office/office-overview.repository';
import { OfficeOverviewService } from 'src/office/office-overview.service';
import { PortalModule } from 'src/portal/portal.module';

/** The council office's web interface (Sitzungsdienst). A channel on top: nothing imports it. */
@Module({
  imports: [PortalModule],
  controllers: [OfficeController],
  providers: [OfficeOverviewRepository, OfficeOverviewService],
})
export class OfficeModule {}
