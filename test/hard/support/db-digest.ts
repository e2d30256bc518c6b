import { DataSource } from 'typeorm';

/**
 * Tables a rejected request may legitimately touch, or that change on their own:
 * - session: every authenticated request refreshes its session's last use;
 * - login_attempt: failed logins are counted on purpose (the lockout depends on it);
 * - search_outbox, search_document, search_word, search_lexeme, search_indexed: the search worker drains and rewrites them in
 *   the background, whether or not a request arrives.
 * Everything else, the audit log included, must stay exactly as it was after a 4xx.
 */
export const VOLATILE_TABLES = [
  'session',
  'login_attempt',
  'search_outbox',
  'search_document',
  'search_word',
  'search_lexeme',
  'search_indexed',
];

/** Per table: row count and an md5 over the sorted text of all rows. */
export type DbDigest = Record<string, string>;

const tableLists = new WeakMap<DataSource, string[]>();

async function allTables(dataSource: DataSource): Promise<string[]> {
  const cached = tableLists.get(dataSource);
  if (cached) return cached;
  const rows = await dataSource.query<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const tables = rows.map((r) => r.table_name);
  tableLists.set(dataSource, tables);
  return tables;
}

export interface DigestOptions {
  /** Tables left out; the volatile ones unless told otherwise. */
  skip?: string[];
  /** Per table, a WHERE clause narrowing it to the rows that must stay put. */
  where?: Record<string, string>;
}

/**
 * A fingerprint of every table but the skipped ones, in one query. Rows are compared by their
 * full text, so a changed `modified` timestamp or a new audit entry shows up as well as a new row.
 */
export async function dbDigest(dataSource: DataSource, { skip = VOLATILE_TABLES, where = {} }: DigestOptions = {}): Promise<DbDigest> {
  const tables = (await allTables(dataSource)).filter((name) => !skip.includes(name));
  const sql = tables
    .map((table) => {
      const rows = `"${table}" r${where[table] ? ` WHERE ${where[table]}` : ''}`;
      return (
        `SELECT '${table}' AS name, (SELECT count(*) FROM ${rows})::text || ':' || ` +
        `coalesce((SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text)) FROM ${rows}), '-') AS digest`
      );
    })
    .join(' UNION ALL ');
  const rows = await dataSource.query<{ name: string; digest: string }[]>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** The tables whose digest differs, for a readable failure message. */
export function changedDigestTables(before: DbDigest, after: DbDigest): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
