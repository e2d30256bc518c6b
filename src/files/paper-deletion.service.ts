import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import { ConsultationsRepository } from 'src/consultations/consultations.repository';
import { FilesRepository } from 'src/files/files.repository';
import { PapersService } from 'src/papers/papers.service';

/**
 * Deleting a paper: the paper's rules stay with PapersService; its consultations and file
 * links, which the folders above the paper own, go with it in the same transaction.
 */
@Injectable()
export class PaperDeletionService {
  constructor(
    private readonly papers: PapersService,
    private readonly consultations: ConsultationsRepository,
    private readonly files: FilesRepository,
  ) {}

  remove(bodyId: string, id: string, actor: Actor): Promise<void> {
    return this.papers.remove(bodyId, id, actor, async (tx, paperId) => {
      await this.consultations.softDeleteOfPaper(tx, bodyId, paperId);
      await this.files.softDeleteLinksOfPaper(tx, bodyId, paperId);
    });
  }
}
