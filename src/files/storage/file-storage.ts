import { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** A byte range, both ends included, as HTTP Range requests give it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Keys are chosen by the server, never taken from a request: the SHA-512 of the content (hex),
 * so identical documents are stored once, or – for files stored before content addressing –
 * the file's id.
 */
export const STORAGE_KEY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{128})$/;

/** The key as the adapters check it; anything else is a programming error, not user input. */
export function checkedKey(key: string): string {
  if (!STORAGE_KEY.test(key)) throw new Error(`Invalid storage key ${key}`);
  return key;
}

/**
 * Where file bytes live, under the keys above. `putFile` moves a finished local spool file into place in one step, so a reader
 * sees either nothing or the whole object.
 */
export interface FileStorage {
  /** A directory on the local disk for spooling uploads and generated documents before they are stored. */
  readonly spoolDir: string;
  putFile(key: string, localPath: string): Promise<void>;
  read(key: string, range?: ByteRange): Promise<Readable>;
  readAll(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Releases connections when the application stops. */
  close?(): void;
}
