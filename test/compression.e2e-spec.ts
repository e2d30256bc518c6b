import { get, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Body } from 'src/bodies/body.entity';
import { FileLink, FileRole } from 'src/files/file-link.entity';
import { MeetingState } from 'src/meetings/meeting.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { PublicCacheFastPath } from 'src/public-cache/public-cache.fast-path';
import { PublicCacheService } from 'src/public-cache/public-cache.service';
import { createAgendaItems, createMeeting } from './support/meeting-factories';
import { createOrganization, createStoredFile, createTenant } from './support/factories';
import { readAnswerStart } from './support/event-stream';
import { createTestApp, TestApp, untilListening } from './support/test-app';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as they came over the wire, not decoded. */
  bytes: Buffer;
}

/** Decodes a body the way a browser does, from its Content-Encoding. */
function decoded(answer: RawAnswer): string {
  const coding = answer.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(answer.bytes).toString('utf8');
  if (coding === 'gzip') return gunzipSync(answer.bytes).toString('utf8');
  if (coding !== undefined) throw new Error(`Unexpected content coding ${coding}`);
  return answer.bytes.toString('utf8');
}

describe.each(['notify', 'query'])('Compressed answers, cache freshness by %s', (freshness) => {
  let t: TestApp;
  let body: Body;
  let meeting: Meeting;
  let token: string;
  let pdf: Buffer;
  let fileId: string;

  // One instance directly (not the round-robin proxy of TEST_INSTANCES=2), so each request's
  // cache state is known; raw HTTP, so the bytes are seen as sent.
  const raw = (path: string, headers: Record<string, string> = {}): Promise<RawAnswer> => {
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes: Buffer.concat(chunks) }));
        response.on('error', reject);
      }).on('error', reject);
    });
  };
  const meetingPath = () => `/${body.key}/sitzungen/${meeting.id}`;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_CACHE_FRESHNESS: freshness });
    if (freshness === 'notify') await untilListening(t.instances);
    const tenant = await createTenant(t);
    body = tenant.body;
    token = tenant.member.token;
    const council = await createOrganization(t.dataSource, body, { name: 'Gemeinderat' });
    meeting = await createMeeting(t.dataSource, body, council, { name: 'Sitzung des Gemeinderates', state: MeetingState.Invited });
    const items = await createAgendaItems(t.dataSource, body, meeting, 30, { public: true });
    const file = await createStoredFile(t, body, { name: 'Bebauungsplan Am Mühlbach' });
    await t.dataSource
      .getRepository(FileLink)
      .save({ bodyId: body.id, fileId: file.id, role: FileRole.Auxiliary, agendaItemId: items[0].id });
    fileId = file.id;
    pdf = (await raw(`/${body.key}/dateien/${file.id}`)).bytes;
  });
  afterAll(() => t.close());

  it('sends a public page in brotli or gzip as asked, the same page as the plain one, also from the cache', async () => {
    const plain = await raw(meetingPath());
    expect(plain.status).toBe(200);
    expect(plain.headers['x-cache']).toBe('miss');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const page = plain.bytes.toString('utf8');
    expect(page).toContain('TOP 30');

    const fastPath = PublicCacheFastPath.of(t.app.getHttpServer())!;
    const before = fastPath.answered;
    const brotli = await raw(meetingPath(), { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gzip = await raw(meetingPath(), { 'accept-encoding': 'gzip' });
    const none = await raw(meetingPath(), { 'accept-encoding': 'identity' });
    // With notifications the hits are answered before Fastify; by query they pass its hooks.
    expect(fastPath.answered - before).toBe(freshness === 'notify' ? 3 : 0);

    expect(brotli.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(none.headers['content-encoding']).toBeUndefined();
    for (const answer of [brotli, gzip, none]) {
      expect(answer.status).toBe(200);
      expect(answer.headers['x-cache']).toBe('hit');
      expect(decoded(answer)).toBe(page);
      expect(Number(answer.headers['content-length'])).toBe(answer.bytes.length);
      expect(answer.headers.etag).toBe(plain.headers.etag);
    }
    for (const answer of [plain, brotli, gzip, none]) expect(answer.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.headers.etag).toMatch(/^W\//);
    expect(brotli.bytes.length).toBeLessThan(plain.bytes.length / 3);
  });

  it('compresses a page once per coding and keeps the copy with the stored page', async () => {
    const path = `/${body.key}/gremien`;
    const first = await raw(path, { 'accept-encoding': 'br' });
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.headers['content-encoding']).toBe('br');
    const cache = t.app.get(PublicCacheService);
    const stored = cache.lookup(path, (await cache.version({ bodyKey: body.key }))!);
    expect(stored?.encoded.br?.equals(first.bytes)).toBe(true);
    expect(stored?.encoded.gzip).toBeUndefined();
    const second = await raw(path, { 'accept-encoding': 'br' });
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it('answers a conditional request with 304 whichever coding the client holds', async () => {
    const brotli = await raw(meetingPath(), { 'accept-encoding': 'br' });
    for (const coding of ['br', 'gzip', 'identity']) {
      const again = await raw(meetingPath(), { 'accept-encoding': coding, 'if-none-match': brotli.headers.etag! });
      expect(again.status).toBe(304);
      expect(again.bytes.length).toBe(0);
    }
  });

  it('compresses a member’s page, which is never cached', async () => {
    const member = await raw(meetingPath(), { 'accept-encoding': 'br', authorization: `Bearer ${token}` });
    expect(member.status).toBe(200);
    expect(member.headers['x-cache']).toBeUndefined();
    expect(member.headers['content-encoding']).toBe('br');
    expect(member.headers['cache-control']).toMatch(/private/);
    expect(decoded(member)).toContain('TOP 30');
  });

  it('compresses OParl JSON with a weak validator that still answers 304', async () => {
    const path = `/oparl/v1.1/bodies/${body.key}/meetings`;
    const json = await raw(path, { 'accept-encoding': 'br' });
    expect(json.status).toBe(200);
    expect(json.headers['content-encoding']).toBe('br');
    expect(json.headers.etag).toMatch(/^W\/"/);
    expect(JSON.parse(decoded(json))).toHaveProperty('data');
    expect((await raw(path, { 'accept-encoding': 'br', 'if-none-match': json.headers.etag! })).status).toBe(304);
  });

  it('streams an export compressed, with the same rows as the plain one', async () => {
    const path = `/${body.key}/export?daten=tagesordnungspunkte&format=csv&von=2026-01-01&bis=2026-12-31`;
    const plain = await raw(path);
    const gzip = await raw(path, { 'accept-encoding': 'gzip' });
    expect(plain.status).toBe(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers['content-length']).toBeUndefined();
    expect(decoded(gzip)).toBe(plain.bytes.toString('utf8'));
    expect(decoded(gzip)).toContain('TOP 30');
  });

  it('sends documents, ranges and small answers as they are', async () => {
    const download = await raw(`/${body.key}/dateien/${fileId}`, { 'accept-encoding': 'br, gzip' });
    expect(download.status).toBe(200);
    expect(download.headers['content-encoding']).toBeUndefined();
    expect(download.headers['accept-ranges']).toBe('bytes');
    expect(download.bytes.equals(pdf)).toBe(true);
    expect(download.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const range = await raw(`/${body.key}/dateien/${fileId}`, { 'accept-encoding': 'br', range: 'bytes=0-9' });
    expect(range.status).toBe(206);
    expect(range.headers['content-encoding']).toBeUndefined();
    expect(range.bytes.equals(pdf.subarray(0, 10))).toBe(true);

    const missing = await raw(`/api/v1/bodies/${body.key}/meetings/00000000-0000-4000-8000-000000000000`, {
      'accept-encoding': 'br',
      authorization: `Bearer ${token}`,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(missing.bytes.toString('utf8'))).toHaveProperty('message');
  });

  it('puts a freshly salted CSRF token into every compressed form, so sizes tell nothing about the secret', async () => {
    const first = await raw('/anmelden', { 'accept-encoding': 'br' });
    const cookie = String(first.headers['set-cookie']?.[0] ?? '').split(';')[0];
    expect(cookie).toMatch(/=/);
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const page = await raw('/anmelden', { 'accept-encoding': 'br', cookie });
      expect(page.headers['content-encoding']).toBe('br');
      const token = /name="_csrf" value="([^"]+)"/.exec(decoded(page))?.[1];
      expect(token).toBeDefined();
      tokens.add(token!);
    }
    expect(tokens.size).toBe(3);
  });

  it('leaves a live event stream uncompressed, so each event arrives when it is sent', async () => {
    const stream = await readAnswerStart(t.app, `${meetingPath()}/live/ereignisse`, {
      accept: 'text/event-stream',
      'accept-encoding': 'br, gzip',
    });
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['content-encoding']).toBeUndefined();
    expect(stream.text).toMatch(/^(?:event|data|:)/m);
  });
});
