import { Module } from '@nestjs/common';
import { MembershipsController } from 'src/memberships/memberships.controller';
import { MembershipsRepository } from 'src/memberships/memberships.repository';
import { MembershipsService } from 'src/memberships/memberships.service';

@Module({
  controllers: [MembershipsController],
  providers: [MembershipsRepository, MembershipsService],
  exports: [MembershipsRepository, MembershipsService],
})
export class MembershipsModule {}
