import { Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { FileDownloadController } from 'src/files/file-download.controller';
import { FileDownloadService } from 'src/files/file-download.service';
import { FileUploadService } from 'src/files/file-upload.service';
import { FileVersionListeners } from 'src/files/file-versions';
import { FilesController } from 'src/files/files.controller';
import { FilesRepository } from 'src/files/files.repository';
import { FilesService } from 'src/files/files.service';
import { PaperDeletionController } from 'src/files/paper-deletion.controller';
import { PaperDeletionService } from 'src/files/paper-deletion.service';
import { AgendaModule } from 'src/agenda/agenda.module';
import { ConsultationsModule } from 'src/consultations/consultations.module';
import { MeetingsModule } from 'src/meetings/meetings.module';
import { PapersModule } from 'src/papers/papers.module';
import { ContentStore } from 'src/files/content-store';
import { createFileStorage } from 'src/files/storage/create-file-storage';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { ReadingModule } from 'src/reading/reading.module';

@Module({
  imports: [MeetingsModule, PapersModule, ConsultationsModule, AgendaModule, ReadingModule],
  controllers: [FilesController, FileDownloadController, PaperDeletionController],
  providers: [
    FilesRepository,
    FilesService,
    FileUploadService,
    FileVersionListeners,
    FileDownloadService,
    PaperDeletionService,
    {
      provide: FILE_STORAGE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createFileStorage(config),
    },
    {
      provide: ContentStore,
      inject: [DataSource, FILE_STORAGE],
      useFactory: (dataSource: DataSource, storage: FileStorage) => new ContentStore(dataSource, storage),
    },
  ],
  exports: [FilesRepository, FilesService, FileUploadService, FileVersionListeners, ContentStore, FILE_STORAGE],
})
export class FilesModule implements OnModuleDestroy {
  constructor(@Inject(FILE_STORAGE) private readonly storage: FileStorage) {}

  onModuleDestroy(): void {
    this.storage.close?.();
  }
}
