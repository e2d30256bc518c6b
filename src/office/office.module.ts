import { Module } from '@nestjs/common';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { FilesModule } from 'src/files/files.module';
import { OfficeController } from 'src/office/office.controller';
import { OfficePapersController } from 'src/office/office-papers.controller';
import { OfficePapersService } from 'src/office/office-papers.service';
import { OfficeOverviewRepository } from 'src/office/office-overview.repository';
import { OfficeOverviewService } from 'src/office/office-overview.service';
import { OrganizationsModule } from 'src/organizations/organizations.module';
import { PapersModule } from 'src/papers/papers.module';
import { PortalModule } from 'src/portal/portal.module';

/** The council office's web interface (Sitzungsdienst). A channel on top: nothing imports it. */
@Module({
  imports: [PortalModule, PapersModule, ConsultationsModule, FilesModule, OrganizationsModule],
  controllers: [OfficeController, OfficePapersController],
  providers: [OfficeOverviewRepository, OfficeOverviewService, OfficePapersService],
})
export class OfficeModule {}
