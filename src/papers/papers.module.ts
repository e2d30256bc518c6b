import { Module } from '@nestjs/common';
import { PaperProgressService } from 'src/papers/paper-progress.service';
import { PapersController } from 'src/papers/papers.controller';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { PapersRepository } from 'src/papers/papers.repository';
import { PapersService } from 'src/papers/papers.service';

@Module({
  controllers: [PapersController],
  providers: [PapersRepository, PaperReadRepository, PapersService, PaperProgressService],
  exports: [PaperReadRepository, PapersRepository, PaperProgressService],
})
export class PapersModule {}
