import { Module } from '@nestjs/common';
import { PaperProgressService } from 'src/papers/paper-progress.service';
import { PapersController } from 'src/papers/papers.controller';
import { PapersRepository } from 'src/papers/papers.repository';
import { PapersService } from 'src/papers/papers.service';

@Module({
  controllers: [PapersController],
  providers: [PapersRepository, PapersService, PaperProgressService],
  exports: [PapersRepository, PaperProgressService],
})
export class PapersModule {}
