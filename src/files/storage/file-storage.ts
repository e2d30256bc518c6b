import { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** A byte range, both ends included, as HTTP Range requests give it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where file bytes live. Keys are chosen by the server (the file's id), never taken from a
 * request. `putFile` moves a finished local spool file into place in one step, so a reader
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
