import { AddressInfo } from 'node:net';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { berlinDay } from 'src/common/berlin-time';
import { loadDemoIfEmpty } from 'src/demo/demo-loader';
import { fetchRemote } from 'src/oparl-import/oparl-fetch';
import { OparlImporter } from 'src/oparl-import/oparl-importer';
import { OparlHttpClient } from 'src/oparl-import/oparl-source';
import { publicItemPapers } from '../support/oparl-round-trip';
import { createTestApp } from '../support/test-app';

const PUBLIC_URL = 'http://ratsinfo.test';
const SEGMENTS = [
  'organizations',
  'persons',
  'memberships',
  'meetings',
  'agenda-items',
  'papers',
  'consultations',
  'files',
  'locations',
  'legislative-terms',
];
const DAY_MS = 86_400_000;
const FIRST = Date.parse('2026-12-02T11:00:00Z');

/**
 * The demo town is generated around "now": which meetings are held, published or still drafts,
 * which items were postponed to a meeting not yet published. The round trip through our own
 * OParl API keeps every public count and every public item's paper on any of these days: every
 * 41 days for a year (so the weekday moves on), plus the nights of the clock changes and the
 * turn of the year in Berlin.
 */
const DAYS = [
  ...Array.from({ length: 9 }, (_, i) => new Date(FIRST + i * 41 * DAY_MS)),
  new Date('2026-12-31T23:30:00Z'),
  new Date('2027-03-28T00:30:00Z'),
  new Date('2027-10-31T00:30:00Z'),
];

describe('OParl round trip of the demo town on any day of a year', () => {
  it.each(DAYS.map((now) => [berlinDay(now), now] as const))(
    '%s',
    async (_, now) => {
      const t = await createTestApp({ PUBLIC_URL });
      try {
        const log = jest.spyOn(console, 'log').mockImplementation(() => {});
        await loadDemoIfEmpty((t.dataSource.options as PostgresConnectionOptions).url!, t.config, now);
        log.mockRestore();
        const { port } = t.app.getHttpServer().address() as AddressInfo;
        const client = new OparlHttpClient({
          concurrency: 4,
          retries: 2,
          timeoutMs: 20_000,
          rewrite: (u) => u.replace(PUBLIC_URL, `http://127.0.0.1:${port}`),
        });
        const objects = await fetchRemote(client, `${PUBLIC_URL}/oparl/v1.1`, { sourceBody: `${PUBLIC_URL}/oparl/v1.1/bodies/lindenbach` });
        const summary = await new OparlImporter(t.dataSource, 'rundreise').run(objects);
        expect(summary.skipped.size).toBe(0);
        const total = async (key: string, segment: string) =>
          (await t.http().get(`/oparl/v1.1/bodies/${key}/${segment}?limit=1`).expect(200)).body.pagination.totalElements as number;
        for (const segment of SEGMENTS) {
          expect({ segment, total: await total('rundreise', segment) }).toEqual({ segment, total: await total('lindenbach', segment) });
        }
        expect(await publicItemPapers(t, 'rundreise')).toEqual(await publicItemPapers(t, 'lindenbach'));
      } finally {
        await t.close();
      }
    },
    120_000,
  );
});
