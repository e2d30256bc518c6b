import { Module } from '@nestjs/common';
import { OrganizationsController } from 'src/organizations/organizations.controller';
import { OrganizationReadRepository } from 'src/organizations/organization-read.repository';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { OrganizationsService } from 'src/organizations/organizations.service';

@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationReadRepository, OrganizationsRepository, OrganizationsService],
  exports: [OrganizationReadRepository, OrganizationsRepository, OrganizationsService],
})
export class OrganizationsModule {}
