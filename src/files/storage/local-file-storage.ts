import { createReadStream } from 'node:fs';
import { access, copyFile, mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ByteRange, checkedKey, FileStorage } from 'src/files/storage/file-storage';

/**
 * Files in a directory on the local disk, one file per key, spread over 256 subdirectories by
 * the key's first two characters so no directory grows too large.
 */
export class LocalFileStorage implements FileStorage {
  readonly spoolDir: string;

  constructor(private readonly root: string) {
    this.spoolDir = join(root, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true });
  }

  private path(key: string): string {
    return join(this.root, key.slice(0, 2), checkedKey(key));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.path(key);
    await mkdir(join(this.root, key.slice(0, 2)), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (error) {
      // A spool directory on another file system cannot be renamed across; copy under a temporary name, then rename.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      const temporary = `${target}.part`;
      await copyFile(localPath, temporary);
      await rename(temporary, target);
      await unlink(localPath);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    return new Promise((resolve, reject) => {
      const stream = createReadStream(path, range ? { start: range.start, end: range.end } : {});
      stream.once('open', () => resolve(stream));
      stream.once('error', reject);
    });
  }

  async readAll(key: string): Promise<Buffer> {
    return readFile(this.path(key));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await access(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}
