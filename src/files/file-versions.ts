import { Injectable } from '@nestjs/common';
import type { Actor } from 'src/auth/actor';
import type { Tx } from 'src/common/unit-of-work';

/** Told, inside the replacing transaction, that a document got a new version. */
export interface FileReplacedListener {
  fileReplaced(tx: Tx, bodyId: string, previousId: string, next: { id: string; text: string | null }, actor: Actor): Promise<void>;
}

/**
 * Where features above the files register what must move with a replaced document (members'
 * notes on it), so the files know nothing of them and a failing listener undoes the replacement.
 */
@Injectable()
export class FileVersionListeners {
  private readonly listeners: FileReplacedListener[] = [];

  register(listener: FileReplacedListener): void {
    this.listeners.push(listener);
  }

  async replaced(tx: Tx, bodyId: string, previousId: string, next: { id: string; text: string | null }, actor: Actor): Promise<void> {
    for (const listener of this.listeners) await listener.fileReplaced(tx, bodyId, previousId, next, actor);
  }
}
