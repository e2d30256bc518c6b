import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface TestS3Server {
  endpoint: string;
  /** Every object written or removed, in order, e.g. { name: 'ObjectCreated:Put', key }. */
  events: { name: string; key: string }[];
  /** The S3 variables the app reads, pointing at this server and a bucket of its own. */
  env(bucket: string): Record<string, string>;
  close(): Promise<void>;
}

/** A real S3 protocol server (s3rver) on a random local port, keeping its objects in a temporary directory. */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'ratsinfo-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const events: { name: string; key: string }[] = [];
  server.on('event', (event) => {
    for (const record of event.Records) events.push({ name: record.eventName, key: record.s3.object.key });
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    events,
    env: (bucket) => ({
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      // s3rver checks signatures against its one built-in account.
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
    }),
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
