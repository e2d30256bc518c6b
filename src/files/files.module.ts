import { Module } from '@nestjs/common';
import { FilesController } from 'src/files/files.controller';
import { FilesRepository } from 'src/files/files.repository';
import { FilesService } from 'src/files/files.service';

@Module({
  controllers: [FilesController],
  providers: [FilesRepository, FilesService],
  exports: [FilesRepository, FilesService],
})
export class FilesModule {}
