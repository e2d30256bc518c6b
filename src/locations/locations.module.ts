import { Module } from '@nestjs/common';
import { LocationsController } from 'src/locations/locations.controller';
import { LocationsRepository } from 'src/locations/locations.repository';
import { LocationsService } from 'src/locations/locations.service';

@Module({
  controllers: [LocationsController],
  providers: [LocationsRepository, LocationsService],
  exports: [LocationsRepository, LocationsService],
})
export class LocationsModule {}
