import { Module } from '@nestjs/common';
import { MembershipsModule } from 'src/memberships/memberships.module';
import { PersonsController } from 'src/persons/persons.controller';
import { PersonsRepository } from 'src/persons/persons.repository';
import { PersonsService } from 'src/persons/persons.service';

@Module({
  imports: [MembershipsModule],
  controllers: [PersonsController],
  providers: [PersonsRepository, PersonsService],
  exports: [PersonsRepository, PersonsService],
})
export class PersonsModule {}
