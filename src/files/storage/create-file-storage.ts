import { AppConfig } from 'src/config/app-config';
import { FileStorage } from 'src/files/storage/file-storage';
import { LocalFileStorage } from 'src/files/storage/local-file-storage';
import { S3FileStorage } from 'src/files/storage/s3-file-storage';

/** The storage adapter the configuration names, ready to use; the server and the command-line tools share it. */
export async function createFileStorage(config: AppConfig): Promise<FileStorage> {
  const storage =
    config.storage.driver === 's3' ? new S3FileStorage(config.storage.s3!, config.storage.dir) : new LocalFileStorage(config.storage.dir);
  await storage.init();
  return storage;
}
