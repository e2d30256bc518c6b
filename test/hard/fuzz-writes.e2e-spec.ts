import fc from 'fast-check';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from 'src/app';
import { bearer, createAccount, createMembership, createOrganization, createTenant } from '../support/factories';
import { createAgendaItem, createMeeting } from '../support/meeting-factories';
import { createTestApp, TestApp } from '../support/test-app';
import { changedDigestTables as changedTables, dbDigest, DbDigest } from './support/db-digest';
import { errorShapeProblems } from './support/error-shape';
import { isApiWrite, listRoutes, pathParams, RouteInfo, toOpenApiPath } from '../support/routes';

/**
 * Every write endpoint of the API, found in the running application, gets hostile input: bodies
 * built from its OpenAPI schema with one part made wrong, random JSON, non-JSON bodies under
 * various content types, bad ids in the path and, for uploads, hostile multipart fields. For
 * every answer: never a 5xx; every 4xx in the one JSON error shape; and a rejected request
 * leaves the database exactly as it was (a digest of all tables, see support/db-digest.ts).
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<seed> npx jest --runInBand test/hard/fuzz-writes.e2e-spec.ts
 * Search harder with FUZZ_RUNS=<runs per route and mode>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 14);

type Schema = { $ref?: string; type?: string; format?: string; enum?: unknown[]; items?: Schema; allOf?: Schema[] } & {
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  nullable?: boolean;
};

/** What one fuzzed request sends. */
type Payload =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string | null; body: string | Buffer }
  | { kind: 'multipart'; fields: [string, string][]; files: { field: string; name: string; contentType: string; bytes: Buffer }[] };

interface Case {
  /** Values for the path parameters; `null` keeps the fixture's real id. */
  params: Record<string, string | null>;
  payload: Payload;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const HUGE_STRING = 'x'.repeat(200_000);
const deepObject = (depth: number): unknown => {
  let value: unknown = 'tief';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};
const deepArray = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

const hostileString = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'Rat\u0000haus',
      HUGE_STRING,
      '\u202Efdp.exe',
      '\uD800',
      '\uFEFF',
      '💥'.repeat(3000),
      "'; DROP TABLE person; --",
      '<script>alert(1)</script>',
      '{{7*7}}',
      '../../etc/passwd',
      'NaN',
      '-1',
      '1e999',
      'true',
      'null',
      '2026-02-30',
      '2026-13-01',
      '0000-00-00',
      '-infinity',
      '275760-09-13T00:00:00Z',
      '2026-03-10T25:61:00Z',
      '00000000-0000-0000-0000-00000000000g',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'mailto:x@y',
      'javascript:alert(1)',
      '%00',
      'a\r\nSet-Cookie: x=1',
    ),
  },
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Tried on every property of every body in turn, so the worst cases never depend on luck. */
const SWEEP_VALUES: unknown[] = ['Rat\u0000haus', HUGE_STRING, null, { verschachtelt: [1] }, -1e308];

const hostileNumber = fc.oneof(
  fc.constantFrom(-1, -0, 0.5, 1e308, -1e308, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  fc.constantFrom(null, true, false, [], {}, [null], { '': null }, JSON.parse('{"__proto__": {"isAdmin": true}}') as unknown),
  fc.constantFrom(
    deepObject(2000),
    deepArray(2000),
    Array.from({ length: 10_000 }, (_, i) => i),
  ),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A plausible value for a schema, so a mutation elsewhere is what the server has to catch. */
function plausible(schema: Schema, doc: OpenAPIObject, ids: string[], depth = 0): unknown {
  const s = resolve(schema, doc);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.format === 'uuid') return ids[depth % ids.length];
  if (s.format === 'date') return '2026-03-10';
  if (s.format === 'date-time') return '2026-03-10T17:00:00.000Z';
  if (s.type === 'string') return 'Fuzz';
  if (s.type === 'number' || s.type === 'integer') return 1;
  if (s.type === 'boolean') return true;
  if (s.type === 'array') return s.items && depth < 3 ? [plausible(s.items, doc, ids, depth + 1)] : [];
  if (s.properties && depth < 3) {
    return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, plausible(v, doc, ids, depth + 1)]));
  }
  return {};
}

function resolve(schema: Schema, doc: OpenAPIObject): Schema {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc.components!.schemas![name], doc);
  }
  if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0], doc), ...schema, allOf: undefined };
  return schema;
}

/** Property names of an object schema, or of the items of an array schema. */
function propertyNames(schema: Schema, doc: OpenAPIObject): string[] {
  const s = resolve(schema, doc);
  if (s.type === 'array' && s.items) return propertyNames(s.items, doc);
  return Object.keys(s.properties ?? {});
}

/** Applies one wrong thing to a plausible body: a property with a hostile value, a missing one, an extra one. */
function mutate(base: unknown, names: string[]): fc.Arbitrary<unknown> {
  const target = (value: unknown): Record<string, unknown> | null => {
    if (Array.isArray(value))
      return (value.find((v) => v && typeof v === 'object' && !Array.isArray(v)) as Record<string, unknown>) ?? null;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  };
  const name = names.length ? fc.constantFrom(...names) : fc.constant('name');
  const mutation = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.constant('set' as const), name, hostileValue) },
    fc.tuple(fc.constant('drop' as const), name, fc.constant(undefined)),
    fc.tuple(fc.constant('extra' as const), fc.constantFrom('isAdmin', 'bodyId', 'id', 'createdAt', 'constructor', '$where'), hostileValue),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((steps) => {
    const copy = structuredClone(base);
    const object = target(copy);
    for (const [op, key, value] of steps) {
      if (!object) break;
      if (op === 'drop') delete object[key];
      else object[key] = value;
    }
    return copy;
  });
}

/** Bodies that are not JSON, or not what the content type says. */
const rawBody: fc.Arbitrary<Payload> = fc.constantFrom<Payload>(
  { kind: 'raw', contentType: 'application/json', body: '{"name": "Rat' },
  { kind: 'raw', contentType: 'application/json', body: '\u0000' },
  { kind: 'raw', contentType: 'application/json', body: '' },
  { kind: 'raw', contentType: 'application/json', body: 'null' },
  { kind: 'raw', contentType: 'application/json', body: '"text"' },
  { kind: 'raw', contentType: 'application/json', body: '12345678901234567890123456789' },
  { kind: 'raw', contentType: 'application/json', body: '{"name":"a","name":{"b":1}}' },
  { kind: 'raw', contentType: 'application/json', body: '{"__proto__": {"isAdmin": true}, "name": "x"}' },
  { kind: 'raw', contentType: 'application/json', body: '{"constructor": {"prototype": {"x": 1}}}' },
  { kind: 'raw', contentType: 'application/json', body: `{"name":"${'a'.repeat(2.5 * 1024 * 1024)}"}` },
  { kind: 'raw', contentType: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) },
  { kind: 'raw', contentType: 'application/json; charset=utf-16', body: '{}' },
  { kind: 'raw', contentType: 'text/plain', body: 'name=Ausschuss' },
  {
    kind: 'raw',
    contentType: 'application/xml',
    body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
  },
  { kind: 'raw', contentType: 'application/x-www-form-urlencoded', body: 'name=a&name=b&__proto__[isAdmin]=1' },
  {
    kind: 'raw',
    contentType: 'multipart/form-data; boundary=zz',
    body: '--zz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n',
  },
  { kind: 'raw', contentType: 'multipart/form-data', body: 'no boundary at all' },
  { kind: 'raw', contentType: 'application/octet-stream', body: Buffer.from([0, 1, 2, 3, 255]) },
  { kind: 'raw', contentType: 'image/png', body: Buffer.from('89504e470d0a1a0a', 'hex') },
  { kind: 'raw', contentType: null, body: '{"name":"ohne Typ"}' },
  { kind: 'raw', contentType: 'application/json', body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
  { kind: 'raw', contentType: 'application/json', body: `${'['.repeat(50_000)}${']'.repeat(50_000)}` },
);

/** Bodies for one JSON route: near-valid ones from its schema, random JSON, and non-JSON. */
function jsonPayloads(schema: Schema | undefined, doc: OpenAPIObject, ids: string[]): fc.Arbitrary<Payload> {
  const base = schema ? plausible(schema, doc, ids) : {};
  const names = schema ? propertyNames(schema, doc) : [];
  return fc.oneof(
    { weight: 5, arbitrary: mutate(base, names).map((value): Payload => ({ kind: 'json', value })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>([base], null, 'text', 42, true, []).map((value): Payload => ({ kind: 'json', value })),
    },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value): Payload => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: rawBody },
  );
}

const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** Multipart bodies: the schema's text fields with hostile values, extra fields, odd or missing file parts. */
function multipartPayloads(schema: Schema, doc: OpenAPIObject, ids: string[]): fc.Arbitrary<Payload> {
  const s = resolve(schema, doc);
  const props = Object.entries(s.properties ?? {});
  const fileFields = props.filter(([, p]) => p.format === 'binary').map(([k]) => k);
  const textFields = props.filter(([, p]) => p.format !== 'binary');
  const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  const field = fc.oneof(
    ...textFields.map(([name, p]) =>
      fc
        .oneof(
          fc.constant(asText(plausible(p, doc, ids))),
          hostileString.filter((v) => v.length < 10_000),
        )
        .map((v): [string, string] => [name, v]),
    ),
    fc.tuple(
      fc.constantFrom('isAdmin', 'bodyId', 'storageKey', 'file'),
      hostileString.filter((v) => v.length < 10_000),
    ),
  );
  const fileBytes = fc.oneof(
    fc.constant(TINY_PNG),
    fc.constant(Buffer.alloc(0)),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  );
  const fileName = fc.oneof(
    fc.constantFrom(
      'anlage.pdf',
      '../../etc/passwd',
      '/etc/shadow',
      'C:\\Windows\\win.ini',
      'a"b\r\nX-Evil: 1.pdf',
      '\u202Efdp.exe',
      'x'.repeat(5000),
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const file = fc.record({
    field: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(fileFields.length ? fileFields : ['file'])) },
      fc.constantFrom('name', 'datei', ''),
    ),
    name: fileName,
    contentType: fc.constantFrom('image/png', 'application/pdf', 'text/html', 'application/x-msdownload', ''),
    bytes: fileBytes,
  });
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('multipart' as const),
        fields: fc.array(field, { maxLength: 6 }),
        files: fc.array(file, { maxLength: 2 }),
      }),
    },
    { weight: 1, arbitrary: rawBody },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): Payload => ({ kind: 'json', value })) },
  );
}

/** Path parameter values that are not a usable id of this body. */
const badId = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '0',
    '-1',
    '99999999999999999999999',
    '00000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-00000000000g',
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    'a%00b',
    '%E2%80%AE',
    '%FF',
    'x'.repeat(3000),
    'null',
    'undefined',
    '%7B%7D',
  ),
  fc.uuid(),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);
const badBodyKey = fc.constantFrom('gibt-es-nicht', '..', '%2E%2E', '%00', 'x'.repeat(3000), '%FF', 'a%20b');

// ---------------------------------------------------------------------------------------------

describe('Hostile input on every write endpoint', () => {
  let t: TestApp;
  let dataDir: string;
  let doc: OpenAPIObject;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let operatorToken: string;
  /** Real ids by the path segment in front of a parameter, e.g. `meetings` → the meeting's id. */
  const fixtureIds: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-fuzz-'));
    t = await createTestApp({ DATA_DIR: dataDir, UPLOAD_MAX_MB: '1' });
    doc = buildOpenApiDocument(t.app);
    tenant = await createTenant(t);
    operatorToken = (await createAccount(t, 'operator')).token;
    const { body } = tenant;
    const ds = t.dataSource;
    const api = async (path: string, value: object, token = tenant.admin.token) => {
      const res = await t.http().post(`/api/v1/bodies/${body.key}${path}`).set(bearer(token)).send(value);
      if (res.status >= 300) throw new Error(`fixture ${path}: ${res.status} ${res.text}`);
      return (res.body as { id: string }).id;
    };
    const organization = await createOrganization(ds, body);
    const meeting = await createMeeting(ds, body, organization);
    const item = await createAgendaItem(ds, body, meeting);
    const membership = await createMembership(ds, body, tenant.person, organization, { votingRight: true });
    const paper = await api('/papers', { name: 'Vorlage' });
    const file = await api('/files', { name: 'Anlage' });
    Object.assign(fixtureIds, {
      accounts: tenant.member.account.id,
      organizations: organization.id,
      persons: tenant.person.id,
      memberships: membership.id,
      meetings: meeting.id,
      'agenda-items': item.id,
      papers: paper,
      files: file,
      links: (
        (
          await t
            .http()
            .post(`/api/v1/bodies/${body.key}/files/${file}/links`)
            .set(bearer(tenant.admin.token))
            .send({ role: 'auxiliary', paperId: paper })
        ).body as { links: { id: string }[] }
      ).links[0].id,
      consultations: await api(`/papers/${paper}/consultations`, { organizationId: organization.id }),
      votes: await api(`/meetings/${meeting.id}/agenda-items/${item.id}/votes`, {
        subject: 'Antrag',
        kind: 'open',
        yes: 0,
        no: 0,
        abstain: 0,
      }),
      'legislative-terms': await api('/legislative-terms', { name: 'Wahlperiode 2024–2029' }),
      locations: await api('/locations', { room: 'Ratssaal' }),
      'calendar-tokens': await api('/calendar-tokens', {}, tenant.member.token),
      // A council member's own note, on the meeting their committee holds.
      annotations: await api('/annotations', { meetingId: meeting.id, audience: 'private', text: 'Notiz' }, tenant.member.token),
    });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The real id for a parameter, by the collection segment in front of it. */
  const realId = (path: string, param: string): string | undefined => {
    const segments = path.split('/');
    const at = segments.indexOf(`:${param}`);
    return fixtureIds[segments[at - 1]];
  };

  const tokenFor = async (route: RouteInfo): Promise<Record<string, string>> => {
    // Logging out with any body succeeds and would end the session every other request uses.
    if (route.path === '/api/v1/auth/logout') return bearer((await createAccount(t, 'operator')).token);
    if (route.access === 'operator') return bearer(operatorToken);
    if (route.access === 'public') return {};
    // Reader routes that write are personal (calendar tokens of a council member linked to a person).
    if (route.access === 'bodyReader') return bearer(tenant.member.token);
    return bearer(tenant.admin.token);
  };

  async function send(route: RouteInfo, c: Case, headers: Record<string, string>): Promise<{ res: Response; url: string }> {
    let url = route.path;
    for (const param of pathParams(route.path)) {
      const given = c.params[param];
      const value =
        given ?? (param === 'bodyKey' ? tenant.body.key : (realId(route.path, param) ?? '00000000-0000-4000-8000-000000000000'));
      url = url.replace(`:${param}`, value);
    }
    const req = t.http()[route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](url).set(headers).timeout(30_000);
    const p = c.payload;
    // Sent as text: supertest refuses bare numbers and booleans, which are valid JSON bodies.
    if (p.kind === 'json') return { res: await req.set('Content-Type', 'application/json').send(JSON.stringify(p.value) ?? 'null'), url };
    if (p.kind === 'raw') {
      if (p.contentType) void req.set('Content-Type', p.contentType);
      return { res: await req.send(p.body), url };
    }
    for (const [name, value] of p.fields) void req.field(name, value);
    for (const f of p.files) void req.attach(f.field, f.bytes, { filename: f.name, contentType: f.contentType || undefined });
    if (p.fields.length === 0 && p.files.length === 0)
      void req.set('Content-Type', 'multipart/form-data; boundary=leer').send('--leer--\r\n');
    return { res: await req, url };
  }

  const describeCase = (c: Case) =>
    JSON.stringify(c, (_, v: unknown) => {
      if (typeof v === 'string' && v.length > 120) return `${v.slice(0, 60)}…(${v.length} chars)`;
      if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer') return '<bytes>';
      return v;
    }).slice(0, 700);

  /** Waits until background work started by an accepted request has settled, then returns the new digest. */
  async function settledDigest(): Promise<DbDigest> {
    let previous = await dbDigest(t.dataSource);
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const next = await dbDigest(t.dataSource);
      if (changedTables(previous, next).length === 0) return next;
      previous = next;
    }
    return previous;
  }

  const spoolLeftovers = () => {
    const spool = join(dataDir, 'files', 'tmp');
    try {
      return readdirSync(spool);
    } catch {
      return [];
    }
  };

  it(
    'never answers a 5xx, keeps the error shape and leaves the database alone on rejection',
    async () => {
      const all = listRoutes(t.app);
      // Destructive routes last, so fixtures the others need survive as long as possible.
      const order = (r: RouteInfo) => (r.method === 'DELETE' ? 1 : 0);
      const routes = all.filter(isApiWrite).sort((a, b) => order(a) - order(b));
      expect(routes.length).toBeGreaterThan(40);
      // A write route without an OpenAPI operation would only get schema-less fuzzing; it should be documented.
      const undocumented = routes.filter((r) => !doc.paths[toOpenApiPath(r.path)]?.[r.method.toLowerCase() as 'post']);
      expect(undocumented).toEqual([]);
      // A new route whose parameter names no fixture (fixtureIds) would meet only 404s; add one there.
      const unmapped = routes.flatMap((r) =>
        pathParams(r.path)
          .filter((p) => p !== 'bodyKey' && !realId(r.path, p))
          .map((p) => `${r.path} :${p}`),
      );
      expect(unmapped).toEqual([]);

      console.log(`fuzz-writes: seed=${SEED} runs=${RUNS} per route and mode, ${routes.length} routes`);
      const started = Date.now();
      const failures: string[] = [];
      let baseline = await dbDigest(t.dataSource);
      let requests = 0;
      let accepted = 0;

      const check = async (route: RouteInfo, c: Case, mustReject: boolean) => {
        const headers = await tokenFor(route);
        // A throwaway logout session is a new account row: part of the setup, not of the request.
        if (route.path === '/api/v1/auth/logout') baseline = await dbDigest(t.dataSource);
        const { res, url } = await send(route, c, headers);
        requests++;
        const where = `${route.method} ${url.slice(0, 200)} → ${res.status}`;
        if (res.status >= 500) throw new Error(`${where}: server error ${res.text.slice(0, 300)}`);
        if (res.status < 400) {
          if (mustReject) throw new Error(`${where}: accepted a request with a bad path parameter`);
          accepted++;
          baseline = await settledDigest();
          return;
        }
        const problems = errorShapeProblems(res);
        if (problems.length) throw new Error(`${where}: error shape: ${problems.join('; ')}`);
        const after = await dbDigest(t.dataSource);
        const changed = changedTables(baseline, after);
        if (changed.length) {
          baseline = after;
          throw new Error(`${where}: rejected, but changed ${changed.join(', ')}`);
        }
        const leftovers = spoolLeftovers();
        if (leftovers.length) throw new Error(`${where}: left spool files ${leftovers.join(', ')}`);
      };

      // Part 1: every property of every body, one sweep value at a time, the rest plausible.
      for (const route of routes) {
        const operation = doc.paths[toOpenApiPath(route.path)][route.method.toLowerCase() as 'post'];
        const content = (operation?.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
        const schema = content['application/json']?.schema ?? content['multipart/form-data']?.schema;
        if (!schema) continue;
        const multipart = Boolean(content['multipart/form-data']);
        const base = plausible(schema, doc, Object.values(fixtureIds));
        for (const name of propertyNames(schema, doc)) {
          for (const value of SWEEP_VALUES) {
            const body = structuredClone(base) as Record<string, unknown> | Record<string, unknown>[];
            const target = Array.isArray(body) ? body[0] : body;
            if (!target || typeof target !== 'object') continue;
            let payload: Payload;
            if (multipart) {
              if (resolve(resolve(schema, doc).properties![name], doc).format === 'binary') continue;
              const fields = Object.entries(target)
                .filter(([k]) => k !== name && typeof target[k] === 'string' && resolve(schema, doc).properties![k].format !== 'binary')
                .map(([k, v]): [string, string] => [k, String(v)]);
              fields.push([name, typeof value === 'string' ? value.slice(0, 20_000) : JSON.stringify(value)]);
              payload = {
                kind: 'multipart',
                fields,
                files: [{ field: 'file', name: 'lageplan.png', contentType: 'image/png', bytes: TINY_PNG }],
              };
            } else {
              target[name] = value;
              payload = { kind: 'json', value: body };
            }
            try {
              await check(route, { params: {}, payload }, false);
            } catch (error) {
              failures.push(
                `${route.method} ${route.path} (sweep ${name}): ${String(error)}\n  case: ${describeCase({ params: {}, payload })}`,
              );
              break;
            }
          }
        }
      }

      // Part 2: random hostile requests per route, from fast-check.
      for (const route of routes) {
        const operation = doc.paths[toOpenApiPath(route.path)][route.method.toLowerCase() as 'post'];
        const content = (operation?.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content ?? {};
        const multipart = content['multipart/form-data']?.schema;
        const jsonSchema = content['application/json']?.schema;
        const params = pathParams(route.path);
        const ids = Object.values(fixtureIds);
        const payloads = multipart ? multipartPayloads(multipart, doc, ids) : jsonPayloads(jsonSchema, doc, ids);

        // Mode 1: real ids, hostile bodies. Routes without a body are covered by mode 2 only:
        // with real ids they are plain valid actions (delete, publish, revoke).
        const hasBody = Boolean(multipart || jsonSchema) || route.path === '/api/v1/auth/logout';
        if (hasBody) {
          const result = await fc.check(
            fc.asyncProperty(payloads, (payload) => check(route, { params: {}, payload }, false)),
            { seed: SEED, numRuns: RUNS, endOnFailure: true },
          );
          if (result.failed)
            failures.push(
              `${route.method} ${route.path} (bodies): ${String(result.errorInstance)}\n  case: ${describeCase({ params: {}, payload: result.counterexample![0] })}`,
            );
        }

        // Mode 2: at least one path parameter that names nothing of this body; must always be refused.
        if (params.length > 0) {
          const paramArb = fc.record(
            Object.fromEntries(
              params.map((p) => [p, p === 'bodyKey' ? fc.option(badBodyKey, { nil: null }) : fc.option(badId, { nil: null })]),
            ),
          ) as fc.Arbitrary<Record<string, string | null>>;
          const bad = paramArb.filter((ps) => Object.values(ps).some((v) => v !== null));
          const result = await fc.check(
            fc.asyncProperty(bad, payloads, (ps, payload) => check(route, { params: ps, payload }, true)),
            { seed: SEED, numRuns: Math.max(4, Math.ceil(RUNS / 2)), endOnFailure: true },
          );
          if (result.failed) {
            const [ps, payload] = result.counterexample!;
            failures.push(
              `${route.method} ${route.path} (path): ${String(result.errorInstance)}\n  case: ${describeCase({ params: ps, payload })}`,
            );
          }
        }
      }

      console.log(`fuzz-writes: ${requests} requests (${accepted} accepted) in ${Math.round((Date.now() - started) / 1000)} s`);
      expect(failures).toEqual([]);
      // Generous: the default runs take about half a minute; FUZZ_RUNS scales the work.
    },
    Math.max(170_000, RUNS * 12_000),
  );
});
