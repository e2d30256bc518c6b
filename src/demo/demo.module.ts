import { Module } from '@nestjs/common';
import { DemoDocumentsRepository } from 'src/demo/demo-documents.repository';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';
import { DocumentsModule } from 'src/documents/documents.module';
import { FilesModule } from 'src/files/files.module';

/** The demo town's documents; the rows themselves are written before the server starts (demo-loader). */
@Module({
  imports: [FilesModule, DocumentsModule],
  providers: [DemoDocumentsRepository, DemoDocumentsService],
  exports: [DemoDocumentsService],
})
export class DemoModule {}
