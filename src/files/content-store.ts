import { rm } from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import { FileStorage } from 'src/files/storage/file-storage';

/** A transaction-scoped advisory lock per content key; the first 64 bits of the checksum are spread enough. */
const lockId = (sha512: string) => BigInt.asIntN(64, BigInt(`0x${sha512.slice(0, 16)}`)).toString();

/**
 * Stores file bytes by their SHA-512, so a document attached to several papers, generated twice
 * or imported again is kept once. Rows and bytes are written together: `store` runs the caller's
 * writes and places the bytes in one transaction, and a failed commit leaves no object behind
 * that no row refers to.
 *
 * Every writer of a key holds the key's advisory lock from "is the object there?" to its commit,
 * and so does the clean-up after a failed commit. The clean-up therefore sees every row that a
 * writer committed after finding the object in place, and a writer after the clean-up finds
 * the object gone and puts it again.
 */
export class ContentStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
  ) {}

  get spoolDir(): string {
    return this.storage.spoolDir;
  }

  /**
   * Runs `write`, then moves the spool file into place under `sha512` (or drops it when those
   * bytes are there). `needed`, asked after `write`, says whether a row refers to the bytes at all.
   */
  async store<T>(sha512: string, spoolPath: string, write: (manager: EntityManager) => Promise<T>, needed = () => true): Promise<T> {
    let placed = false;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const result = await write(manager);
        if (needed()) placed = await this.place(manager, sha512, spoolPath);
        return result;
      });
    } catch (error) {
      if (placed) await this.removeUnreferenced(sha512);
      throw error;
    } finally {
      await rm(spoolPath, { force: true });
    }
  }

  /** Inside the caller's transaction: the bytes under their key; true when this call put them there. */
  async place(manager: EntityManager, sha512: string, spoolPath: string): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockId(sha512)]);
    if (await this.storage.exists(sha512)) return false;
    await this.storage.putFile(sha512, spoolPath);
    return true;
  }

  /** Removes the bytes under `sha512` unless a file row still refers to them. */
  async removeUnreferenced(sha512: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockId(sha512)]);
      const used: unknown[] = await manager.query('SELECT 1 FROM file WHERE storage_key = $1 LIMIT 1', [sha512]);
      if (used.length === 0) await this.storage.delete(sha512);
    });
  }
}
