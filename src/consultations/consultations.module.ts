import { Module } from '@nestjs/common';
import { ConsultationsController } from 'src/consultations/consultations.controller';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { ConsultationsService } from 'src/consultations/consultations.service';
import { PapersModule } from 'src/papers/papers.module';

@Module({
  imports: [PapersModule],
  controllers: [ConsultationsController],
  providers: [ConsultationsRepository, ConsultationsService],
  exports: [ConsultationsRepository, ConsultationsService],
})
export class ConsultationsModule {}
