import { Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { FileDownloadController } from 'src/files/file-download.controller';
import { FileDownloadService } from 'src/files/file-download.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { FilesController } from 'src/files/files.controller';
import { FilesRepository } from 'src/files/files.repository';
import { FilesService } from 'src/files/files.service';
import { FILE_STORAGE } from 'src/files/storage/file-storage';
import { LocalFileStorage } from 'src/files/storage/local-file-storage';

@Module({
  controllers: [FilesController, FileDownloadController],
  providers: [
    FilesRepository,
    FilesService,
    FileUploadService,
    FileDownloadService,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const storage = new LocalFileStorage(config.storage.dir);
        await storage.init();
        return storage;
      },
    },
  ],
  exports: [FilesRepository, FilesService, FileUploadService, FILE_STORAGE],
})
export class FilesModule {}
