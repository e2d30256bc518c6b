import fc from 'fast-check';
import type { Response } from 'supertest';
import { AlertSubscription } from 'src/alerts/alert-subscription.entity';
import { signAlertToken } from 'src/alerts/alert-tokens';
import { AgendaItem } from 'src/agenda/agenda-item.entity';
import { defaultItemId } from 'src/agenda/agenda-template';
import { Body } from 'src/bodies/body.entity';
import { DecisionTracking } from 'src/decision-tracking/decision-tracking.entity';
import { DEMO_PASSWORDS } from 'src/demo/demo-accounts';
import { File } from 'src/files/file.entity';
import { LegislativeTerm } from 'src/legislative-terms/legislative-term.entity';
import { Meeting } from 'src/meetings/meeting.entity';
import { Membership } from 'src/memberships/membership.entity';
import { Organization } from 'src/organizations/organization.entity';
import { Paper } from 'src/papers/paper.entity';
import { Suggestion, SuggestionKind, SuggestionStatus } from 'src/participation/suggestion.entity';
import { Person } from 'src/persons/person.entity';
import { loadDemoTown, loginForm, portalLogin } from '../portal-support';
import { listRoutes, pathParams } from '../support/routes';
import { readAnswerStart } from '../support/event-stream';
import { createStoredFile } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { changedDigestTables as changedTables, dbDigest, DbDigest, VOLATILE_TABLES } from './support/db-digest';
import { errorShapeProblems } from './support/error-shape';

/**
 * The public portal (German HTML outside /api) gets hostile input on every form post and every
 * page with query-string or path input: near-valid forms with one field made wrong, repeated and
 * nested fields, NUL bytes, huge values, broken percent-encoding, thousands of fields, the wrong
 * content type; bad ids in paths. For every answer: never a 5xx and never a hang; every
 * rejection a German HTML page (never the API's JSON error, never a Fastify default body);
 * a rejected post leaves the database as it was (support/db-digest.ts); and nothing sent comes
 * back unescaped in the HTML or the headers.
 *
 * Reproduce a failure with the printed seed: FUZZ_SEED=<seed> npx jest --runInBand --selectProjects hard -- test/hard/fuzz-portal.e2e-spec.ts
 * Search harder with FUZZ_RUNS=<runs per route and mode>.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = Number(process.env.FUZZ_RUNS ?? 14);
const BODY_KEY = 'lindenbach';
/** A bound for every request: a hang is a failure, not a stuck test run. */
const REQUEST_TIMEOUT_MS = 20_000;

// ---------------------------------------------------------------------------------------------
// Hostile values

/**
 * Values that would run script if a page printed them as they are. Each carries a fragment
 * (`REFLECTION_MARKERS`) that escaping always breaks, so finding it in an answer means the value
 * came back raw.
 */
const XSS_VALUES = [
  '<script>alert("fz")</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus='alert(1)",
  '</textarea><svg onload=alert(1)>',
  'javascript:alert(1)//',
];
const REFLECTION_MARKERS = ['<script>alert(', '<img src=x onerror', "onfocus='alert", '<svg onload', 'href="javascript:'];

const HUGE = 'x'.repeat(200_000);

/** Hostile text values; they are percent-encoded where a sender would encode them. */
const hostileText = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      ...XSS_VALUES,
      '',
      ' ',
      '\u0000',
      'Rat\u0000haus',
      HUGE,
      'a\r\nSet-Cookie: x=1',
      '\r\n\r\n<h1>injiziert</h1>',
      '\u202Efdp.exe',
      '\uD800',
      '\uFEFF',
      '💥'.repeat(2000),
      "'; DROP TABLE person; --",
      '{{7*7}}',
      '{% raw %}',
      '../../etc/passwd',
      '//evil.example/',
      '/\\evil.example',
      '/\u202Eevil',
      '/ä/ö',
      '-1',
      '0',
      '1e999',
      'NaN',
      '99999999999999999999',
      '2026-02-30',
      '2026-13',
      // Valid by the form's patterns, at the edges of what dates and pages can hold.
      '0000-01',
      '9999-12',
      '0001-01-01',
      '9999-12-31',
      '100000',
      '00000000-0000-0000-0000-000000000000',
      '00000000-0000-0000-0000-00000000000g',
      'null',
      'monat',
      'taeglich',
    ),
  },
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

/** Percent-encodes like a browser; lone surrogates, which encodeURIComponent refuses, go as broken UTF-8. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
  }
}

/** Pieces of a query string or form body that are already encoded, or deliberately badly. */
const rawPiece = fc.constantFrom(
  '%',
  '%FF',
  '%E0%A4%A',
  '%C0%AE%C0%AE%2F',
  '%ED%A0%80',
  '%00',
  '%0D%0ALocation:%20//evil.example',
  '%2e%2e%2f',
  '+%2B+',
  '%%%',
  '%u0041',
);

/** One field of a urlencoded body or query, as it goes over the wire. */
type Pair = [name: string, value: string];

/** Mutations of a near-valid set of fields; each keeps the rest of the form plausible. */
function mutateFields(base: Record<string, string>, names: string[]): fc.Arbitrary<Pair[]> {
  const name = fc.constantFrom(...names);
  const step = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('set' as const), name, value: hostileText.map(encode) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), name, value: rawPiece }) },
    fc.record({ op: fc.constant('drop' as const), name, value: fc.constant('') }),
    // `a=1&a=2`: an array where a string is expected.
    fc.record({ op: fc.constant('repeat' as const), name, value: hostileText.filter((v) => v.length < 1000).map(encode) }),
    // `a[b]=c`: nested syntax some parsers turn into objects.
    fc.record({ op: fc.constant('nest' as const), name, value: fc.constantFrom('[b]', '[]', '[__proto__]', '[0]', '.x') }),
    fc.record({
      op: fc.constant('extra' as const),
      name: fc.constantFrom('isAdmin', '__proto__', 'constructor', 'id', '_csrf2', 'x'.repeat(20_000), '%00', 'a%FF'),
      value: hostileText.filter((v) => v.length < 1000).map(encode),
    }),
    fc.record({ op: fc.constant('many' as const), name: fc.constant(''), value: fc.constant('') }),
  );
  return fc.array(step, { minLength: 1, maxLength: 3 }).map((steps) => {
    let pairs: Pair[] = Object.entries(base).map(([k, v]) => [encode(k), encode(v)]);
    for (const { op, name: field, value } of steps) {
      const key = encode(field);
      if (op === 'set') pairs = [...pairs.filter(([k]) => k !== key), [key, value]];
      else if (op === 'drop') pairs = pairs.filter(([k]) => k !== key);
      else if (op === 'repeat') pairs = [...pairs, [key, value]];
      else if (op === 'nest') pairs = pairs.map(([k, v]): Pair => (k === key ? [`${k}${encode(value)}`, v] : [k, v]));
      else if (op === 'extra') pairs = [...pairs, [field.startsWith('%') || field.includes('%') ? field : encode(field), value]];
      else pairs = [...pairs, ...Array.from({ length: 1500 }, (_, i): Pair => [`f${i}`, String(i)])];
    }
    return pairs;
  });
}

const FORM = 'application/x-www-form-urlencoded';

const joinPairs = (pairs: Pair[]) => pairs.map(([k, v]) => `${k}=${v}`).join('&');

/** What one fuzzed post sends: the body under some content type, and whether the browser's CSRF token is in it. */
interface PostCase {
  csrf: 'valid' | 'none' | 'garbage';
  contentType: string | null;
  body: string;
}

/** Bodies for a form: mostly urlencoded, near-valid and mutated; else the same fields in the wrong wrapping. */
function postCases(base: Record<string, string>, names: string[]): fc.Arbitrary<PostCase> {
  const csrf = fc.constantFrom<PostCase['csrf']>('valid', 'valid', 'valid', 'valid', 'none', 'garbage');
  const wrapped = fc.tuple(mutateFields(base, names), csrf).map(([pairs, c]) => ({ pairs, csrf: c }));
  return fc.oneof(
    { weight: 6, arbitrary: wrapped.map(({ pairs, csrf: c }): PostCase => ({ csrf: c, contentType: FORM, body: joinPairs(pairs) })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          csrf,
          fc.constantFrom<[string | null, string]>(
            ['application/json', JSON.stringify({ ...base, email: ['a', 'b'] })],
            ['application/json', JSON.stringify(base)],
            ['application/json', '{"email": "x'],
            ['application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
            ['application/json', JSON.stringify({ __proto__: { isAdmin: true }, ...base })],
            ['multipart/form-data; boundary=zz', `--zz\r\nContent-Disposition: form-data; name="email"\r\n\r\nx@y.de\r\n--zz--\r\n`],
            ['multipart/form-data', 'keine Grenze'],
            ['text/plain', joinPairs(Object.entries(base))],
            ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
            [null, joinPairs(Object.entries(base))],
            [FORM, ''],
            [null, ''],
            [`${FORM}; charset=utf-16`, joinPairs(Object.entries(base))],
            [FORM, '\u0000\u0001\u0002'],
            [FORM, `email=${'a'.repeat(2.5 * 1024 * 1024)}`],
          ),
        )
        .map(([c, [contentType, body]]): PostCase => ({ csrf: c, contentType, body })),
    },
  );
}

/** One address each that the router (400, 414) and Node (431) refuse. */
const FRAMEWORK_CASES = [
  `/${BODY_KEY}/sitzungen/%FF`,
  `/${BODY_KEY}/sitzungen/${'x'.repeat(3000)}`,
  `/${BODY_KEY}/suche?q=${'x'.repeat(20_000)}`,
];

/** Path segment values that name nothing: non-uuids, overlong, NUL, unicode, traversal. */
const badId = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '0',
    '-1',
    '99999999999999999999999',
    '00000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-00000000000g',
    '%00',
    'a%00b',
    '%E2%80%AE',
    '%FF',
    '%E0%A4%A',
    '..%2F..%2Fetc%2Fpasswd',
    'x'.repeat(3000),
    encode('<script>alert("fz")</script>'),
    encode('"><img src=x onerror=alert(1)>'),
    encode('💥'.repeat(50)),
    '%7B%7B7*7%7D%7D',
    'null',
  ),
  fc.uuid(),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(encode),
);
const badBodyKey = fc.constantFrom(
  'gibt-es-nicht',
  '%2E%2E',
  '%00',
  'x'.repeat(3000),
  '%FF',
  'a%20b',
  encode('<script>alert("fz")</script>'),
);

// ---------------------------------------------------------------------------------------------

describe('Hostile input on every portal form and page', () => {
  let t: TestApp;
  /** The browser of a visitor: its CSRF cookie and the form token that matches it. */
  let visitor: { cookie: string; token: string };
  let memberCookie: string;
  /** The visitor's browser logged in as the demo town's council office, for the office's forms. */
  let officeCookie: string;
  /** The visitor's browser logged in as the demo town's council member, for the member's own forms. */
  let memberFormCookie: string;
  /** A draft paper of the office's forms, with one step of its Beratungsfolge and one document; a meeting with two agenda items. */
  const office = { paper: '', reference: '', step: '', file: '', meeting: '', meetingVersion: 0, organization: '', item: '', liveItem: '' };
  /** The objects the structure forms edit, and the versions (modified, in ms) they carry, by the path segment in front of `:id`. */
  const structureIds: Record<string, string> = {};
  const structureVersions: Record<string, string> = {};
  /** Real ids by the path segment in front of `:id`. */
  const fixtureIds: Record<string, string> = {};
  let subscription: AlertSubscription;
  // A member's reading marks (src/reading/) are the one thing reading a page writes, on purpose:
  // "neu seit Ihrem letzten Besuch" needs them. Everything else must stay as it was.
  const digest = (): Promise<DbDigest> => dbDigest(t.dataSource, { skip: [...VOLATILE_TABLES, 'reading_mark'] });

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'fatal' });
    await loadDemoTown(t);
    const ds = t.dataSource;
    const form = await loginForm(t);
    visitor = { cookie: form.cookies.join('; '), token: form.token };
    memberCookie = await portalLogin(t);
    const [meeting, paper, organization, person, file] = await Promise.all([
      ds.getRepository(Meeting).findOneOrFail({ where: {}, order: { start: 'ASC' } }),
      ds.getRepository(Paper).findOneOrFail({ where: {}, order: { reference: 'ASC' } }),
      ds.getRepository(Organization).findOneOrFail({ where: {}, order: { name: 'ASC' } }),
      ds.getRepository(Person).findOneOrFail({ where: {}, order: { name: 'ASC' } }),
      ds.getRepository(File).findOneOrFail({ where: {}, order: { name: 'ASC' } }),
    ]);
    const [term, membership] = await Promise.all([
      ds.getRepository(LegislativeTerm).findOneOrFail({ where: {}, order: { name: 'ASC' } }),
      ds.getRepository(Membership).findOneOrFail({ where: {}, order: { id: 'ASC' } }),
    ]);
    Object.assign(fixtureIds, {
      sitzungen: meeting.id,
      vorlagen: paper.id,
      gremien: organization.id,
      personen: person.id,
      dateien: file.id,
      // The members' reader: the same document, under /mein-bereich/dokumente/.
      dokumente: file.id,
      wahlperioden: term.id,
      mitgliedschaften: membership.id,
      // A default standard item, which every committee without a list of its own has.
      standardpunkte: defaultItemId('Anfragen'),
    });
    const officeLogin = await portalLogin(t, 'verwaltung@lindenbach.example', DEMO_PASSWORDS.admin);
    const officeSession = officeLogin.split('; ').find((c) => c.startsWith('ratsinfo_session='))!;
    officeCookie = `${visitor.cookie}; ${officeSession}`;
    memberFormCookie = `${visitor.cookie}; ${memberCookie.split('; ').find((c) => c.startsWith('ratsinfo_session='))!}`;
    const officeApi = { Authorization: `Bearer ${officeSession.split('=')[1]}` };
    const created = await t
      .http()
      .post(`/api/v1/bodies/${BODY_KEY}/papers`)
      .set(officeApi)
      .send({ name: 'Vorlage für die Formulare' })
      .expect(201);
    const paperBody = created.body as { id: string; reference: string };
    Object.assign(office, { paper: paperBody.id, reference: paperBody.reference });
    const step = await t
      .http()
      .post(`/api/v1/bodies/${BODY_KEY}/papers/${office.paper}/consultations`)
      .set(officeApi)
      .send({ organizationId: organization.id })
      .expect(201);
    office.step = (step.body as { id: string }).id;
    const stored = await createStoredFile(t, await ds.getRepository(Body).findOneByOrFail({ key: BODY_KEY }));
    await t
      .http()
      .post(`/api/v1/bodies/${BODY_KEY}/files/${stored.id}/links`)
      .set(officeApi)
      .send({ role: 'auxiliary', paperId: office.paper })
      .expect(201);
    office.file = stored.id;
    const officeMeeting = await t
      .http()
      .post(`/api/v1/bodies/${BODY_KEY}/meetings`)
      .set(officeApi)
      .send({ name: 'Sitzung für die Formulare', start: '2027-03-01T17:00:00.000Z', organizationIds: [organization.id] })
      .expect(201);
    // Live mode works on a published meeting of the demo town, with its first item.
    const liveItem = await ds.getRepository(AgendaItem).findOneOrFail({ where: { meetingId: meeting.id }, order: { order: 'ASC' } });
    Object.assign(office, {
      liveItem: liveItem.id,
      meeting: (officeMeeting.body as { id: string }).id,
      meetingVersion: (officeMeeting.body as { version: number }).version,
      organization: organization.id,
    });
    for (const name of ['Erster Punkt', 'Zweiter Punkt']) {
      const added = await t
        .http()
        .post(`/api/v1/bodies/${BODY_KEY}/meetings/${office.meeting}/agenda-items`)
        .set(officeApi)
        .send({ version: office.meetingVersion, name, public: true })
        .expect(201);
      const written = added.body as { meetingVersion: number; item: { id: string } };
      office.meetingVersion = written.meetingVersion;
      office.item ||= written.item.id;
    }
    // The structure forms edit objects of their own: a name they accept (hostile text is valid text)
    // then shows only in the office, not in the calendars and feeds the page fuzz reads.
    const api = (path: string, send: object) =>
      t
        .http()
        .post(`/api/v1/bodies/${BODY_KEY}${path}`)
        .set(officeApi)
        .send(send)
        .expect(201)
        .then((r) => (r.body as { id: string }).id);
    const formTerm = await api('/legislative-terms', { name: 'Wahlperiode für die Formulare' });
    const formOrganization = await api('/organizations', { name: 'Gremium für die Formulare' });
    const formPerson = await api('/persons', { name: 'Person für die Formulare' });
    const formMembership = await api('/memberships', { personId: formPerson, organizationId: formOrganization });
    const modified = async (entity: typeof LegislativeTerm | typeof Organization | typeof Person | typeof Membership, id: string) => {
      const row = (await ds.getRepository(entity).findOneByOrFail({ id })) as { modified: Date };
      return String(row.modified.getTime());
    };
    Object.assign(structureIds, {
      wahlperioden: formTerm,
      gremien: formOrganization,
      personen: formPerson,
      mitgliedschaften: formMembership,
    });
    // An invited account of the office's account forms (its invitation not yet accepted).
    const invited = await t
      .http()
      .post(`/api/v1/bodies/${BODY_KEY}/accounts/invitations`)
      .set(officeApi)
      .send({ email: 'eingeladen@lindenbach.example', displayName: 'Konto für die Formulare', role: 'member', personId: formPerson })
      .expect(201);
    fixtureIds.konten = (invited.body as { id: string }).id;
    // A confirmed suggestion of the office's forms on suggestions and complaints.
    const body = await ds.getRepository(Body).findOneByOrFail({ key: BODY_KEY });
    const suggestion = await ds.getRepository(Suggestion).save({
      bodyId: body.id,
      kind: SuggestionKind.Suggestion,
      status: SuggestionStatus.Received,
      subject: 'Bänke im Park',
      text: 'Bitte stellen Sie mehr Bänke auf.',
      name: 'Erika Muster',
      address: null,
      email: 'erika@example.org',
      fingerprint: 'fuzz-suggestion',
      ipHash: null,
      confirmedAt: new Date(),
    });
    fixtureIds.anregungen = suggestion.id;
    // A record of the demo town's Beschlusskontrolle, for its pages and forms.
    const tracking = await ds.getRepository(DecisionTracking).findOneOrFail({ where: { bodyId: body.id }, order: { id: 'ASC' } });
    fixtureIds.beschlusskontrolle = tracking.id;
    fixtureIds.beschlusskontrolleTop = tracking.agendaItemId;
    Object.assign(structureVersions, {
      wahlperioden: await modified(LegislativeTerm, formTerm),
      gremien: await modified(Organization, formOrganization),
      personen: await modified(Person, formPerson),
      mitgliedschaften: await modified(Membership, formMembership),
      einstellungen: String((await ds.getRepository(Body).findOneByOrFail({ key: BODY_KEY })).modified.getTime()),
    });
    // A pending subscription whose real tokens the token fuzz starts from.
    const res = await post(`/${BODY_KEY}/benachrichtigungen`, {
      csrf: 'valid',
      contentType: FORM,
      body: joinPairs(Object.entries(SUBSCRIBE_FORM).map(([k, v]) => [k, encode(v)])),
    });
    if (res.status !== 200) throw new Error(`subscribing answered ${res.status}: ${res.text.slice(0, 300)}`);
    subscription = await ds.getRepository(AlertSubscription).findOneByOrFail({ email: SUBSCRIBE_FORM.email });
  });
  afterAll(async () => {
    await t?.close();
  });

  const SUBSCRIBE_FORM = { email: 'buergerin@example.org', thema: 'suche', suche: 'Haushalt', haeufigkeit: 'taeglich' };

  function post(url: string, c: PostCase, cookie = visitor.cookie): Promise<Response> {
    let body = c.body;
    if (c.csrf !== 'none') {
      const token = c.csrf === 'valid' ? visitor.token : 'x'.repeat(visitor.token.length);
      const field = `_csrf=${encodeURIComponent(token)}`;
      if (c.contentType?.startsWith('application/json')) {
        try {
          const parsed = JSON.parse(body) as unknown;
          if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = JSON.stringify({ ...parsed, _csrf: token });
        } catch {
          // Broken JSON stays broken.
        }
      } else if (!c.contentType || c.contentType.startsWith(FORM) || c.contentType === 'text/plain') {
        body = body ? `${body}&${field}` : field;
      }
    }
    const req = t.http().post(url).set('cookie', cookie).timeout(REQUEST_TIMEOUT_MS);
    if (c.contentType) void req.set('content-type', c.contentType);
    return req.send(body);
  }

  /** The real id for a path parameter, by the segment in front of it; a valid but unknown one otherwise. */
  const realId = (path: string, param: string): string => {
    const segments = path.split('/');
    return fixtureIds[segments[segments.indexOf(`:${param}`) - 1]] ?? '00000000-0000-4000-8000-000000000000';
  };

  /** A meeting's live event stream never ends: what it sends in its first moments is what is checked. */
  const isEventStream = (url: string) => /^\/[^/]+\/sitzungen\/[^/]+\/live\/ereignisse$/.test(url.split('?')[0]);
  const get = async (url: string, cookie = ''): Promise<Response> => {
    if (!isEventStream(url)) return await t.http().get(url).set('cookie', cookie).timeout(REQUEST_TIMEOUT_MS);
    return (await readAnswerStart(t.app, url, cookie ? { cookie } : {})) as unknown as Response;
  };

  /** Everything wrong with one answer of the portal; empty when it is fine. */
  function answerProblems(res: Response, { html }: { html: boolean }): string[] {
    const problems: string[] = [];
    const type = String(res.headers['content-type'] ?? '');
    if (res.status >= 500) problems.push(`server error`);
    if (res.status >= 400 || html) {
      if (!type.startsWith('text/html')) problems.push(`content-type ${type || 'missing'}`);
      if (!res.text?.includes('<html lang="de"')) problems.push(`not the German page: ${res.text?.slice(0, 200)}`);
      if (/^\s*[{[]/.test(res.text ?? '')) problems.push('a JSON body');
    }
    if (res.status >= 300 && res.status < 400) {
      const location = String(res.headers.location ?? '');
      if (!/^\/(?![/\\])/.test(location)) problems.push(`redirects off the site to ${JSON.stringify(location)}`);
    }
    const headers = JSON.stringify(res.headers);
    const text = type.startsWith('text/') || type.includes('xml') ? (res.text ?? '') : '';
    for (const marker of REFLECTION_MARKERS) {
      if (text.includes(marker)) problems.push(`reflects ${marker} unescaped`);
      if (headers.includes(marker)) problems.push(`reflects ${marker} into a header`);
    }
    // The CRLF values above try to add these; they may only come from the app itself.
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    if (cookies.some((c) => c.startsWith('x=')) || res.headers['x-evil'] || res.headers.location?.includes('evil.example')) {
      problems.push('header injection');
    }
    return problems;
  }

  const describeCase = (value: unknown) =>
    JSON.stringify(value, (_, v: unknown) => (typeof v === 'string' && v.length > 160 ? `${v.slice(0, 80)}…(${v.length} chars)` : v)).slice(
      0,
      700,
    );

  /** Waits until background work (search indexing, mail) has settled, then returns the digest. */
  async function settledDigest(): Promise<DbDigest> {
    let previous = await digest();
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const next = await digest();
      if (changedTables(previous, next).length === 0) return next;
      previous = next;
    }
    return previous;
  }

  it(
    'never answers a 5xx, rejects in German HTML, reflects nothing and changes nothing on a rejected post',
    async () => {
      const routes = listRoutes(t.app).filter((r) => !/^\/(api|oparl|health|static)(\/|$)/.test(r.path));
      const alerts = '/:bodyKey/benachrichtigungen';
      const realToken = (purpose: 'confirm' | 'unsubscribe') => signAlertToken(t.config.alerts.secret, purpose, subscription.id);

      /** Tokens near the real ones: cut, extended, of the other purpose, of another id, hostile. */
      const badToken = (purpose: 'confirm' | 'unsubscribe') => {
        const real = realToken(purpose);
        const other = realToken(purpose === 'confirm' ? 'unsubscribe' : 'confirm');
        return fc.oneof(
          fc.constantFrom(
            encode(real.slice(0, -1)),
            encode(`${real}x`),
            encode(`${real}.x`),
            encode(other),
            encode(signAlertToken(t.config.alerts.secret, purpose, '00000000-0000-4000-8000-000000000000')),
            encode(`${subscription.id}.`),
            encode(`.${real.split('.')[1]}`),
            `${encode(real)}&token=${encode(real)}`,
            `${encode(real)}%00`,
            'x'.repeat(300),
            '',
          ),
          hostileText.filter((v) => v.length < 5000).map(encode),
          rawPiece,
        );
      };

      /**
       * The form posts. `base` is a near-valid form; `url` gives the address (the alert links carry
       * their token in the query); `mayAccept` says whether a valid-looking mutation may go through.
       */
      interface PostRoute {
        base: Record<string, string>;
        url: fc.Arbitrary<string>;
        mayAccept: boolean;
        /** No case can be right (wrong password, forged token): any answer below 400 is a hole. */
        mustReject?: boolean;
        cookie?: string;
      }
      const postRoutes: Record<string, PostRoute> = {
        '/anmelden': {
          // A nonexistent account: failed logins are counted (login_attempt), but never lock a real one.
          base: { email: 'niemand@lindenbach.example', password: 'falsch-falsch', ziel: `/${BODY_KEY}/` },
          url: fc.constant('/anmelden'),
          mayAccept: false,
          mustReject: true,
        },
        '/abmelden': { base: {}, url: fc.constant('/abmelden'), mayAccept: true },
        [alerts]: {
          base: SUBSCRIBE_FORM,
          url: fc.oneof(
            { weight: 5, arbitrary: fc.constant(`/${BODY_KEY}/benachrichtigungen`) },
            badBodyKey.map((k) => `/${k}/benachrichtigungen`),
          ),
          mayAccept: true,
        },
        [`${alerts}/bestaetigen`]: {
          base: {},
          url: badToken('confirm').map((tok) => `/${BODY_KEY}/benachrichtigungen/bestaetigen?token=${tok}`),
          mayAccept: false,
          mustReject: true,
        },
        [`${alerts}/abmelden`]: {
          // The one-click unsubscribe body of mail programs (RFC 8058).
          base: { 'List-Unsubscribe': 'One-Click' },
          url: badToken('unsubscribe').map((tok) => `/${BODY_KEY}/benachrichtigungen/abmelden?token=${tok}`),
          mayAccept: false,
        },
        // A question without a solved proof-of-work is never stored.
        '/:bodyKey/beteiligung/sitzungen/:meetingId': {
          base: { name: 'Erika Muster', anschrift: '', email: 'erika@example.org', frage: 'Wann wird die Brücke saniert?', website: '' },
          url: fc.oneof(
            { weight: 5, arbitrary: fc.constant(`/${BODY_KEY}/beteiligung/sitzungen/${fixtureIds.sitzungen}`) },
            badBodyKey.map((k) => `/${k}/beteiligung/sitzungen/${fixtureIds.sitzungen}`),
          ),
          mayAccept: false,
          mustReject: true,
        },
        '/:bodyKey/beteiligung/bestaetigen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(
                encode(`${subscription.id}.${'A'.repeat(43)}`),
                encode(realToken('confirm')),
                encode('00000000-0000-4000-8000-000000000000.x'),
                'x'.repeat(300),
                '',
              ),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/bestaetigen?token=${tok}`),
          mayAccept: false,
          mustReject: true,
        },
        // A suggestion or complaint without a solved proof-of-work is never stored either.
        '/:bodyKey/beteiligung/anregungen': {
          base: {
            art: 'anregung',
            betreff: 'Laterne',
            text: 'Die Laterne ist dunkel.',
            name: 'Erika Muster',
            email: 'erika@example.org',
            website: '',
          },
          url: fc.oneof(
            { weight: 5, arbitrary: fc.constant(`/${BODY_KEY}/beteiligung/anregungen`) },
            badBodyKey.map((k) => `/${k}/beteiligung/anregungen`),
          ),
          mayAccept: false,
          mustReject: true,
        },
        '/:bodyKey/beteiligung/anregungen/bestaetigen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(encode(`${fixtureIds.anregungen}.${'A'.repeat(43)}`), encode(realToken('confirm')), 'x'.repeat(300), ''),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/anregungen/bestaetigen?token=${tok}`),
          mayAccept: false,
          mustReject: true,
        },
        '/:bodyKey/beteiligung/anregungen/stand/loeschen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(encode(`${fixtureIds.anregungen}.${'A'.repeat(43)}`), encode(realToken('unsubscribe')), 'x'.repeat(300), ''),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/anregungen/stand/loeschen?token=${tok}`),
          mayAccept: false,
        },
        // Like the one-click unsubscribe: an unknown link ends the same way, and deletes nothing.
        '/:bodyKey/beteiligung/frage/loeschen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(encode(`${subscription.id}.${'A'.repeat(43)}`), encode(realToken('unsubscribe')), 'x'.repeat(300), ''),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/frage/loeschen?token=${tok}`),
          mayAccept: false,
        },
        // A statement on a paper: never stored without a solved proof-of-work (nor on a paper not open for statements).
        '/:bodyKey/beteiligung/vorlagen/:paperId': {
          base: {
            name: 'Erika Muster',
            email: 'erika@example.org',
            stellungnahme: 'Die Schule braucht eine Mensa.',
            namentlich: 'ja',
            website: '',
          },
          url: fc.oneof(
            { weight: 5, arbitrary: fc.constant(`/${BODY_KEY}/beteiligung/vorlagen/${fixtureIds.vorlagen}`) },
            badBodyKey.map((k) => `/${k}/beteiligung/vorlagen/${fixtureIds.vorlagen}`),
          ),
          mayAccept: false,
          mustReject: true,
        },
        '/:bodyKey/beteiligung/stellungnahme/bestaetigen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(encode(realToken('confirm')), encode('00000000-0000-4000-8000-000000000000.x'), 'x'.repeat(300), ''),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/stellungnahme/bestaetigen?token=${tok}`),
          mayAccept: false,
          mustReject: true,
        },
        '/:bodyKey/beteiligung/stellungnahme/loeschen': {
          base: {},
          url: fc
            .oneof(
              fc.constantFrom(encode(realToken('unsubscribe')), 'x'.repeat(300), ''),
              hostileText.filter((v) => v.length < 5000).map(encode),
              rawPiece,
            )
            .map((tok) => `/${BODY_KEY}/beteiligung/stellungnahme/loeschen?token=${tok}`),
          mayAccept: false,
        },
      };
      // The council office's forms, posted from the office's logged-in browser.
      const officePaper = `/${BODY_KEY}/verwaltung/vorlagen/${office.paper}`;
      const officeForm = (path: string, base: Record<string, string>) => ({
        base,
        url: fc.constant(path),
        mayAccept: true,
        cookie: officeCookie,
      });
      const paperForm = {
        titel: 'Neue Turnhalle',
        art: 'Beschlussvorlage',
        datum: '01.03.2026',
        federfuehrend: '',
        einreicher: '',
        vertraulich: 'ja',
      };
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/vorlagen/neu': officeForm(`/${BODY_KEY}/verwaltung/vorlagen/neu`, paperForm),
        '/:bodyKey/verwaltung/vorlagen/:id/bearbeiten': officeForm(`${officePaper}/bearbeiten`, { ...paperForm, nummer: office.reference }),
        '/:bodyKey/verwaltung/vorlagen/:id/beratungsfolge': officeForm(`${officePaper}/beratungsfolge`, {
          gremium: fixtureIds.gremien,
          rolle: 'Vorberatung',
        }),
        '/:bodyKey/verwaltung/vorlagen/:id/beratungsfolge/:stepId/verschieben': officeForm(
          `${officePaper}/beratungsfolge/${office.step}/verschieben`,
          { richtung: 'unten' },
        ),
        '/:bodyKey/verwaltung/vorlagen/:id/dokumente': officeForm(`${officePaper}/dokumente`, { art: 'auxiliary' }),
        // A form post, not multipart: never a new version, always the upload form's error.
        '/:bodyKey/verwaltung/vorlagen/:id/dokumente/:fileId/neue-fassung': officeForm(
          `${officePaper}/dokumente/${office.file}/neue-fassung`,
          {},
        ),
        '/:bodyKey/verwaltung/vorlagen/:id/freigeben': officeForm(`${officePaper}/freigeben`, {}),
        '/:bodyKey/verwaltung/vorlagen/:id/stellungnahmen/zeitraum': officeForm(`${officePaper}/stellungnahmen/zeitraum`, {
          'stellungnahmen-bis': '01.03.2027',
        }),
        // No statement has this id: each decision ends in the office's not-found page.
        '/:bodyKey/verwaltung/vorlagen/:id/stellungnahmen/:statementId/veroeffentlichen': officeForm(
          `${officePaper}/stellungnahmen/00000000-0000-4000-8000-000000000000/veroeffentlichen`,
          { stand: 'received' },
        ),
        '/:bodyKey/verwaltung/vorlagen/:id/stellungnahmen/:statementId/ablehnen': officeForm(
          `${officePaper}/stellungnahmen/00000000-0000-4000-8000-000000000000/ablehnen`,
          { stand: 'received', 'grund-00000000-0000-4000-8000-000000000000': 'Beleidigend.' },
        ),
        // Last: they take the step and the document away.
        '/:bodyKey/verwaltung/vorlagen/:id/beratungsfolge/:stepId/entfernen': officeForm(
          `${officePaper}/beratungsfolge/${office.step}/entfernen`,
          {},
        ),
        '/:bodyKey/verwaltung/vorlagen/:id/dokumente/:fileId/entfernen': officeForm(
          `${officePaper}/dokumente/${office.file}/entfernen`,
          {},
        ),
      });

      const officeMeeting = `/${BODY_KEY}/verwaltung/sitzungen/${office.meeting}`;
      const meetingForm = {
        gremium: office.organization,
        name: 'Sondersitzung',
        datum: '01.03.2027',
        beginn: '18:00',
        ende: '20:00',
        ort: '',
      };
      const agenda = `${officeMeeting}/tagesordnung`;
      const agendaItem = `${agenda}/${office.item}`;
      const version = String(office.meetingVersion);
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/punkte': officeForm(`${agenda}/punkte`, {
          version,
          titel: 'Freier Punkt',
          teil: 'oeffentlich',
          oberpunkt: '',
          nach: office.item,
        }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/vorlagen': officeForm(`${agenda}/vorlagen`, { version, vorlage: office.paper }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/standardpunkte': officeForm(`${agenda}/standardpunkte`, { version }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/:itemId/verschieben': officeForm(`${agendaItem}/verschieben`, {
          version,
          richtung: 'unten',
          position: '2',
        }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/:itemId/bearbeiten': officeForm(`${agendaItem}/bearbeiten`, {
          version,
          titel: 'Geänderter Punkt',
          teil: 'nichtoeffentlich',
          beschluss: 'Der Ausschuss beschließt.',
        }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/:itemId/absetzen': officeForm(`${agendaItem}/absetzen`, { version }),
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/:itemId/wieder-aufnehmen': officeForm(`${agendaItem}/wieder-aufnehmen`, {
          version,
        }),
        // Last of the agenda's forms: it takes the item away.
        '/:bodyKey/verwaltung/sitzungen/:id/tagesordnung/:itemId/entfernen': officeForm(`${agendaItem}/entfernen`, { version }),
      });
      // A series: the step that creates, with one ticked day (a second accepted post skips it).
      const seriesForm = {
        gremium: office.organization,
        name: '',
        von: '01.03.2027',
        bis: '31.03.2027',
        rhythmus: 'woechentlich',
        wochentag: '2',
        beginn: '18:00',
        ende: '20:00',
        ort: '',
        feiertage: 'ja',
        termin: '2027-03-02',
        schritt: 'anlegen',
      };
      // The member's own forms: a calendar link made, one revoked (a link of nobody: nothing to revoke),
      // and the choice of document notices.
      Object.assign(postRoutes, {
        '/:bodyKey/mein-bereich/benachrichtigungen': {
          base: { benachrichtigung: 'sofort' },
          url: fc.constant(`/${BODY_KEY}/mein-bereich/benachrichtigungen`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
        '/:bodyKey/mein-bereich/kalender': {
          base: { bezeichnung: 'Telefon' },
          url: fc.constant(`/${BODY_KEY}/mein-bereich/kalender`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
        '/:bodyKey/mein-bereich/kalender/:id/widerrufen': {
          base: {},
          url: fc.constant(`/${BODY_KEY}/mein-bereich/kalender/00000000-0000-4000-8000-000000000000/widerrufen`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
        // Notes: one written on the first meeting; a change and a deletion of a note of nobody (not found).
        '/:bodyKey/mein-bereich/notizen': {
          base: {
            'ziel-art': 'sitzung',
            ziel: fixtureIds.sitzungen,
            sichtbarkeit: 'privat',
            text: 'Anreise klären',
            zurueck: `/${BODY_KEY}/`,
          },
          url: fc.constant(`/${BODY_KEY}/mein-bereich/notizen`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
        '/:bodyKey/mein-bereich/notizen/:id': {
          base: { version: '1', text: 'Geändert', sichtbarkeit: 'privat' },
          url: fc.constant(`/${BODY_KEY}/mein-bereich/notizen/00000000-0000-4000-8000-000000000000`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
        '/:bodyKey/mein-bereich/notizen/:id/loeschen': {
          base: { version: '1' },
          url: fc.constant(`/${BODY_KEY}/mein-bereich/notizen/00000000-0000-4000-8000-000000000000/loeschen`),
          mayAccept: true,
          cookie: memberFormCookie,
        },
      });
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/sitzungen/serie': officeForm(`/${BODY_KEY}/verwaltung/sitzungen/serie`, seriesForm),
        '/:bodyKey/verwaltung/sitzungen/neu': officeForm(`/${BODY_KEY}/verwaltung/sitzungen/neu`, meetingForm),
        '/:bodyKey/verwaltung/sitzungen/:id/bearbeiten': officeForm(`${officeMeeting}/bearbeiten`, {
          ...meetingForm,
          version: String(office.meetingVersion),
        }),
        ...liveForms(`/${BODY_KEY}/verwaltung/sitzungen/${fixtureIds.sitzungen}/live`),
        '/:bodyKey/verwaltung/sitzungen/:id/veroeffentlichen': officeForm(`${officeMeeting}/veroeffentlichen`, {
          version: String(office.meetingVersion),
          kurzfristig: 'ja',
        }),
        // Last of the meeting's forms: it ends what the others change.
        '/:bodyKey/verwaltung/sitzungen/:id/absagen': officeForm(`${officeMeeting}/absagen`, { version: String(office.meetingVersion) }),
      });

      /** Live mode's forms, on a published meeting's first item. */
      function liveForms(live: string) {
        const top = `${live}/top/${office.liveItem}`;
        const person = fixtureIds.personen;
        return {
          '/:bodyKey/verwaltung/sitzungen/:id/live/anwesenheit/:personId': officeForm(`${live}/anwesenheit/${person}`, {
            aktion: 'anwesend',
            top: office.liveItem,
          }),
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/befangenheit': officeForm(`${top}/befangenheit`, { befangen: person }),
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/abstimmung': officeForm(`${top}/abstimmung`, {
            gegenstand: 'Beschlussvorschlag',
            art: 'offen',
            ja: '1',
            nein: '0',
            enthaltung: '0',
            anfrage: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
          }),
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/namentlich': officeForm(`${top}/namentlich`, {
            'gegenstand-namentlich': 'Beschlussvorschlag',
            [`stimme-${person}`]: 'ja',
            anfrage: '1b4e28ba-2fa1-41d2-883f-0016d3cca428',
          }),
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/abstimmung/:voteId/loeschen': officeForm(
            `${top}/abstimmung/1b4e28ba-2fa1-41d2-883f-0016d3cca427/loeschen`,
            {},
          ),
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/ergebnis': officeForm(`${top}/ergebnis`, {
            ergebnis: 'accepted',
            beschlusstext: 'Wie vorgeschlagen.',
          }),
          // Answers and triage of a question nobody asked: not found, whatever the fields say.
          '/:bodyKey/verwaltung/sitzungen/:id/live/top/:itemId/frage/:questionId': officeForm(
            `${top}/frage/00000000-0000-4000-8000-000000000000`,
            { antwort: 'Ja, im Frühjahr.', top: office.liveItem },
          ),
          '/:bodyKey/verwaltung/sitzungen/:id/fragen/:questionId': officeForm(
            `${live.replace(/\/live$/, '/fragen')}/00000000-0000-4000-8000-000000000000`,
            { schritt: 'annehmen', wortlaut: 'Wann wird saniert?', geaendert: '2026-01-01T00:00:00.000Z' },
          ),
          '/:bodyKey/verwaltung/sitzungen/:id/live/beenden': officeForm(`${live}/beenden`, { version: '1' }),
          '/:bodyKey/verwaltung/sitzungen/:id/niederschrift/top/:itemId': officeForm(
            `${live.replace(/\/live$/, '/niederschrift')}/top/${office.liveItem}`,
            { version: '1', notiz: 'Aussprache' },
          ),
          '/:bodyKey/verwaltung/sitzungen/:id/niederschrift/genehmigen': officeForm(
            `${live.replace(/\/live$/, '/niederschrift')}/genehmigen`,
            {
              version: '1',
              sitzung: fixtureIds.sitzungen,
            },
          ),
        };
      }

      // The structure's forms (Wahlperioden, Gremien, Personen, Mitgliedschaften).
      const structure = (segment: string, rest = '') => `/${BODY_KEY}/verwaltung/${segment}/${structureIds[segment]}${rest}`;
      const termForm = { name: 'Wahlperiode 2029–2034', beginn: '01.08.2029', ende: '31.07.2034' };
      const organizationForm = {
        name: 'Ausschuss für Schulen',
        kurzname: 'SA',
        art: 'ausschuss',
        uebergeordnet: '',
        beginn: '01.08.2024',
        ende: '',
        internet: '',
      };
      const personForm = {
        anrede: 'Frau',
        titel: 'Dr.',
        vorname: 'Erika',
        familienname: 'Muster',
        name: '',
        email: 'erika@example.org',
        telefon: '',
        funktion: '',
        lebenslauf: '',
        'zustimmung-email': 'ja',
      };
      const membershipForm = {
        person: structureIds.personen,
        gremium: structureIds.gremien,
        rolle: 'Mitglied',
        stimmrecht: 'ja',
        fraktion: '',
        beginn: '01.08.2024',
        ende: '31.07.2029',
      };
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/wahlperioden/neu': officeForm(`/${BODY_KEY}/verwaltung/wahlperioden/neu`, termForm),
        '/:bodyKey/verwaltung/wahlperioden/:id/bearbeiten': officeForm(structure('wahlperioden', '/bearbeiten'), {
          ...termForm,
          version: structureVersions.wahlperioden,
        }),
        '/:bodyKey/verwaltung/gremien/neu': officeForm(`/${BODY_KEY}/verwaltung/gremien/neu`, organizationForm),
        '/:bodyKey/verwaltung/gremien/:id/bearbeiten': officeForm(structure('gremien', '/bearbeiten'), {
          ...organizationForm,
          version: structureVersions.gremien,
        }),
        '/:bodyKey/verwaltung/gremien/:id/mitgliedschaften/neu': officeForm(structure('gremien', '/mitgliedschaften/neu'), membershipForm),
        '/:bodyKey/verwaltung/personen/neu': officeForm(`/${BODY_KEY}/verwaltung/personen/neu`, personForm),
        '/:bodyKey/verwaltung/personen/:id/bearbeiten': officeForm(structure('personen', '/bearbeiten'), {
          ...personForm,
          version: structureVersions.personen,
        }),
        '/:bodyKey/verwaltung/personen/:id/mitgliedschaften/neu': officeForm(
          structure('personen', '/mitgliedschaften/neu'),
          membershipForm,
        ),
        '/:bodyKey/verwaltung/mitgliedschaften/:id/bearbeiten': officeForm(structure('mitgliedschaften', '/bearbeiten?zurueck=gremium'), {
          ...membershipForm,
          version: structureVersions.mitgliedschaften,
        }),
        '/:bodyKey/verwaltung/mitgliedschaften/:id/beenden': officeForm(structure('mitgliedschaften', '/beenden'), {
          ende: '31.12.2029',
          version: structureVersions.mitgliedschaften,
        }),
      });

      // A committee's standard agenda items, on the forms' own committee (its defaults until the first post).
      const standardItems = structure('gremien', '/standardpunkte');
      const standardItem = `${standardItems}/${defaultItemId('Informationen')}`;
      const standardItemForm = { version: '0', titel: 'Mitteilungen', teil: 'oeffentlich', platz: 'ende' };
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/gremien/:id/standardpunkte/punkte': officeForm(`${standardItems}/punkte`, standardItemForm),
        '/:bodyKey/verwaltung/gremien/:id/standardpunkte/:itemId/bearbeiten': officeForm(`${standardItem}/bearbeiten`, standardItemForm),
        '/:bodyKey/verwaltung/gremien/:id/standardpunkte/:itemId/verschieben': officeForm(`${standardItem}/verschieben`, {
          version: '0',
          richtung: 'oben',
        }),
        '/:bodyKey/verwaltung/gremien/:id/standardpunkte/:itemId/entfernen': officeForm(`${standardItem}/entfernen`, { version: '0' }),
        '/:bodyKey/verwaltung/gremien/:id/standardpunkte/vorgaben': officeForm(`${standardItems}/vorgaben`, { version: '0' }),
        '/:bodyKey/verwaltung/einstellungen': officeForm(`/${BODY_KEY}/verwaltung/einstellungen`, {
          version: structureVersions.einstellungen,
          ladungsfrist: '7',
          namentlich: 'ja',
          fristart: 'workingDays',
          fristtage: '3',
          fristzeit: '12:00',
          aufbewahrung: '6',
        }),
      });
      // The accounts' forms, on the invited account; removing its role goes last.
      const account = `/${BODY_KEY}/verwaltung/konten/${fixtureIds.konten}`;
      const accountForm = { name: 'Erika Muster', rolle: 'ratsmitglied', person: structureIds.personen };
      Object.assign(postRoutes, {
        '/:bodyKey/verwaltung/konten/neu': officeForm(`/${BODY_KEY}/verwaltung/konten/neu`, {
          ...accountForm,
          email: 'neu@lindenbach.example',
        }),
        '/:bodyKey/verwaltung/konten/:id': officeForm(account, accountForm),
        '/:bodyKey/verwaltung/konten/:id/sperren': officeForm(`${account}/sperren`, {}),
        '/:bodyKey/verwaltung/konten/:id/entsperren': officeForm(`${account}/entsperren`, {}),
        '/:bodyKey/verwaltung/konten/:id/einladung': officeForm(`${account}/einladung`, {}),
        '/:bodyKey/verwaltung/konten/:id/zuruecksetzen': officeForm(`${account}/zuruecksetzen`, {}),
        '/:bodyKey/verwaltung/konten/:id/entfernen': officeForm(`${account}/entfernen`, {}),
        // A suggestion's handling (a second post from version 1 is stale and changes nothing) and blocking its sender.
        '/:bodyKey/verwaltung/anregungen/:id': officeForm(`/${BODY_KEY}/verwaltung/anregungen/${fixtureIds.anregungen}`, {
          version: '1',
          stand: 'bearbeitung',
          an: '',
          antwort: '',
        }),
        '/:bodyKey/verwaltung/anregungen/:id/sperren': officeForm(`/${BODY_KEY}/verwaltung/anregungen/${fixtureIds.anregungen}/sperren`, {
          grund: 'Missbrauch',
        }),
        // The Beschlusskontrolle: a record of an item that has one already (the existing one is shown),
        // a change and a note (a second post from version 1 is stale, or a repeat, and changes nothing).
        '/:bodyKey/verwaltung/beschlusskontrolle': officeForm(`/${BODY_KEY}/verwaltung/beschlusskontrolle`, {
          top: fixtureIds.beschlusskontrolleTop,
          amt: 'Bauamt',
          frist: '30.06.2027',
        }),
        '/:bodyKey/verwaltung/beschlusskontrolle/:id': officeForm(
          `/${BODY_KEY}/verwaltung/beschlusskontrolle/${fixtureIds.beschlusskontrolle}`,
          {
            version: '1',
            amt: 'Bauamt',
            frist: '30.06.2027',
            stand: 'notDone',
            begruendung: 'Kein Geld.',
          },
        ),
        '/:bodyKey/verwaltung/beschlusskontrolle/:id/sachstand': officeForm(
          `/${BODY_KEY}/verwaltung/beschlusskontrolle/${fixtureIds.beschlusskontrolle}/sachstand`,
          { version: '1', datum: '01.03.2026', sachstand: 'Die Planung läuft.', oeffentlich: 'ja' },
        ),
        // The page of a one-time link: no forged or unknown token sets a password.
        '/konto/passwort/:token': {
          base: { passwort: 'ein langes Passwort 1', passwort2: 'ein langes Passwort 1' },
          url: fc
            .oneof(
              fc.constantFrom('A'.repeat(43), 'A'.repeat(42), 'A'.repeat(44), '', '%00'),
              hostileText.filter((v) => v.length < 5000),
            )
            .map((tok) => `/konto/passwort/${encode(tok) || 'x'}`),
          mayAccept: false,
          mustReject: true,
        },
      });

      /** The pages with input in query or path: the names their query DTO knows. */
      const queryNames: Record<string, string[]> = {
        '/anmelden': ['ziel', 'erfolg'],
        '/mein-bereich': [],
        '/:bodyKey/sitzungen': ['ansicht', 'gremium', 'von', 'bis', 'monat', 'seite'],
        '/:bodyKey/vorlagen': ['art', 'gremium', 'jahr', 'status', 'seite'],
        '/:bodyKey/suche': ['q', 'art', 'gremium', 'von', 'bis', 'sortierung', 'seite'],
        [alerts]: ['suche', 'gremium', 'vorlage'],
        [`${alerts}/bestaetigen`]: ['token'],
        [`${alerts}/abmelden`]: ['token'],
        '/:bodyKey/beteiligung/bestaetigen': ['token'],
        '/:bodyKey/beteiligung/frage': ['token'],
        '/:bodyKey/beteiligung/frage/export': ['token', 'format'],
        '/:bodyKey/beteiligung/stellungnahme/bestaetigen': ['token'],
        '/:bodyKey/beteiligung/stellungnahme': ['token'],
        '/:bodyKey/beteiligung/stellungnahme/export': ['token', 'format'],
        '/:bodyKey/beteiligung/anregungen/bestaetigen': ['token'],
        '/:bodyKey/beteiligung/anregungen/stand': ['token'],
        '/:bodyKey/beteiligung/anregungen/stand/export': ['token', 'format'],
        '/:bodyKey/beschlusskontrolle': ['status', 'amt', 'jahr', 'seite'],
        '/:bodyKey/verwaltung/beschlusskontrolle': ['status', 'amt', 'ueberfaellig', 'seite', 'erfolg'],
        '/:bodyKey/verwaltung/beschlusskontrolle/neu': ['top'],
        '/:bodyKey/verwaltung/beschlusskontrolle/:id': ['erfolg'],
        '/:bodyKey/feed.atom': [],
        '/:bodyKey/feed.rss': [],
        '/:bodyKey/export': ['daten', 'format', 'von', 'bis'],
        '/:bodyKey/verwaltung/export': ['daten', 'format', 'von', 'bis'],
      };
      const plausibleQuery: Record<string, Record<string, string>> = {
        '/:bodyKey/sitzungen': {
          ansicht: 'monat',
          monat: '2026-03',
          gremium: fixtureIds.gremien,
          von: '2026-01-01',
          bis: '2026-12-31',
          seite: '1',
        },
        '/:bodyKey/vorlagen': { art: 'Beschlussvorlage', gremium: fixtureIds.gremien, jahr: '2026', status: 'decided', seite: '1' },
        '/:bodyKey/suche': { q: 'Haushalt', art: 'paper', von: '2025-01-01', bis: '2026-12-31', sortierung: 'newest', seite: '1' },
        [alerts]: { suche: 'Haushalt', vorlage: fixtureIds.vorlagen },
        [`${alerts}/bestaetigen`]: { token: realToken('confirm') },
        [`${alerts}/abmelden`]: { token: realToken('unsubscribe') },
        '/anmelden': { ziel: `/${BODY_KEY}/` },
        '/:bodyKey/beschlusskontrolle': { status: 'done', amt: 'Bauamt', jahr: '2026', seite: '1' },
        '/:bodyKey/export': { daten: 'tagesordnungspunkte', format: 'csv', von: '01.01.2026', bis: '31.12.2026' },
      };
      /** Answers that are not pages (calendars, feeds, downloads): only their errors must be pages. */
      const notHtml = (path: string) =>
        /\.(ics|atom|rss)$|\/dateien\/|\/mein-kalender\/|\/mein-bereich\/unterwegs\/|\/live\/ereignisse$|^\/:bodyKey\/(verwaltung\/)?export$/.test(
          path,
        );

      // The near-valid queries the fuzz starts from must be valid, or every mutation only meets a 400.
      for (const [path, plausible] of Object.entries(plausibleQuery)) {
        const url = `${path.replace(':bodyKey', BODY_KEY)}?${joinPairs(Object.entries(plausible).map(([k, v]) => [k, encode(v)]))}`;
        expect(`${url} → ${(await get(url)).status}`).toBe(`${url} → 200`);
      }

      // A new portal form or page must be added above, not skipped.
      const posts = routes.filter((r) => r.method === 'POST');
      expect(posts.map((r) => r.path).sort()).toEqual(Object.keys(postRoutes).sort());
      expect(routes.filter((r) => !['GET', 'POST'].includes(r.method))).toEqual([]);
      const gets = routes.filter((r) => r.method === 'GET');
      const withoutInput = gets.filter((r) => pathParams(r.path).length === 0 && !(r.path in queryNames));
      // Pages without any input: the start pages and the logout confirmation; and the web app's manifest and service worker.
      expect(withoutInput.map((r) => r.path).sort()).toEqual(['/', '/abmelden', '/manifest.webmanifest', '/sw.js']);

      console.log(`fuzz-portal: seed=${SEED} runs=${RUNS}, ${posts.length} form posts, ${gets.length} pages`);
      const started = Date.now();
      const failures: string[] = [];
      let baseline = await settledDigest();
      let requests = 0;
      let accepted = 0;

      /** Answers per route and status, printed at the end: shows the fuzz got past CSRF and validation. */
      const statuses = new Map<string, Map<number, number>>();
      const tally = (route: string, status: number) => {
        const counts = statuses.get(route) ?? new Map<number, number>();
        counts.set(status, (counts.get(status) ?? 0) + 1);
        statuses.set(route, counts);
      };

      const checkPost = async (path: string, route: PostRoute, url: string, c: PostCase) => {
        const res = await post(url, c, route.cookie);
        requests++;
        tally(`POST ${path}`, res.status);
        const where = `POST ${url.slice(0, 160)} → ${res.status}`;
        const problems = answerProblems(res, { html: res.status < 300 });
        if (route.mustReject && res.status < 400) problems.push('accepted a request that cannot be right');
        if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
        const after = await digest();
        const changed = changedTables(baseline, after);
        if (res.status < 400 && changed.length > 0) {
          if (!route.mayAccept) throw new Error(`${where}: accepted and changed ${changed.join(', ')}`);
          accepted++;
          baseline = await settledDigest();
          return;
        }
        if (changed.length) {
          baseline = after;
          throw new Error(`${where}: rejected, but changed ${changed.join(', ')}`);
        }
      };

      const checkGet = async (path: string, url: string, cookie: string) => {
        const res = await get(url, cookie);
        requests++;
        tally(`GET ${path}`, res.status);
        const where = `GET ${url.slice(0, 160)} → ${res.status}`;
        const problems = answerProblems(res, { html: !notHtml(path) && res.status < 300 });
        if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
        const after = await digest();
        const changed = changedTables(baseline, after);
        if (changed.length) {
          baseline = after;
          throw new Error(`${where}: a page changed ${changed.join(', ')}`);
        }
      };

      // Part 1: every field of every form, each sweep value in turn, the rest valid.
      const sweep = ['Rat\u0000haus', HUGE, XSS_VALUES[0], XSS_VALUES[1], '\uD800'];
      for (const [path, route] of Object.entries(postRoutes)) {
        const url = fc.sample(route.url, { seed: SEED, numRuns: 1 })[0];
        for (const name of Object.keys(route.base)) {
          for (const value of sweep) {
            const pairs = Object.entries({ ...route.base, [name]: value }).map(([k, v]): Pair => [encode(k), encode(v)]);
            const c: PostCase = { csrf: 'valid', contentType: FORM, body: joinPairs(pairs) };
            try {
              await checkPost(path, route, url, c);
            } catch (error) {
              failures.push(`${path} (sweep ${name}): ${String(error)}\n  case: ${describeCase(c)}`);
              break;
            }
          }
        }
      }

      // Part 2: random hostile posts per form, from fast-check.
      for (const [path, route] of Object.entries(postRoutes)) {
        const names = [...Object.keys(route.base), 'email', '_csrf'];
        const result = await fc.check(
          fc.asyncProperty(route.url, postCases(route.base, [...new Set(names)]), (url, c) => checkPost(path, route, url, c)),
          { seed: SEED, numRuns: RUNS * 2, endOnFailure: true },
        );
        if (result.failed) failures.push(`POST ${path}: ${String(result.errorInstance)}\n  case: ${describeCase(result.counterexample)}`);
      }

      // Part 3: every page with input: hostile query strings and ids in the path, as visitor and as member.
      for (const route of gets) {
        const params = pathParams(route.path);
        const names = queryNames[route.path] ?? [];
        if (params.length === 0 && !(route.path in queryNames)) continue;
        const plausible = plausibleQuery[route.path] ?? {};
        const query = names.length
          ? fc.oneof(
              mutateFields(plausible, names),
              // One field alone: hostile text that is often valid, so full pages (not only errors) show it.
              fc.tuple(fc.constantFrom(...names), hostileText.map(encode)).map((pair): Pair[] => [pair]),
              fc.array(fc.tuple(fc.constantFrom(...names), rawPiece), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Pair[]>,
            )
          : fc.constant<Pair[]>([]);
        const paramValue = (p: string) =>
          p === 'bodyKey'
            ? fc.oneof({ weight: 3, arbitrary: fc.constant(BODY_KEY) }, badBodyKey)
            : fc.oneof(fc.constant(realId(route.path, p)), badId);
        const pathArb = fc.tuple(...params.map(paramValue)).map((values) => {
          let url = route.path;
          params.forEach((p, i) => (url = url.replace(`:${p}`, values[i])));
          return url;
        });
        const result = await fc.check(
          fc.asyncProperty(pathArb, query, fc.boolean(), (path, pairs, asMember) => {
            const search = joinPairs(pairs);
            return checkGet(route.path, search ? `${path}?${search}` : path, asMember ? memberCookie : '');
          }),
          { seed: SEED, numRuns: names.length ? RUNS * 2 : RUNS, endOnFailure: true },
        );
        if (result.failed)
          failures.push(`GET ${route.path}: ${String(result.errorInstance)}\n  case: ${describeCase(result.counterexample)}`);
      }

      console.log(`fuzz-portal: ${requests} requests (${accepted} accepted) in ${Math.round((Date.now() - started) / 1000)} s`);
      for (const [route, counts] of statuses) {
        console.log(`  ${route}: ${[...counts].map(([status, n]) => `${status}×${n}`).join(' ')}`);
      }
      expect(failures).toEqual([]);
    },
    // Sized for the office's and the portal's forms: each sweep value of each field is one post and one table digest.
    // A guard against a hang, not a speed check: the forms grow, and a loaded machine is slow.
    Math.max(900_000, RUNS * 60_000),
  );

  it('prints hostile values escaped where a page shows them, so the raw-marker check above has teeth', async () => {
    for (const value of XSS_VALUES.slice(0, 2)) {
      const page = await get(`/${BODY_KEY}/suche?q=${encode(value)}`);
      expect(page.status).toBe(200);
      // Nunjucks' escaping of the value: proof that the page does show it, only harmlessly.
      const escaped = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
      expect(page.text).toContain(escaped);
      expect(answerProblems(page, { html: true })).toEqual([]);
    }
  });

  it('follows only same-site return paths after a login, whatever ziel holds', async () => {
    const failures: string[] = [];
    const locations = new Map<string, string>();
    const ziele = [
      ...XSS_VALUES,
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      '/\u202Eevil',
      '/ä?x=ö',
      '/%0D%0AX-Evil:%201',
      '/a\tb',
      '/💥',
    ];
    for (const ziel of ziele) {
      const res = await post('/anmelden', {
        csrf: 'valid',
        contentType: FORM,
        body: joinPairs([
          ['email', encode('ratsmitglied@lindenbach.example')],
          ['password', encode(DEMO_PASSWORDS.member)],
          ['ziel', encode(ziel)],
        ]),
      });
      const problems = answerProblems(res, { html: false });
      if (res.status !== 303) problems.push('not a redirect after a correct login');
      const location = String(res.headers.location ?? '');
      // A Location header is ASCII; anything else once made the reply fail and the request hang.
      if (!/^[\x21-\x7e]+$/.test(location)) problems.push(`location ${JSON.stringify(location)} is not plain ASCII`);
      locations.set(ziel, location);
      if (problems.length) failures.push(`ziel ${JSON.stringify(ziel)} → ${res.status}: ${problems.join('; ')} ${res.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    // Paths on this site survive, percent-encoded where needed; everything else goes to the member's own area.
    expect(locations.get('/ä?x=ö')).toBe('/%C3%A4?x=%C3%B6');
    expect(locations.get('/\u202Eevil')).toBe('/%E2%80%AEevil');
    expect(locations.get('//evil.example/')).toBe('/mein-bereich');
    expect(locations.get('https://evil.example/')).toBe('/mein-bereich');
  });

  it('answers addresses the router or Node refuse before the app sees them with the German page too', async () => {
    const answers = await Promise.all(FRAMEWORK_CASES.map((url) => get(url)));
    expect(answers.map((res) => res.status)).toEqual([400, 414, 431]);
    for (const res of answers) expect(answerProblems(res, { html: true })).toEqual([]);
    // The API keeps its JSON error body for the same refusals.
    const api = await Promise.all(
      FRAMEWORK_CASES.map((url) =>
        get(
          url
            .replace(`/${BODY_KEY}/sitzungen/`, `/api/v1/bodies/${BODY_KEY}/meetings/`)
            .replace(`/${BODY_KEY}/suche?`, `/api/v1/bodies/${BODY_KEY}/search?`),
        ),
      ),
    );
    expect(api.map((res) => res.status)).toEqual([400, 414, 431]);
    for (const res of api) expect(errorShapeProblems(res)).toEqual([]);
  });
});
