import { Module } from '@nestjs/common';
import { LegislativeTermsController } from 'src/legislative-terms/legislative-terms.controller';
import { LegislativeTermsRepository } from 'src/legislative-terms/legislative-terms.repository';
import { LegislativeTermsService } from 'src/legislative-terms/legislative-terms.service';

@Module({
  controllers: [LegislativeTermsController],
  providers: [LegislativeTermsRepository, LegislativeTermsService],
  exports: [LegislativeTermsRepository, LegislativeTermsService],
})
export class LegislativeTermsModule {}
