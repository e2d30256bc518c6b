import { Module } from '@nestjs/common';
import { MembershipsModule } from 'src/memberships/memberships.module';
import { PersonsController } from 'src/persons/persons.controller';
import { PersonReadRepository } from 'src/persons/person-read.repository';
import { PersonsRepository } from 'src/persons/persons.repository';
import { PersonsService } from 'src/persons/persons.service';

@Module({
  imports: [MembershipsModule],
  controllers: [PersonsController],
  providers: [PersonReadRepository, PersonsRepository, PersonsService],
  exports: [PersonReadRepository, PersonsRepository, PersonsService],
})
export class PersonsModule {}
