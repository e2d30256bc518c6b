import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { Body } from 'src/bodies/body.entity';
import { dataSourceOptions } from 'src/database/data-source-options';
import { PaperReferenceSequence } from 'src/papers/paper-reference-sequence.entity';
import { DemoRows, TABLES_IN_INSERT_ORDER } from 'src/demo/demo-rows';

/** Rows per INSERT: each statement sends one array per column, so the size is bounded by memory, not by parameters. */
const CHUNK = 5000;

type ColumnTypes = Map<string, Map<string, string>>;

async function columnTypes(manager: EntityManager): Promise<ColumnTypes> {
  const rows: { table_name: string; column_name: string; udt_name: string }[] = await manager.query(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema()`,
  );
  const types: ColumnTypes = new Map();
  for (const r of rows) {
    if (!types.has(r.table_name)) types.set(r.table_name, new Map());
    types.get(r.table_name)!.set(r.column_name, r.udt_name);
  }
  return types;
}

const arrayLiteral = (values: unknown[]) => `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

function toParameter(value: unknown, udt: string): unknown {
  if (value === null || value === undefined) return null;
  if (udt.startsWith('_')) return arrayLiteral(value as unknown[]);
  if (udt === 'jsonb' || udt === 'json') return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Inserts rows with `INSERT … SELECT FROM unnest($1::type[], …)`: one statement per few thousand
 * rows and a fixed number of parameters, much faster than row-by-row inserts.
 */
async function insertRows(manager: EntityManager, types: ColumnTypes, target: EntityTarget<ObjectLiteral>, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(target);
  const table = metadata.tableName;
  const tableTypes = types.get(table);
  if (!tableTypes) throw new Error(`Table ${table} not found`);
  const properties = Object.keys(rows[0]);
  const columns = properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${table}: no column for ${property}`);
    const udt = tableTypes.get(column.databaseName);
    if (!udt) throw new Error(`${table}: column ${column.databaseName} missing in the database`);
    return { property, name: column.databaseName, udt };
  });
  // Array columns travel as text literals and are cast back, since unnest would flatten them.
  const parameterType = (udt: string) => (udt.startsWith('_') ? 'text[]' : `"${udt}"[]`);
  const selectList = columns.map((c, i) => (c.udt.startsWith('_') ? `u.c${i}::"${c.udt.slice(1)}"[]` : `u.c${i}`)).join(', ');
  const sql =
    `INSERT INTO "${table}" (${columns.map((c) => `"${c.name}"`).join(', ')}) ` +
    `SELECT ${selectList} FROM unnest(${columns.map((c, i) => `$${i + 1}::${parameterType(c.udt)}`).join(', ')}) ` +
    `AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
  for (let offset = 0; offset < rows.length; offset += CHUNK) {
    const chunk = rows.slice(offset, offset + CHUNK) as Record<string, unknown>[];
    const parameters = columns.map((c) => chunk.map((row) => toParameter(row[c.property], c.udt)));
    await manager.query(sql, parameters);
  }
}

/** Writes one municipality in one transaction; returns the number of rows written. */
export async function writeMunicipality(dataSource: DataSource, rows: DemoRows): Promise<number> {
  return dataSource.transaction(async (manager) => {
    const types = await columnTypes(manager);
    // Counters have no foreign key to the body; ones left by a removed body of the same (seeded) id would collide.
    await manager.getRepository(PaperReferenceSequence).delete({ bodyId: rows.body.id });
    // The body points at its town hall, which belongs to the body: insert it without, then link.
    await insertRows(manager, types, Body, [{ ...rows.body, locationId: null }]);
    let count = 1;
    for (const [key, entity] of TABLES_IN_INSERT_ORDER) {
      // Consultations and agenda items point at each other: the consultations get their item afterwards.
      const tableRows = key === 'consultations' ? rows.consultations.map((c) => ({ ...c, agendaItemId: null })) : rows[key];
      await insertRows(manager, types, entity, tableRows);
      count += rows[key].length;
    }
    const linked = rows.consultations.filter((c) => c.agendaItemId);
    for (let offset = 0; offset < linked.length; offset += CHUNK) {
      const chunk = linked.slice(offset, offset + CHUNK);
      await manager.query(
        `UPDATE consultation c SET agenda_item_id = u.item FROM unnest($1::uuid[], $2::uuid[]) AS u(id, item) WHERE c.id = u.id`,
        [chunk.map((c) => c.id), chunk.map((c) => c.agendaItemId)],
      );
    }
    await manager.getRepository(Body).update(rows.body.id, { locationId: rows.body.locationId });
    return count;
  });
}

/**
 * Writes the municipality that `generate` builds into the database at `databaseUrl`, on a
 * connection of its own (the server is not up yet), unless the database holds a body already:
 * then nothing is generated and null is returned. Returns the rows and their count otherwise.
 */
export async function writeMunicipalityIfEmpty(
  databaseUrl: string,
  generate: () => Promise<DemoRows>,
): Promise<{ rows: DemoRows; written: number } | null> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl, 1));
  await dataSource.initialize();
  try {
    if (await dataSource.getRepository(Body).exists({ withDeleted: true })) return null;
    const rows = await generate();
    return { rows, written: await writeMunicipality(dataSource, rows) };
  } finally {
    await dataSource.destroy();
  }
}

export function rowCount(rows: DemoRows): number {
  return 1 + TABLES_IN_INSERT_ORDER.reduce((sum, [key]) => sum + rows[key].length, 0);
}
