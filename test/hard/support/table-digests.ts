import { DataSource } from 'typeorm';

/**
 * One hash per table over all its rows, so a test can tell that a refused request changed
 * nothing. `filters` narrows a table to the rows that must stay put (a WHERE clause).
 */
export async function tableDigests(
  ds: DataSource,
  skip: string[] = [],
  filters: Record<string, string> = {},
): Promise<Map<string, string>> {
  const tables: { name: string }[] = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const digests = new Map<string, string>();
  for (const { name } of tables) {
    if (skip.includes(name)) continue;
    const where = filters[name] ? `WHERE ${filters[name]}` : '';
    const [row] = await ds.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${name}" x ${where}`);
    digests.set(name, (row as { d: string }).d);
  }
  return digests;
}

/** Names of the tables whose digest differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
}
