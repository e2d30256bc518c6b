import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { FileDownloadController } from 'src/files/file-download.controller';
import { FileDownloadService } from 'src/files/file-download.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { FilesController } from 'src/files/files.controller';
import { FilesRepository } from 'src/files/files.repository';
import { FilesService } from 'src/files/files.service';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { LocalFileStorage } from 'src/files/storage/local-file-storage';
import { S3FileStorage } from 'src/files/storage/s3-file-storage';

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
        const storage =
          config.storage.driver === 's3'
            ? new S3FileStorage(config.storage.s3!, config.storage.dir)
            : new LocalFileStorage(config.storage.dir);
        await storage.init();
        return storage;
      },
    },
  ],
  exports: [FilesRepository, FilesService, FileUploadService, FILE_STORAGE],
})
export class FilesModule implements OnModuleDestroy {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  onModuleDestroy(): void {
    this.storage.close?.();
  }
}
