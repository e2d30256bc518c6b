import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BodyRole } from 'src/accounts/account-body-role.entity';
import { Channel, channelOf } from 'src/common/channel';
import { PdfjsDirectories } from 'src/portal/portal-assets';
import { bearer, createAccount, createBody } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { markersIn, plantBody, PlantedBody } from './support/planted-body';
import { listRoutes, RouteInfo } from '../support/routes';
import { changedDigestTables as changedTables, dbDigest } from './support/db-digest';

/**
 * Every route of the application, taken from the running app's route table (a new route is
 * tried without editing this file), called by everyone who must not reach the victim body's
 * hidden content:
 * - anonymous: the public;
 * - memberA: a council member of the same body, in committee A only, against committee B's
 *   non-public part (the body does not let members see all non-public content);
 * - foreignAdmin: the council office of another body;
 * - operator: the platform operator, who sees no content.
 * Path parameters are ids of real objects of the victim body, hidden ones wherever the route
 * names such a thing. Expected: hidden things read as 404 (or the guard's 401/403/404), writes
 * are refused and change no table, and no marker of the victim's hidden content is in any answer.
 */
type Role = 'anonymous' | 'memberA' | 'foreignAdmin' | 'operator';
const ROLES: Role[] = ['anonymous', 'memberA', 'foreignAdmin', 'operator'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const pdfjsVersion = new PdfjsDirectories().version;

interface Outcome {
  route: RouteInfo;
  role: Role;
  url: string;
  status: number;
  problems: string[];
}

describe('Authorization matrix over every route', () => {
  let t: TestApp;
  let dataDir: string;
  let v: PlantedBody;
  const headers = {} as Record<Role, Record<string, string>>;
  const outcomes: Outcome[] = [];

  /**
   * The status the guard answers when the role may not call the route at all; null when it passes.
   * A page that needs a login sends the visitor to the login form instead of answering 401.
   */
  function refusedBy(access: string, role: Role, method: string, path: string): number | null {
    if (access === 'public') return null;
    if (role === 'anonymous') return method === 'GET' && channelOf(path) === Channel.Page ? 303 : 401;
    if (access === 'authenticated') return null;
    if (access === 'operator') return role === 'operator' ? null : 403;
    // Body routes: another body's account and the operator see a body that does not exist.
    if (role === 'foreignAdmin' || role === 'operator') return 404;
    if (access === 'bodyAdmin') return 403;
    if (access === 'bodyReader') return null;
    throw new Error(`${method} ${path}: unknown access ${access}`);
  }

  /** A writing route the role may legitimately call on its own behalf. */
  const ownWrite = (route: RouteInfo, role: Role) =>
    (route.path === '/api/v1/bodies/:bodyKey/calendar-tokens' && route.method === 'POST' && role === 'memberA') ||
    (route.path === '/api/v1/auth/logout' && role !== 'anonymous');
  /**
   * One-click unsubscribe answers an unknown link like a known one (RFC 8058; it must not tell
   * which links exist), and so does deleting a resident's question or statement, so their 200 is no success: the table digest shows it changed nothing.
   */
  const sameAnswerForUnknown = (route: RouteInfo) =>
    route.method === 'POST' &&
    [
      '/:bodyKey/benachrichtigungen/abmelden',
      '/:bodyKey/beteiligung/frage/loeschen',
      '/:bodyKey/beteiligung/stellungnahme/loeschen',
      '/:bodyKey/beteiligung/anregungen/stand/loeschen',
    ].includes(route.path);

  function fill(route: RouteInfo): string {
    const segments = route.path.split('/');
    const filled = segments.map((segment, index) => {
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const before = segments[index - 1];
      switch (name) {
        case 'bodyKey':
          return v.body.key;
        case 'meetingId':
          return v.publicMeeting.id;
        case 'itemId':
          return v.secretItem.id;
        case 'voteId':
          return v.secretVote.id;
        case 'questionId':
          return v.secretQuestion.id;
        case 'paperId':
          return v.confidentialPaper.id;
        case 'accountId':
          return v.memberB.account.id;
        case 'personId':
          return v.personB.id;
        case 'stepId':
          return v.consultation.id;
        case 'linkId':
          return v.secretFileLink.id;
        // No statement is planted: a valid id that names none.
        case 'statementId':
          return '00000000-0000-4000-8000-000000000000';
        case 'fileId':
          return v.secretFile;
        case 'segment':
        case 'list':
          return 'meetings';
        case 'file':
          return 'keinschluessel.ics';
        case 'name':
          return 'unbekannt.css';
        // pdf.js's folders: the installed version, one folder of it.
        case 'version':
          return pdfjsVersion;
        case 'folder':
          return 'cmaps';
        case 'token':
          // A one-time link of the right shape that was never issued.
          return 'A'.repeat(43);
        case 'id': {
          const byCollection: Record<string, string> = {
            meetings: v.draftMeeting.id,
            sitzungen: v.draftMeeting.id,
            ':segment': v.draftMeeting.id,
            'agenda-items': v.secretItem.id,
            papers: v.confidentialPaper.id,
            vorlagen: v.confidentialPaper.id,
            files: v.secretFile,
            organizations: v.committeeB.id,
            gremien: v.committeeB.id,
            persons: v.personB.id,
            personen: v.personB.id,
            memberships: v.membershipB.id,
            mitgliedschaften: v.membershipB.id,
            locations: v.location.id,
            'legislative-terms': v.term.id,
            wahlperioden: v.term.id,
            consultations: v.consultation.id,
            'calendar-tokens': v.calendarToken.id,
            kalender: v.calendarToken.id,
            konten: v.memberB.account.id,
            annotations: v.privateNote.id,
            notizen: v.privateNote.id,
            anregungen: v.draftMeeting.id,
            beschlusskontrolle: v.secretTracking.id,
          };
          const value = byCollection[before];
          if (!value) throw new Error(`${route.method} ${route.path}: no victim object for :id after "${before}"`);
          return value;
        }
        default:
          throw new Error(`${route.method} ${route.path}: no victim object for :${name}; add one to this test`);
      }
    });
    const path = filled.join('/');
    // Search routes look for the prefix every hidden marker word starts with (a whole marker
    // would come back in the portal's echo of the query and prove nothing).
    return /\/(search|suggest|suche)$/.test(path) ? `${path}?q=vrtl` : path;
  }

  const hiddenIds = () =>
    new Set([
      v.draftMeeting.id,
      v.secretItem.id,
      v.confidentialPaper.id,
      v.secretFile,
      v.secretVote.id,
      v.consultation.id,
      v.calendarToken.id,
      v.secretFileLink.id,
      v.privateNote.id,
      v.factionNote.id,
      v.secretTracking.id,
    ]);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-authz-'));
    t = await createTestApp({ DATA_DIR: dataDir, LOG_LEVEL: 'error', DOCUMENTS_SWEEP_SECONDS: '1' });
    v = await plantBody(t);
    // Once public, now non-public: must be hidden like the rest from here on.
    await v.hideFormerlyPublicItem();
    // Background work (documents, search index) must be done, or the digests see it as a change.
    await v.settle();
    const other = await createBody(t.dataSource);
    headers.anonymous = {};
    headers.memberA = bearer(v.memberA.token);
    headers.foreignAdmin = bearer((await createAccount(t, { body: other, role: BodyRole.Admin })).token);
    headers.operator = bearer((await createAccount(t, 'operator')).token);

    // Logging out ends the caller's own session: it goes last.
    const routes = listRoutes(t.app).sort((a, b) => Number(a.path === '/api/v1/auth/logout') - Number(b.path === '/api/v1/auth/logout'));
    const hidden = hiddenIds();
    // A member may add their own calendar token; their own rows are theirs to change.
    const digest = () =>
      dbDigest(t.dataSource, { skip: ['session', 'login_attempt'], where: { calendar_token: `account_id <> '${v.memberA.account.id}'` } });

    for (const route of routes) {
      const url = fill(route);
      const namesHidden = url.split(/[/?]/).some((part) => hidden.has(part));
      const write = WRITES.has(route.method);
      for (const role of ROLES) {
        const before = write ? await digest() : undefined;
        const request = t.http()[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url).set(headers[role]);
        const res = await (write ? request.send({}) : request).buffer(true).parse((response, callback) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => callback(null, Buffer.concat(chunks)));
        });
        const problems: string[] = [];
        const text = `${JSON.stringify(res.headers)}\n${(res.body as Buffer).toString('latin1')}`;
        // Confidential files on a public item are for every member (test/visibility.e2e-spec.ts).
        const forbidden = role === 'memberA' ? v.secretsFromOtherMembers : v.secrets;
        // The members' version history shows each published version as it was (src/agenda/agenda.service.ts,
        // "judged by each version's own flags"): the first one still names the item that was public then.
        const history = role === 'memberA' && route.path.endsWith('/agenda-versions');
        const leaked = markersIn(text, history ? forbidden.filter((m) => m !== v.secret('waspublic')) : forbidden);
        if (leaked.length > 0) problems.push(`leaks ${leaked.join(', ')}`);
        if (res.status >= 500) problems.push('server error');

        const refused = refusedBy(route.access, role, route.method, route.path);
        if (refused !== null) {
          if (res.status !== refused) problems.push(`expected ${refused} from the guard`);
        } else if (write) {
          if (res.status < 400 && !ownWrite(route, role) && !sameAnswerForUnknown(route)) problems.push('write accepted');
        } else if (namesHidden && res.status !== 404) {
          problems.push('hidden object not answered with 404');
        }
        if (before && !ownWrite(route, role)) {
          const changed = changedTables(before, await digest());
          if (changed.length > 0) problems.push(`changed ${changed.join(', ')}`);
        }
        outcomes.push({ route, role, url, status: res.status, problems });
      }
    }

    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(78) : c.padStart(13))).join('');
    const rows = routes.map((route) =>
      line([
        `${route.method.padEnd(6)} ${route.path} [${route.access}]`,
        ...ROLES.map((role) => {
          const o = outcomes.find((x) => x.route === route && x.role === role)!;
          return `${o.status}${o.problems.length > 0 ? '!' : ''}`;
        }),
      ]),
    );
    console.log([line(['route [access]', ...ROLES]), ...rows].join('\n'));
    // Every route four times, with a table digest around each write: longer than a hook's default.
  }, 600_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tried every route of the application as every role', () => {
    const routes = listRoutes(t.app);
    expect(routes.length).toBeGreaterThan(100);
    expect(outcomes).toHaveLength(routes.length * ROLES.length);
  });

  it('planted hidden content the victim body’s own office can read (so the markers are live)', async () => {
    const item = await t
      .http()
      .get(`/api/v1/bodies/${v.body.key}/meetings/${v.publicMeeting.id}/agenda-items/${v.secretItem.id}`)
      .set(bearer(v.admin.token))
      .expect(200);
    expect(markersIn(item.text, v.secrets)).toContain(v.secret('itemname'));
    const paper = await t
      .http()
      .get(`/api/v1/bodies/${v.body.key}/papers/${v.confidentialPaper.id}`)
      .set(bearer(v.admin.token))
      .expect(200);
    expect(markersIn(paper.text, v.secrets)).toContain(v.secret('confpaper'));
  });

  it('refuses, hides and leaks nothing for every route × role', () => {
    const failures = outcomes
      .filter((o) => o.problems.length > 0)
      .map((o) => `${o.route.method} ${o.url} as ${o.role} → ${o.status}: ${o.problems.join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('does not let the operator take over the victim body by creating one under its key', async () => {
    const operator = await createAccount(t, 'operator');
    const before = await dbDigest(t.dataSource, { skip: ['session', 'login_attempt'] });
    const res = await t
      .http()
      .post('/api/v1/bodies')
      .set(bearer(operator.token))
      .send({
        key: v.body.key,
        name: 'Übernahme',
        admin: { email: operator.account.email, displayName: 'Betrieb', password: 'ein langes passwort 123' },
      });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(changedTables(before, await dbDigest(t.dataSource, { skip: ['session', 'login_attempt'] }))).toEqual([]);
    await t.http().get(`/api/v1/bodies/${v.body.key}/papers`).set(bearer(operator.token)).expect(404);
  });

  it('lets committee A’s member read the public part of the victim meeting (the matrix is not all 404)', () => {
    const read = outcomes.find(
      (o) =>
        o.role === 'memberA' && o.route.method === 'GET' && o.route.path === '/api/v1/bodies/:bodyKey/meetings/:meetingId/agenda-items',
    );
    expect(read?.status).toBe(200);
    const ok = outcomes.filter((o) => o.status === 200).length;
    expect(ok).toBeGreaterThan(40);
  });
});
