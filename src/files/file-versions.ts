import { Injectable } from '@nestjs/common';
import type { Actor } from 'src/auth/actor';
import type { Tx } from 'src/common/unit-of-work';

/** The new version of a document: its id, its text, and per page how many characters it has without whitespace. */
export interface NextVersion {
  id: string;
  text: string | null;
  pageChars: number[] | null;
}

/** Told, inside the replacing transaction, that a document got a new version. */
export interface FileReplacedListener {
  fileReplaced(tx: Tx, bodyId: string, previousId: string, next: NextVersion, actor: Actor): Promise<void>;
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

  async replaced(tx: Tx, bodyId: string, previousId: string, next: NextVersion, actor: Actor): Promise<void> {
    for (const listener of this.listeners) await listener.fileReplaced(tx, bodyId, previousId, next, actor);
  }
}
