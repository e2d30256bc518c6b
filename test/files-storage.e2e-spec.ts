import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadConfig } from 'src/config/app-config';
import { File } from 'src/files/file.entity';
import { ContentStore } from 'src/files/content-store';
import { FILE_STORAGE, FileStorage } from 'src/files/storage/file-storage';
import { LocalFileStorage } from 'src/files/storage/local-file-storage';
import { S3FileStorage } from 'src/files/storage/s3-file-storage';
import { bearer, createTenant } from './support/factories';
import { startS3Server, TestS3Server } from './support/s3-server';
import { createTestApp, TestApp } from './support/test-app';

let s3: TestS3Server;
const workDirs: string[] = [];

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsinfo-storage-'));
  workDirs.push(dir);
  return dir;
}

beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3.close();
  for (const dir of workDirs) rmSync(dir, { recursive: true, force: true });
});

async function s3Storage(bucket: string): Promise<S3FileStorage> {
  const storage = new S3FileStorage(loadConfig(s3.env(bucket)).storage.s3!, workDir());
  await storage.init();
  return storage;
}

const drivers: [string, () => Promise<FileStorage>][] = [
  [
    'local',
    async () => {
      const storage = new LocalFileStorage(workDir());
      await storage.init();
      return storage;
    },
  ],
  ['s3', () => s3Storage(`contract-${randomBytes(4).toString('hex')}`)],
];

describe.each(drivers)('FileStorage contract: %s', (_, make) => {
  let storage: FileStorage;
  // Larger than one network chunk and one read-stream buffer, so streaming really happens in parts.
  const bytes = randomBytes(3 * 1024 * 1024 + 17);

  const spool = (content: Buffer) => {
    const path = join(storage.spoolDir, randomUUID());
    writeFileSync(path, content);
    return path;
  };

  beforeAll(async () => {
    storage = await make();
  });
  afterAll(() => storage.close?.());

  it('stores a spool file under a key, taking the spool file away', async () => {
    const key = randomUUID();
    const path = spool(bytes);
    await storage.putFile(key, path);
    expect(existsSync(path)).toBe(false);
    expect(await storage.exists(key)).toBe(true);
    expect((await storage.readAll(key)).equals(bytes)).toBe(true);
    expect((await buffer(await storage.read(key))).equals(bytes)).toBe(true);
  });

  it('reads byte ranges, both ends included', async () => {
    const key = randomUUID();
    await storage.putFile(key, spool(bytes));
    const head = await buffer(await storage.read(key, { start: 0, end: 99 }));
    expect(head.equals(bytes.subarray(0, 100))).toBe(true);
    const middle = await buffer(await storage.read(key, { start: 1_000_000, end: 2_500_000 }));
    expect(middle.equals(bytes.subarray(1_000_000, 2_500_001))).toBe(true);
    const last = await buffer(await storage.read(key, { start: bytes.length - 1, end: bytes.length - 1 }));
    expect(last.equals(bytes.subarray(bytes.length - 1))).toBe(true);
  });

  it('replaces an object written again under the same key', async () => {
    const key = randomUUID();
    await storage.putFile(key, spool(Buffer.from('erste Fassung')));
    await storage.putFile(key, spool(Buffer.from('zweite Fassung')));
    expect((await storage.readAll(key)).toString()).toBe('zweite Fassung');
  });

  it('deletes, and deleting again or a key never written succeeds', async () => {
    const key = randomUUID();
    await storage.putFile(key, spool(Buffer.from('weg damit')));
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await storage.delete(key);
    await storage.delete(randomUUID());
  });

  it('reports a missing object: exists is false, reading rejects', async () => {
    const key = randomUUID();
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.read(key)).rejects.toThrow();
    await expect(storage.read(key, { start: 0, end: 9 })).rejects.toThrow();
    await expect(storage.readAll(key)).rejects.toThrow();
  });

  it('refuses keys the server did not make', async () => {
    await expect(storage.readAll('../../etc/passwd')).rejects.toThrow(/Invalid storage key/);
    await expect(storage.putFile('a/b', spool(Buffer.from('x')))).rejects.toThrow(/Invalid storage key/);
  });
});

describe('Uploads and downloads with the s3 driver', () => {
  const bucket = 'ratsinfo-e2e';
  let t: TestApp;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let client: S3Client;
  let dataDir: string;

  const objectKeys = async () =>
    ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key).sort();

  beforeAll(async () => {
    dataDir = workDir();
    t = await createTestApp({ ...s3.env(bucket), DATA_DIR: dataDir });
    tenant = await createTenant(t);
    const settings = t.config.storage.s3!;
    client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: true,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    });
  });
  afterAll(async () => {
    client.destroy();
    await t.close();
  });

  it('uses the S3 adapter and created the bucket at start', async () => {
    expect(t.app.get<FileStorage>(FILE_STORAGE)).toBeInstanceOf(S3FileStorage);
    expect(await objectKeys()).toEqual([]);
  });

  it('stores an upload as an object and serves it whole and in ranges', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([400, 300]).drawText('Haushaltssatzung im Objektspeicher', { x: 30, y: 200, size: 14, font });
    const bytes = Buffer.from(await pdf.save());

    const res = await t
      .http()
      .post(`/api/v1/bodies/${tenant.body.key}/files/upload`)
      .set(bearer(tenant.admin.token))
      .attach('file', bytes, 'Haushalt.pdf')
      .expect(201);
    const id = res.body.id as string;
    expect(res.body.text).toContain('Haushaltssatzung im Objektspeicher');
    // Stored under its checksum, so the same document uploaded again takes no second object.
    expect(await objectKeys()).toEqual([createHash('sha512').update(bytes).digest('hex')]);
    // Only spool space on the local disk, and the spool is empty again.
    expect(readdirSync(join(dataDir, 'files'))).toEqual(['tmp']);
    expect(readdirSync(join(dataDir, 'files', 'tmp'))).toEqual([]);

    // Not linked to anything public: only the council office may fetch it.
    const url = `/${tenant.body.key}/dateien/${id}`;
    const get = () => t.http().get(url).set(bearer(tenant.admin.token));
    await t.http().get(url).expect(404);
    const whole = await get().buffer(true).expect(200);
    expect(whole.headers['content-length']).toBe(String(bytes.length));
    expect(Buffer.from(whole.body as Buffer).equals(bytes)).toBe(true);

    // HEAD answers from the row alone, with the object's length.
    const head = await t.http().head(url).set(bearer(tenant.admin.token)).expect(200);
    expect(head.headers['content-length']).toBe(String(bytes.length));

    const part = await get().set('Range', 'bytes=10-59').buffer(true).expect(206);
    expect(part.headers['content-range']).toBe(`bytes 10-59/${bytes.length}`);
    expect(part.headers['content-length']).toBe('50');
    expect(Buffer.from(part.body as Buffer).equals(bytes.subarray(10, 60))).toBe(true);
    const tail = await get().set('Range', 'bytes=-7').buffer(true).expect(206);
    expect(Buffer.from(tail.body as Buffer).equals(bytes.subarray(bytes.length - 7))).toBe(true);
  });

  it('keeps a document attached twice as one object, and both files serve it', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([400, 300]).drawText('Lageplan zu zwei Vorlagen', { x: 30, y: 200, size: 14, font });
    const bytes = Buffer.from(await pdf.save());
    const before = await objectKeys();
    const upload = async (name: string) =>
      (
        await t
          .http()
          .post(`/api/v1/bodies/${tenant.body.key}/files/upload`)
          .set(bearer(tenant.admin.token))
          .attach('file', bytes, name)
          .expect(201)
      ).body.id as string;
    const first = await upload('Lageplan.pdf');
    const second = await upload('Lageplan Kopie.pdf');
    expect(second).not.toBe(first);
    const key = createHash('sha512').update(bytes).digest('hex');
    expect(await objectKeys()).toEqual([...before, key].sort());
    for (const id of [first, second]) {
      const res = await t.http().get(`/${tenant.body.key}/dateien/${id}`).set(bearer(tenant.admin.token)).buffer(true).expect(200);
      expect(Buffer.from(res.body as Buffer).equals(bytes)).toBe(true);
    }
  });

  it('leaves no object behind when the transaction fails before or at commit', async () => {
    const before = await objectKeys();
    const rows = await t.dataSource.getRepository(File).count({ withDeleted: true });
    // Fails inside the transaction, before the object is written.
    await t
      .http()
      .post(`/api/v1/bodies/${tenant.body.key}/files/upload`)
      .set(bearer(tenant.admin.token))
      .field('role', 'main')
      .field('paperId', '00000000-0000-4000-8000-000000000000')
      .attach(
        'file',
        Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
        'a.png',
      )
      .expect(422);

    // Fails at COMMIT, after the object was written: a deferred unique constraint is only checked then.
    const content = t.app.get(ContentStore);
    const key = createHash('sha512').update('wird wieder entfernt').digest('hex');
    const spoolPath = join(t.app.get<FileStorage>(FILE_STORAGE).spoolDir, `${randomUUID()}.bin`);
    writeFileSync(spoolPath, 'wird wieder entfernt');
    const storage = t.app.get<FileStorage>(FILE_STORAGE);
    await expect(
      content.store(key, spoolPath, async (manager) => {
        await manager.query('CREATE TEMPORARY TABLE commit_guard (n int UNIQUE DEFERRABLE INITIALLY DEFERRED) ON COMMIT DROP');
        await manager.query('INSERT INTO commit_guard VALUES (1), (1)');
      }),
    ).rejects.toThrow(/duplicate key/);
    // The object was written, then removed again once the commit failed.
    expect(s3.events.filter((e) => e.key === key).map((e) => e.name)).toEqual(['ObjectCreated:Put', 'ObjectRemoved:Delete']);
    expect(await storage.exists(key)).toBe(false);
    expect(await objectKeys()).toEqual(before);
    expect(await t.dataSource.getRepository(File).count({ withDeleted: true })).toBe(rows);
    rmSync(spoolPath, { force: true });
  });
});
