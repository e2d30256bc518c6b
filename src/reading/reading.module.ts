import { Module } from '@nestjs/common';
import { ReadingRepository } from 'src/reading/reading.repository';
import { ReadingService } from 'src/reading/reading.service';

/** What council members have opened (src/reading/reading-mark.entity.ts). */
@Module({ providers: [ReadingRepository, ReadingService], exports: [ReadingService] })
export class ReadingModule {}
