import { Module } from '@nestjs/common';
import { ConsultationsController } from 'src/consultations/consultations.controller';
import { ConsultationsService } from 'src/consultations/consultations.service';
import { PapersModule } from 'src/papers/papers.module';

@Module({
  imports: [PapersModule],
  controllers: [ConsultationsController],
  providers: [ConsultationsService],
  exports: [ConsultationsService],
})
export class ConsultationsModule {}
