import { AddressInfo } from 'node:net';
import { demoTownBodyId } from 'src/demo/demo-loader';
import { DemoDocumentsService } from 'src/demo/demo-documents.service';
import { Visibility } from 'src/visibility/visibility';
import { clickEverything, loadDemoTown, portalLogin } from './portal-support';
import { createTestApp, TestApp } from './support/test-app';

describe('Every click works in the demo town', () => {
  let t: TestApp;
  let base: string;
  let months: Set<string>;

  beforeAll(async () => {
    t = await createTestApp();
    // With what the server renders in the background after its first start, awaited here.
    await loadDemoTown(t, { documents: true });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const rows: { month: string }[] = await t.dataSource.query(
      `WITH m AS (SELECT date_trunc('month', start AT TIME ZONE 'Europe/Berlin') AS month FROM meeting)
       SELECT to_char(month + delta * interval '1 month', 'YYYY-MM') AS month FROM m, (VALUES (-1), (0), (1)) AS d(delta)`,
    );
    months = new Set(rows.map((r) => r.month));
  }, 600_000);
  afterAll(() => t.close());

  it('has a document behind every file of the demo, and invitations, bundles and minutes from the pipeline', async () => {
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM file WHERE storage_key IS NULL) AS without_bytes,
              (SELECT count(*)::int FROM file) AS files,
              (SELECT count(*)::int FROM meeting WHERE published_at IS NOT NULL AND state <> 'cancelled'
                 AND NOT EXISTS (SELECT 1 FROM generated_document g WHERE g.meeting_id = meeting.id AND g.kind = 'invitation')) AS without_invitation,
              (SELECT count(*)::int FROM meeting WHERE state = 'held'
                 AND NOT EXISTS (SELECT 1 FROM generated_document g WHERE g.meeting_id = meeting.id AND g.kind = 'minutes')) AS without_minutes`,
    );
    expect(counts).toMatchObject({ without_bytes: 0, without_invitation: 0, without_minutes: 0 });
    expect(counts.files).toBeGreaterThan(300);
    // Completing again finds nothing left to do.
    expect(await t.app.get(DemoDocumentsService).complete(demoTownBodyId())).toEqual({ papers: 0, meetings: 0 });
  });

  it('answers every link a visitor can follow, and every document is what it says', async () => {
    const result = await clickEverything(base, ['/'], months);
    expect({ problems: result.problems.length, first: result.problems.slice(0, 10) }).toEqual({ problems: 0, first: [] });
    expect(result.pages).toBeGreaterThan(300);
    // Every document the public may open is reachable by a click, and nothing else is.
    const visible = Visibility.anyFile({ kind: 'public' }, 'f');
    const rows: { id: string }[] = await t.dataSource.query(`SELECT f.id FROM file f WHERE f.deleted IS NULL AND ${visible.sql}`);
    expect([...result.documents].sort()).toEqual(rows.map((r) => `/lindenbach/dateien/${r.id}`).sort());
  }, 300_000);

  it('answers every link a logged-in member can follow, non-public documents included', async () => {
    const cookie = await portalLogin(t);
    const result = await clickEverything(base, ['/lindenbach/'], months, cookie);
    expect({ problems: result.problems.length, first: result.problems.slice(0, 10) }).toEqual({ problems: 0, first: [] });
    expect(result.pages).toBeGreaterThan(300);
    // The members' versions of invitations, bundles and minutes are among them.
    const members: { file_id: string }[] = await t.dataSource.query(
      `SELECT file_id FROM generated_document WHERE audience = 'members' AND current`,
    );
    const opened = members.filter((m) => result.documents.has(`/lindenbach/dateien/${m.file_id}`));
    expect(opened.length).toBeGreaterThan(0);
  }, 300_000);
});
