import { Module } from '@nestjs/common';
import { ExportsController } from 'src/exports/exports.controller';
import { ExportsRepository } from 'src/exports/exports.repository';
import { ExportsService } from 'src/exports/exports.service';
import { OfficeExportsController } from 'src/exports/office-exports.controller';
import { PortalModule } from 'src/portal/portal.module';

/** Exports of a body's meetings, decisions, papers, votes, attendance and memberships as CSV and XLSX, on the portal and in the office. */
@Module({
  imports: [PortalModule],
  controllers: [ExportsController, OfficeExportsController],
  providers: [ExportsRepository, ExportsService],
})
export class ExportsModule {}
