import { inflateRawSync } from 'node:zlib';

/**
 * Just enough of the ZIP format to tell office documents apart and read their text: the
 * central directory (names, sizes, offsets) and stored or deflated entries. No ZIP library is
 * a dependency of the project, and Node's zlib inflates the entries. ZIP64, encryption and
 * multi-disk archives are not supported; such files are simply not recognised.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipReader {
  private constructor(
    private readonly bytes: Buffer,
    readonly entries: ZipEntry[],
  ) {}

  /** Null when the bytes are not a ZIP archive this reader understands. */
  static open(bytes: Buffer): ZipReader | null {
    // The end record sits in the last 22 bytes plus an optional comment of up to 64 KiB.
    const from = Math.max(0, bytes.length - 22 - 0xffff);
    let eocd = -1;
    for (let i = bytes.length - 22; i >= from; i--) {
      if (bytes.readUInt32LE(i) === EOCD) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return null;
    const count = bytes.readUInt16LE(eocd + 10);
    const size = bytes.readUInt32LE(eocd + 12);
    const offset = bytes.readUInt32LE(eocd + 16);
    if (offset === 0xffffffff || offset + size > eocd) return null;

    const entries: ZipEntry[] = [];
    let p = offset;
    for (let n = 0; n < count; n++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) return null;
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const commentLength = bytes.readUInt16LE(p + 32);
      entries.push({
        method: bytes.readUInt16LE(p + 10),
        compressedSize: bytes.readUInt32LE(p + 20),
        size: bytes.readUInt32LE(p + 24),
        localHeaderOffset: bytes.readUInt32LE(p + 42),
        name: bytes.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipReader(bytes, entries);
  }

  has(name: string): boolean {
    return this.entries.some((e) => e.name === name);
  }

  /** The entry's bytes, or null when it is missing, too large or uses another method. */
  read(name: string, maxBytes = 50 * 1024 * 1024): Buffer | null {
    const entry = this.entries.find((e) => e.name === name);
    if (!entry || entry.size > maxBytes) return null;
    const p = entry.localHeaderOffset;
    if (p + 30 > this.bytes.length || this.bytes.readUInt32LE(p) !== LOCAL) return null;
    const start = p + 30 + this.bytes.readUInt16LE(p + 26) + this.bytes.readUInt16LE(p + 28);
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    try {
      if (entry.method === 0) return Buffer.from(data);
      if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: maxBytes });
    } catch {
      return null;
    }
    return null;
  }
}
