import { Module } from '@nestjs/common';
import { PapersController } from 'src/papers/papers.controller';
import { PaperReadRepository } from 'src/papers/paper-read.repository';
import { PapersRepository } from 'src/papers/papers.repository';
import { PapersService } from 'src/papers/papers.service';

@Module({
  controllers: [PapersController],
  providers: [PapersRepository, PaperReadRepository, PapersService],
  exports: [PaperReadRepository, PapersRepository, PapersService],
})
export class PapersModule {}
