/**
 * Compares the entities with the schema the committed migrations build.
 *   npm run migration:generate -- AddSomething   writes src/database/migrations/<ts>-AddSomething.ts
 *   npm run migration:check                      fails when entities and migrations drift apart
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { failureReport } from 'src/common/startup-error';
import { withScratchDatabase } from './script-database';

const check = process.argv.includes('--check');
const name = process.argv.slice(2).find((a) => !a.startsWith('--'));

function quote(sql: string): string {
  return '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
}

void withScratchDatabase(async (dataSource) => {
  await dataSource.runMigrations({ transaction: 'each' });
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (check) {
    if (sql.upQueries.length > 0) {
      console.error('Entities and migrations differ; run `npm run migration:generate -- <Name>`:');
      for (const q of sql.upQueries) console.error('  ' + q.query);
      process.exitCode = 1;
    } else {
      console.log('Migrations match the entities.');
    }
    return;
  }
  if (sql.upQueries.length === 0) {
    console.log('No changes.');
    return;
  }
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('Give the migration a CamelCase name: npm run migration:generate -- AddThing');
  const timestamp = Date.now();
  const up = sql.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`).join('\n');
  const down = sql.downQueries
    .reverse()
    .map((q) => `    await queryRunner.query(${quote(q.query)});`)
    .join('\n');
  const file = join(__dirname, '..', 'src', 'database', 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
  );
  console.log(`Wrote ${file}`);
}).catch((error: unknown) => {
  console.error(failureReport(error));
  process.exit(1);
});
