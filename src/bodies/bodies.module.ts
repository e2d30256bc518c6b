import { Module } from '@nestjs/common';
import { AccountsModule } from 'src/accounts/accounts.module';
import { BodiesController } from 'src/bodies/bodies.controller';
import { BodiesRepository } from 'src/bodies/bodies.repository';
import { BodiesService } from 'src/bodies/bodies.service';
import { LocationsModule } from 'src/locations/locations.module';

@Module({
  imports: [AccountsModule, LocationsModule],
  controllers: [BodiesController],
  providers: [BodiesRepository, BodiesService],
  exports: [BodiesRepository, BodiesService],
})
export class BodiesModule {}
