import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose rows a public page, feed, calendar or OParl document may show. */
const CONTENT_TABLES = [
  'agenda_item',
  'agenda_version',
  'attendance',
  'conflict_of_interest',
  'consultation',
  'file',
  'file_link',
  'generated_document',
  'legislative_term',
  'location',
  'meeting',
  'meeting_organization',
  'membership',
  'organization',
  'paper',
  'paper_party',
  'paper_relation',
  'person',
  'vote',
  'vote_cast',
];

/**
 * Records which bodies a statement changed, so cached public pages know when they are stale.
 * Statement-level triggers with transition tables: one row per body and statement, even for
 * bulk inserts of thousands of rows; no row lock is taken, so writers never wait for each other.
 */
export class PublicChanges1795554452638 implements MigrationInterface {
  name = 'PublicChanges1795554452638';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "public_change" ("id" BIGSERIAL NOT NULL, "body_id" uuid NOT NULL, "changed" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_007d6cbb0efdbb37b785796205f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ecf45d43448760dffcd0c885ba" ON "public_change" ("body_id", "id") `);
    // TG_ARGV[0] names the column holding the body: body_id on content tables, id on body itself.
    await queryRunner.query(`CREATE FUNCTION public_change_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          EXECUTE format('INSERT INTO public_change (body_id) SELECT DISTINCT %I FROM changed_old', TG_ARGV[0]);
        ELSE
          EXECUTE format('INSERT INTO public_change (body_id) SELECT DISTINCT %I FROM changed_new', TG_ARGV[0]);
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, column] of [...CONTENT_TABLES.map((t) => [t, 'body_id']), ['body', 'id']]) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_public_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION public_change_record('${column}')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_public_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION public_change_record('${column}')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_public_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION public_change_record('${column}')`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...CONTENT_TABLES, 'body']) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_public_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION public_change_record()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ecf45d43448760dffcd0c885ba"`);
    await queryRunner.query(`DROP TABLE "public_change"`);
  }
}
