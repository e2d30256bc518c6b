import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, watch } from 'node:fs';
import { freePort } from '../support/free-port';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from 'src/app';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { createTestDatabase, testConfig } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'];
const SEGMENTS: [string, string][] = [
  ['organizations', 'organization'],
  ['persons', 'person'],
  ['memberships', 'membership'],
  ['meetings', 'meeting'],
  ['agenda-items', 'agenda_item'],
  ['papers', 'paper'],
  ['consultations', 'consultation'],
  ['files', 'file'],
  ['locations', 'location'],
  ['legislative-terms', 'legislative_term'],
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs a TypeScript entry point as its own process, as an operator would. With `killWhen`,
 * the process gets SIGKILL (no chance to clean up) as soon as a line of its output matches.
 */
function run(args: string[], env: NodeJS.ProcessEnv, killWhen?: RegExp, started?: (child: ChildProcess) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE, ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', NODE_ENV: 'test', ARGON2_MEMORY_KIB: '1024', ...env },
    });
    started?.(child);
    let output = '';
    const watch = (chunk: Buffer) => {
      output += chunk.toString();
      if (killWhen && killWhen.test(output) && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

/**
 * A process killed in the middle of a long write (an OParl import, PDF generation) must leave
 * nothing a rerun cannot repair: no duplicates, no half objects, no files without rows.
 */
describe('Killed in the middle', () => {
  describe('OParl import', () => {
    let source: NestFastifyApplication;
    let sourceUrl: string;
    let dropSource: () => Promise<void>;
    let target: { url: string; drop(): Promise<void> };
    let dataDir: string;

    beforeAll(async () => {
      // The demo town served over OParl by a real server whose ids carry its own address.
      const port = await freePort();
      sourceUrl = `http://127.0.0.1:${port}`;
      const db = await createTestDatabase();
      dropSource = () => db.drop();
      const config = testConfig({ PUBLIC_URL: sourceUrl });
      jest.spyOn(console, 'log').mockImplementation(() => {});
      // A fixed day: which meetings and papers are public depends on the day the demo is made for.
      await loadDemoIfEmpty(db.url, config, new Date('2026-12-02T11:00:00Z'));
      jest.restoreAllMocks();
      source = await createApp(config, db.url);
      await source.listen({ port, host: '127.0.0.1' });
      target = await createTestDatabase();
      dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-kill-import-'));
    }, 120_000);
    afterAll(async () => {
      await source?.close();
      await dropSource?.();
      await target?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('continues after SIGKILL to exactly the source: same totals, no duplicates, no orphans', async () => {
      const args = ['scripts/oparl-import.ts', '--body', 'ziel', `${sourceUrl}/oparl/v1.1/bodies/lindenbach`];
      const env = { DATABASE_URL: target.url, DATA_DIR: dataDir };

      // Killed once the early types are written and the meetings transaction has begun.
      const killed = await run(args, env, /writing meetings/);
      expect(killed.signal).toBe('SIGKILL');
      const partial = new DataSource({ type: 'postgres', url: target.url });
      await partial.initialize();
      try {
        const count = async (table: string) =>
          Number(
            (await partial.query(`SELECT count(*)::int AS n FROM ${table} t JOIN body b ON b.id = t.body_id WHERE b.key = 'ziel'`))[0].n,
          );
        expect(await count('organization')).toBeGreaterThan(0);
        expect(await count('paper')).toBe(0);

        const rerun = await run(args, env);
        expect({ code: rerun.code, output: rerun.code === 0 ? '' : rerun.output }).toEqual({ code: 0, output: '' });

        // The imported body answers over OParl with the totals of the source.
        const copy = await createApp(testConfig({ PUBLIC_URL: 'http://ziel.test' }), target.url);
        try {
          const total = async (http: ReturnType<typeof request>, key: string, segment: string) =>
            (await http.get(`/oparl/v1.1/bodies/${key}/${segment}?limit=1`).expect(200)).body.pagination.totalElements as number;
          for (const [segment] of SEGMENTS) {
            const expected = await total(request(source.getHttpServer()), 'lindenbach', segment);
            expect({ segment, total: await total(request(copy.getHttpServer()), 'ziel', segment) }).toEqual({ segment, total: expected });
          }
        } finally {
          await copy.close();
        }

        const [{ id: bodyId }] = await partial.query(`SELECT id FROM body WHERE key = 'ziel'`);
        for (const [, table] of SEGMENTS) {
          // Each OParl object became one row, and no row lacks the OParl id it was matched by.
          const duplicates = await partial.query(
            `SELECT external_id, count(*)::int AS n FROM ${table} WHERE body_id = $1 GROUP BY external_id HAVING count(*) > 1`,
            [bodyId],
          );
          expect({ table, duplicates }).toEqual({ table, duplicates: [] });
          const unmatched = await partial.query(`SELECT id FROM ${table} WHERE body_id = $1 AND external_id IS NULL`, [bodyId]);
          expect({ table, unmatched }).toEqual({ table, unmatched: [] });
        }
        // Children point into the same body (an interrupted run must not link across).
        const crossed = await partial.query(
          `SELECT 'agenda_item' AS t, i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE i.body_id = $1 AND m.body_id <> i.body_id
           UNION ALL SELECT 'consultation', c.id FROM consultation c JOIN paper p ON p.id = c.paper_id WHERE c.body_id = $1 AND p.body_id <> c.body_id
           UNION ALL SELECT 'membership', ms.id FROM membership ms JOIN person pe ON pe.id = ms.person_id WHERE ms.body_id = $1 AND pe.body_id <> ms.body_id`,
          [bodyId],
        );
        expect(crossed).toEqual([]);
        // Only the completed run recorded itself.
        const audits = await partial.query(`SELECT id FROM audit_entry WHERE body_id = $1 AND action = 'oparl.import'`, [bodyId]);
        expect(audits).toHaveLength(1);
      } finally {
        await partial.destroy();
      }
    }, 300_000);
  });

  describe('PDF generation of meeting documents', () => {
    let db: { url: string; drop(): Promise<void> };
    let dataDir: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      dataDir = mkdtempSync(join(tmpdir(), 'ratsinfo-kill-docs-'));
      jest.spyOn(console, 'log').mockImplementation(() => {});
      await loadDemoIfEmpty(db.url, testConfig({ DATA_DIR: dataDir }));
      jest.restoreAllMocks();
    }, 120_000);
    afterAll(async () => {
      await db?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** Keys of every object in the local storage (its spool directory `tmp` aside). */
    const storedObjects = (root: string) =>
      readdirSync(root)
        .filter((d) => d !== 'tmp')
        .flatMap((d) => readdirSync(join(root, d)));

    it('leaves after SIGKILL and a rerun exactly one current version per document, and files and rows that match', async () => {
      const dataSource = new DataSource({ type: 'postgres', url: db.url });
      await dataSource.initialize();
      try {
        const meetings: { id: string; body_id: string }[] = await dataSource.query(
          `SELECT m.id, m.body_id FROM meeting m WHERE m.published_at IS NOT NULL AND m.deleted IS NULL AND m.state <> 'cancelled'
            ORDER BY m.start LIMIT 4`,
        );
        expect(meetings.length).toBe(4);
        const args = ['test/hard/support/generate-documents.ts', meetings[0].body_id, ...meetings.map((m) => m.id)];
        const env = { DATABASE_URL: db.url, DATA_DIR: dataDir, DOCUMENTS_SWEEP_SECONDS: '0', LOG_LEVEL: 'silent' };

        // Killed the moment a rendered PDF lands in the spool directory, i.e. while it is being
        // stored: the worst place, between rendering and the commit of its rows.
        const spool = join(dataDir, 'files', 'tmp');
        mkdirSync(spool, { recursive: true });
        let watcher: ReturnType<typeof watch> | undefined;
        const killed = await run(args, env, undefined, (child) => {
          watcher = watch(spool, (_event, name) => {
            if (name?.endsWith('.pdf') && child.exitCode === null) child.kill('SIGKILL');
          });
        });
        watcher?.close();
        expect(killed.signal).toBe('SIGKILL');
        const afterKill = await dataSource.query(`SELECT DISTINCT meeting_id FROM generated_document`);
        expect(afterKill.length).toBeLessThan(meetings.length);

        // The crash left its PDF in the spool directory; age it as if the crash was two hours ago.
        const leftovers = readdirSync(spool).filter((name) => name.endsWith('.pdf'));
        expect(leftovers.length).toBeGreaterThan(0);
        const longAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
        for (const name of leftovers) utimesSync(join(spool, name), longAgo, longAgo);

        const rerun = await run(args, env);
        expect({ code: rerun.code, output: rerun.code === 0 ? '' : rerun.output }).toEqual({ code: 0, output: '' });

        // Every meeting has each kind once per audience, one version each: the content did not change.
        const versions: { meeting_id: string; kind: string; audience: string; n: number; current: number }[] = await dataSource.query(
          `SELECT meeting_id, kind, audience, count(*)::int AS n, count(*) FILTER (WHERE current)::int AS current
             FROM generated_document WHERE deleted IS NULL GROUP BY meeting_id, kind, audience`,
        );
        expect(new Set(versions.map((v) => v.meeting_id))).toEqual(new Set(meetings.map((m) => m.id)));
        expect(versions.filter((v) => v.n !== 1 || v.current !== 1)).toEqual([]);

        // Storage and rows agree both ways, and no abandoned spool file is left.
        const files: { storage_key: string }[] = await dataSource.query(`SELECT storage_key FROM file WHERE storage_key IS NOT NULL`);
        const keys = new Set(files.map((f) => f.storage_key));
        const objects = storedObjects(join(dataDir, 'files'));
        expect(objects.filter((o) => !keys.has(o))).toEqual([]);
        const documentKeys: { storage_key: string }[] = await dataSource.query(
          `SELECT f.storage_key FROM generated_document g JOIN file f ON f.id = g.file_id`,
        );
        expect(documentKeys.filter((k) => !objects.includes(k.storage_key))).toEqual([]);
        expect(leftovers.filter((name) => existsSync(join(spool, name)))).toEqual([]);
      } finally {
        await dataSource.destroy();
      }
    }, 300_000);
  });
});
