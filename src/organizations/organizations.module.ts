import { Module } from '@nestjs/common';
import { OrganizationsController } from 'src/organizations/organizations.controller';
import { OrganizationsRepository } from 'src/organizations/organizations.repository';
import { OrganizationsService } from 'src/organizations/organizations.service';

@Module({
  controllers: [OrganizationsController],
  providers: [OrganizationsRepository, OrganizationsService],
  exports: [OrganizationsRepository, OrganizationsService],
})
export class OrganizationsModule {}
