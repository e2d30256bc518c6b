import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { mkdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { S3Settings } from 'src/config/app-config';
import { ByteRange, checkedKey, FileStorage } from 'src/files/storage/file-storage';

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound' || error.name === 'NoSuchBucket')
  );
}

/**
 * Files as objects in an S3-compatible store (MinIO, Ceph, AWS), so several app instances share
 * them. A PUT of known length either creates the whole object or none, which keeps the
 * "nothing half-written" promise of `putFile` without a temporary name.
 */
export class S3FileStorage implements FileStorage {
  readonly spoolDir: string;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(settings: S3Settings, spoolRoot: string) {
    this.spoolDir = join(spoolRoot, 'tmp');
    this.bucket = settings.bucket;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // The SDK's default trailing checksums need aws-chunked uploads, which not every
      // S3-compatible server speaks; the SHA-512 in the file row is the integrity check.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Makes the spool directory and the bucket, so a fresh MinIO works without a setup step. */
  async init(): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true });
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.client.send(new CreateBucketCommand({ Bucket: this.bucket }));
    }
  }

  close(): void {
    this.client.destroy();
  }

  private key(key: string): string {
    return checkedKey(key);
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const { size } = await stat(localPath);
    // Streamed from the spool file with its length known up front: memory stays flat for large uploads.
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.key(key), Body: createReadStream(localPath), ContentLength: size }),
    );
    // The local adapter moves the spool file; do the same so callers see one behaviour.
    await unlink(localPath);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const result = await this.client.send(
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: this.key(key),
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }),
    );
    if (!(result.Body instanceof Readable)) throw new Error(`No body for object ${key}`);
    return result.Body;
  }

  async readAll(key: string): Promise<Buffer> {
    const result = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
    if (!result.Body) throw new Error(`No body for object ${key}`);
    return Buffer.from(await result.Body.transformToByteArray());
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // Deleting a missing object succeeds in S3, as `rm --force` does locally.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(key) }));
  }
}
