import { Module, OnModuleInit } from '@nestjs/common';
import { AnnotationsController } from 'src/annotations/annotations.controller';
import { AnnotationsRepository } from 'src/annotations/annotations.repository';
import { AnnotationsService } from 'src/annotations/annotations.service';
import { FileVersionListeners } from 'src/files/file-versions';
import { FilesModule } from 'src/files/files.module';

@Module({
  imports: [FilesModule],
  controllers: [AnnotationsController],
  providers: [AnnotationsRepository, AnnotationsService],
  exports: [AnnotationsService],
})
export class AnnotationsModule implements OnModuleInit {
  constructor(
    private readonly listeners: FileVersionListeners,
    private readonly annotations: AnnotationsService,
  ) {}

  /** Notes move with a replaced document. */
  onModuleInit(): void {
    this.listeners.register(this.annotations);
  }
}
