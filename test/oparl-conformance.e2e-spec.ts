import { ValidateFunction } from 'ajv';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { demoTownBodyId, loadDemoIfEmpty } from 'src/demo/demo-loader';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';
import { Visibility } from 'src/visibility/visibility';
import { EXTENSION_NAMESPACE } from 'src/oparl/oparl-extension';
import { loadOparlValidators, officialSchemasPresent, OPARL_SCHEMA_DIR } from './support/oparl-schemas';
import { createTestApp, TestApp } from './support/test-app';

const PUBLIC_URL = 'http://ratsinfo.test';
const SYSTEM = `${PUBLIC_URL}/oparl/v1.1`;
const MARK = 'NICHTÖFFENTLICH-MARKE';
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_FIELDS = new Set(['created', 'modified', 'start', 'end', 'licenseValidSince', 'oparlSince']);
const DATE_FIELDS = new Set(['startDate', 'endDate', 'date']);
/** Arrays the schema requires, which must therefore be present even when empty. */
const REQUIRED_ARRAYS = new Set(['legislativeTerm', 'data']);

type Json = Record<string, unknown>;

interface Crawl {
  objects: Map<string, Json>;
  lists: Map<string, Json[]>;
  listTotals: Map<string, number>;
  problems: string[];
  schemaErrors: string[];
  bodies: string[];
}

const path = (url: string) => url.slice(PUBLIC_URL.length);
const typeName = (object: Json) => String(object.type).replace('https://schema.oparl.org/1.1/', '').replace(EXTENSION_NAMESPACE, '');

describe('OParl conformance: the whole demo graph', () => {
  let t: TestApp;
  let crawl: Crawl;
  /** The extension's schemas from the repository always; the specification's where its folder is there. */
  const validators = loadOparlValidators();
  const official = officialSchemasPresent();

  /** Every OParl URL inside a document (ids of embedded objects are resolved separately). */
  function urlsIn(value: unknown, found: Set<string>): void {
    if (typeof value === 'string') {
      if (value.startsWith(`${SYSTEM}`)) found.add(value);
    } else if (Array.isArray(value)) {
      for (const v of value) urlsIn(v, found);
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) urlsIn(v, found);
    }
  }

  /** Field rules the schema cannot express: spec date forms, no nulls, no empty values. */
  function checkFields(object: Json, where: string, problems: string[]): void {
    for (const [key, value] of Object.entries(object)) {
      if (value === null) problems.push(`${where}: ${key} is null`);
      if (value === '') problems.push(`${where}: ${key} is an empty string`);
      if (Array.isArray(value) && value.length === 0 && !REQUIRED_ARRAYS.has(key)) problems.push(`${where}: ${key} is an empty array`);
      if (DATE_TIME_FIELDS.has(key) && typeof value === 'string' && !DATE_TIME.test(value)) problems.push(`${where}: ${key} ${value}`);
      if (DATE_FIELDS.has(key) && typeof value === 'string' && !DATE.test(value)) problems.push(`${where}: ${key} ${value}`);
      if (value && typeof value === 'object') {
        const nested = Array.isArray(value) ? value : [value];
        for (const [i, n] of nested.entries()) {
          if (n && typeof n === 'object' && !Array.isArray(n)) checkFields(n as Json, `${where}.${key}[${i}]`, problems);
        }
      }
    }
    if ('type' in object && 'id' in object && !object.deleted && (!object.created || !object.modified)) {
      problems.push(`${where}: created/modified missing`);
    }
  }

  function validate(object: Json, where: string, errors: string[]): void {
    const type = String(object.type);
    if (!official && type.startsWith('https://schema.oparl.org/')) return;
    const validator: ValidateFunction | undefined = validators.get(typeName(object));
    if (
      !validator ||
      type !== `${type.startsWith(EXTENSION_NAMESPACE) ? EXTENSION_NAMESPACE : 'https://schema.oparl.org/1.1/'}${typeName(object)}`
    ) {
      errors.push(`${where}: unknown type ${String(object.type)}`);
      return;
    }
    if (!validator(object)) errors.push(`${where}: ${JSON.stringify(validator.errors?.slice(0, 3))}`);
  }

  async function get(url: string): Promise<{ status: number; body: Json; headers: Record<string, string> }> {
    const response = await t.http().get(path(url));
    return { status: response.status, body: response.body as Json, headers: response.headers };
  }

  async function crawlFrom(start: string): Promise<Crawl> {
    const result: Crawl = { objects: new Map(), lists: new Map(), listTotals: new Map(), problems: [], schemaErrors: [], bodies: [] };
    const queue = [start];
    const seen = new Set<string>(queue);
    const enqueue = (url: string) => {
      if (!seen.has(url)) {
        seen.add(url);
        queue.push(url);
      }
    };
    while (queue.length > 0) {
      const url = queue.shift()!;
      const { status, body, headers } = await get(url);
      if (status !== 200) {
        result.problems.push(`${url}: status ${status}`);
        continue;
      }
      if (headers['access-control-allow-origin'] !== '*') result.problems.push(`${url}: no CORS header`);
      if (!/^application\/json; charset=utf-8$/i.test(headers['content-type'])) result.problems.push(`${url}: ${headers['content-type']}`);
      const refs = new Set<string>();
      if (Array.isArray(body.data)) {
        // A list: walk all pages, each with data, pagination and links.
        const items: Json[] = [];
        let page: Json = body;
        let pageUrl = url;
        for (let guard = 0; guard < 1000; guard++) {
          if (!page.pagination || !page.links) result.problems.push(`${pageUrl}: list page without pagination/links`);
          for (const item of page.data as Json[]) {
            validate(item, `${pageUrl} ${String(item.id)}`, result.schemaErrors);
            checkFields(item, String(item.id), result.problems);
            items.push(item);
            urlsIn(item, refs);
          }
          const next = (page.links as Json | undefined)?.next as string | undefined;
          if (!next) break;
          if (next === pageUrl) {
            result.problems.push(`${pageUrl}: next points to itself`);
            break;
          }
          pageUrl = next;
          const nextPage = await get(next);
          if (nextPage.status !== 200) {
            result.problems.push(`${next}: status ${nextPage.status}`);
            break;
          }
          page = nextPage.body;
        }
        result.lists.set(url, items);
        result.listTotals.set(url, Number((body.pagination as Json).totalElements));
        // List items are objects too: their own URLs must answer as well.
        for (const item of items) enqueue(String(item.id));
      } else {
        if (body.id !== url) result.problems.push(`${url}: id is ${String(body.id)}`);
        validate(body, url, result.schemaErrors);
        checkFields(body, url, result.problems);
        result.objects.set(url, body);
        if (typeName(body) === 'Body') result.bodies.push(url);
        urlsIn(body, refs);
      }
      for (const ref of refs) enqueue(ref);
    }
    return result;
  }

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL });
    jest.spyOn(console, 'log').mockImplementation(() => {});
    await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config);
    // Markers in everything the public must never see; any of them in an answer is a leak.
    await t.dataSource.query(`UPDATE agenda_item SET name = name || ' ${MARK}', resolution_text = '${MARK}' WHERE NOT public`);
    await t.dataSource.query(`UPDATE meeting SET name = name || ' ${MARK}' WHERE published_at IS NULL`);
    await t.dataSource.query(`UPDATE paper SET name = name || ' ${MARK}' WHERE confidential`);
    await t.dataSource.query(
      `UPDATE vote v SET subject = subject || ' ${MARK}' FROM agenda_item i WHERE i.id = v.agenda_item_id AND NOT i.public`,
    );
    // The demo's votes are all open ones: a roll call and a secret ballot beside them, each on a public item.
    const voters = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM person WHERE deleted IS NULL ORDER BY id LIMIT 3`);
    const [votedItem] = await t.dataSource.query<{ id: string; body_id: string }[]>(
      `SELECT i.id, i.body_id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
        WHERE i.public AND i.deleted IS NULL AND m.published_at IS NOT NULL ORDER BY i.id LIMIT 1`,
    );
    const [rollCall] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO vote (body_id, agenda_item_id, position, subject, kind, yes, no, abstain, result)
        VALUES ($1, $2, 10, 'Namentliche Abstimmung', 'rollCall', 1, 1, 1, 'rejected'), ($1, $2, 11, 'Geheime Abstimmung', 'secret', 2, 1, 0, 'accepted')
        RETURNING id`,
      [votedItem.body_id, votedItem.id],
    );
    await t.dataSource.query(
      `INSERT INTO vote_cast (body_id, vote_id, person_id, choice) SELECT $1, $2, p, c FROM unnest($3::uuid[], $4::vote_cast_choice_enum[]) AS u(p, c)`,
      [votedItem.body_id, rollCall.id, voters.map((v) => v.id), ['yes', 'no', 'abstain']],
    );
    await t.dataSource.query(`UPDATE file SET text = '${MARK}', name = name || ' ${MARK}' WHERE confidential`);
    await t.dataSource.query(`UPDATE person SET email = ARRAY['${MARK}@example.org'] WHERE NOT 'email' = ANY(published_fields)`);
    await t.dataSource.query(`UPDATE person SET phone = ARRAY['${MARK}'], life = '${MARK}' WHERE NOT 'life' = ANY(published_fields)`);
    const p = Visibility.paper({ kind: 'public' }, 'p');
    await t.dataSource.query(`UPDATE paper p SET reference = reference || '-${MARK}' WHERE NOT (${p.sql})`);
    // Then the documents a fresh installation renders after its start (papers' documents, invitations,
    // bundles, minutes), from the marked data: none of their public versions may carry a marker.
    await t.app.get(DemoDocumentsService).complete(demoTownBodyId());
    crawl = await crawlFrom(SYSTEM);
  }, 600_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  it("reaches OParl's twelve types and the extension's Vote from the System object", () => {
    const types = new Set([...crawl.objects.values()].map(typeName));
    expect([...types].sort()).toEqual(
      [
        'AgendaItem',
        'Body',
        'Consultation',
        'File',
        'LegislativeTerm',
        'Location',
        'Meeting',
        'Membership',
        'Organization',
        'Paper',
        'Person',
        'System',
        'Vote',
      ].sort(),
    );
    expect(crawl.bodies).toEqual([`${SYSTEM}/bodies/lindenbach`]);
  });

  it("validates every vote against the extension's schema in the repository", () => {
    const vote = validators.get('Vote')!;
    const votes = [...crawl.objects.values()].filter((o) => typeName(o) === 'Vote');
    expect(votes.length).toBeGreaterThan(5);
    const invalid = votes.filter((o) => {
      const valid: boolean = vote(o);
      return !valid;
    });
    expect(invalid.map((o) => o.id)).toEqual([]);
    // It does reject what is wrong: a vote without its kind, a secret ballot naming who voted how, a foreign type.
    const [sample] = votes;
    const { kind: _kind, ...withoutKind } = sample;
    expect(vote(withoutKind)).toBe(false);
    expect(vote({ ...sample, kind: 'secret', personVote: [{ person: `${SYSTEM}/p`, choice: 'yes' }] })).toBe(false);
    expect(vote({ ...sample, type: 'https://schema.oparl.org/1.1/Vote' })).toBe(false);
    expect(vote({ id: sample.id, type: sample.type, created: sample.created, modified: sample.modified, deleted: true })).toBe(true);
  });

  it('validates every object against the official schemas', () => {
    if (!official) {
      console.warn(`OParl schema validation skipped: ${OPARL_SCHEMA_DIR} is not there (the extension's Vote was validated)`);
      expect(crawl.schemaErrors).toEqual([]);
      return;
    }
    // The validators do reject what is wrong (an agenda item without its required order).
    expect(validators.get('AgendaItem')!({ id: `${SYSTEM}/x`, type: 'https://schema.oparl.org/1.1/AgendaItem' })).toBe(false);
    expect(validators.get('Meeting')!({ id: `${SYSTEM}/x`, type: 'https://schema.oparl.org/1.1/Meeting', start: 'gestern' })).toBe(false);
    expect(crawl.objects.size).toBeGreaterThan(1000);
    expect(crawl.schemaErrors).toEqual([]);
  });

  it('finds no rule violations: every URL resolves, ids are where objects are served, spec forms', () => {
    expect(crawl.problems).toEqual([]);
  });

  it('serves complete lists whose totals match the database', async () => {
    const body = `${SYSTEM}/bodies/lindenbach`;
    for (const [url, items] of crawl.lists) {
      const ids = items.map((i) => i.id);
      expect({ url, unique: new Set(ids).size }).toEqual({ url, unique: ids.length });
      expect({ url, total: crawl.listTotals.get(url) }).toEqual({ url, total: items.length });
    }
    const [db] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM organization WHERE deleted IS NULL) AS organizations,
              (SELECT count(*)::int FROM person WHERE deleted IS NULL) AS persons,
              (SELECT count(*)::int FROM meeting WHERE deleted IS NULL AND published_at IS NOT NULL) AS meetings,
              (SELECT count(*)::int FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
                 WHERE i.deleted IS NULL AND m.deleted IS NULL AND m.published_at IS NOT NULL AND i.public) AS items,
              (SELECT count(*)::int FROM legislative_term WHERE deleted IS NULL) AS terms,
              (SELECT count(*)::int FROM paper p WHERE deleted IS NULL AND ${Visibility.paper({ kind: 'public' }, 'p').sql}) AS papers,
              (SELECT count(*)::int FROM vote v JOIN agenda_item i ON i.id = v.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
                 WHERE v.deleted IS NULL AND ${Visibility.agendaItem({ kind: 'public' }, 'i', 'm').sql}) AS votes,
              (SELECT count(*)::int FROM file f WHERE deleted IS NULL AND storage_key IS NOT NULL
                 AND ${Visibility.anyFile({ kind: 'public' }, 'f').sql}) AS files`,
    );
    const counts = (segment: string) => crawl.lists.get(`${body}/${segment}`)?.length;
    expect({
      organizations: counts('organizations'),
      persons: counts('persons'),
      meetings: counts('meetings'),
      items: counts('agenda-items'),
      terms: counts('legislative-terms'),
      papers: counts('papers'),
      votes: counts('votes'),
      files: counts('files'),
    }).toEqual(db);
    expect(db.papers).toBeGreaterThan(10);
    expect(db.files).toBeGreaterThan(10);
    // Every object the graph reaches is in its body list, and every embedded object is served alone.
    for (const [url, object] of crawl.objects) {
      const type = typeName(object);
      if (type === 'System' || type === 'Body') continue;
      const segment = url.slice(body.length + 1).split('/')[0];
      expect({ url, listed: crawl.lists.get(`${body}/${segment}`)?.some((i) => i.id === url) }).toEqual({ url, listed: true });
    }
  });

  it('lets no non-public content through', () => {
    const everything = JSON.stringify([...crawl.objects.values(), ...crawl.lists.values()]);
    expect(everything).not.toContain(MARK);
    const items = [...crawl.objects.values()].filter((o) => typeName(o) === 'AgendaItem');
    expect(items.length).toBeGreaterThan(50);
    expect(items.every((i) => i.public === true)).toBe(true);
    // Votes only on the items served, and who voted how only in roll calls.
    const votes = [...crawl.objects.values()].filter((o) => typeName(o) === 'Vote');
    expect(votes.every((v) => crawl.objects.get(String(v.agendaItem))?.public === true)).toBe(true);
    expect(votes.filter((v) => v.kind !== 'rollCall' && 'personVote' in v)).toEqual([]);
    // Every roll call names as many voters as it counts votes (the demo's and the one added above).
    const rollCalls = votes.filter((v) => v.kind === 'rollCall');
    expect(rollCalls.length).toBeGreaterThan(1);
    for (const v of rollCalls) expect((v.personVote as Json[]).length).toBe(Number(v.yes) + Number(v.no) + Number(v.abstention));
    // Each item names its votes, and each vote its item.
    for (const vote of votes) expect(crawl.objects.get(String(vote.agendaItem))?.['ratsinfo:vote']).toContain(vote.id);
  });

  it('embeds objects exactly as served alone, minus the back-references, which standalone objects carry', () => {
    const backrefs: Record<string, string[]> = {
      LegislativeTerm: ['body'],
      Membership: ['person'],
      AgendaItem: ['meeting'],
      Consultation: ['paper'],
      File: ['meeting', 'agendaItem', 'paper'],
      Location: ['bodies', 'organizations', 'persons', 'meetings', 'papers'],
    };
    const mismatches: string[] = [];
    let compared = 0;
    const walk = (value: unknown, top: boolean) => {
      if (Array.isArray(value)) return value.forEach((v) => walk(v, false));
      if (!value || typeof value !== 'object') return;
      const object = value as Json;
      if (!top && typeof object.id === 'string' && typeof object.type === 'string') {
        const alone = crawl.objects.get(object.id);
        const expected = alone && Object.fromEntries(Object.entries(alone).filter(([k]) => !(backrefs[typeName(alone)] ?? []).includes(k)));
        compared++;
        if (JSON.stringify(expected) !== JSON.stringify(object)) mismatches.push(object.id);
      }
      for (const v of Object.values(object)) walk(v, false);
    };
    for (const object of crawl.objects.values()) walk(object, true);
    expect(compared).toBeGreaterThan(500);
    expect(mismatches).toEqual([]);
    const standalone = [...crawl.objects.values()];
    const missingBackref = standalone.filter((o) => {
      const type = typeName(o);
      if (type === 'File') return !o.meeting && !o.agendaItem && !o.paper;
      return ['LegislativeTerm', 'Membership', 'AgendaItem', 'Consultation'].includes(type) && !o[backrefs[type][0]];
    });
    expect(missingBackref.map((o) => o.id)).toEqual([]);
  });

  it('numbers embedded agenda items 0, 1, 2 … in the order they are listed', () => {
    const meetings = [...crawl.objects.values()].filter((o) => typeName(o) === 'Meeting');
    expect(meetings.length).toBeGreaterThan(10);
    for (const meeting of meetings) {
      const orders = ((meeting.agendaItem as Json[] | undefined) ?? []).map((i) => i.order);
      expect(orders).toEqual(orders.map((_, i) => i));
      for (const item of (meeting.agendaItem as Json[] | undefined) ?? []) {
        expect(item.meeting).toBeUndefined();
        expect(crawl.objects.get(String(item.id))).toMatchObject({ order: item.order, meeting: meeting.id });
      }
    }
  });

  it('lists valid tombstones with modified_since: deleted and no longer public objects', async () => {
    const body = `${SYSTEM}/bodies/lindenbach`;
    const pick = async (sql: string) => (await t.dataSource.query<{ id: string }[]>(sql))[0].id;
    const item = await pick(
      `SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.public AND m.published_at IS NOT NULL AND i.deleted IS NULL LIMIT 1`,
    );
    const organization = await pick(`SELECT id FROM organization WHERE deleted IS NULL LIMIT 1`);
    const paper = String([...crawl.objects.values()].find((o) => typeName(o) === 'Paper')!.id)
      .split('/')
      .pop()!;
    const vote = String([...crawl.objects.values()].find((o) => typeName(o) === 'Vote')!.id)
      .split('/')
      .pop()!;
    await t.dataSource.query(`UPDATE vote SET deleted = now(), modified = now() WHERE id = $1`, [vote]);
    await t.dataSource.query(`UPDATE agenda_item SET deleted = now(), modified = now() WHERE id = $1`, [item]);
    await t.dataSource.query(`UPDATE organization SET deleted = now(), modified = now() WHERE id = $1`, [organization]);
    await t.dataSource.query(`UPDATE paper SET confidential = true, modified = now() WHERE id = $1`, [paper]);

    const since = encodeURIComponent('2000-01-01T00:00:00+00:00');
    const errors: string[] = [];
    const tombstones: string[] = [];
    for (const segment of ['organizations', 'agenda-items', 'papers', 'files', 'meetings', 'consultations', 'votes']) {
      let next: string | undefined = `${body}/${segment}?modified_since=${since}`;
      while (next) {
        const page = await get(next);
        expect(page.status).toBe(200);
        for (const object of page.body.data as Json[]) {
          validate(object, String(object.id), errors);
          if (object.deleted === true) tombstones.push(String(object.id));
        }
        next = (page.body.links as Json).next as string | undefined;
      }
    }
    expect(tombstones).toEqual(
      expect.arrayContaining([
        `${body}/agenda-items/${item}`,
        `${body}/organizations/${organization}`,
        `${body}/papers/${paper}`,
        `${body}/votes/${vote}`,
      ]),
    );
    expect(errors).toEqual([]);
    const alone = await get(`${body}/agenda-items/${item}`);
    expect(alone.body).toMatchObject({ deleted: true, order: expect.any(Number) });
    expect(JSON.stringify(alone.body)).not.toContain('name');
  });
});
