import { MigrationInterface, QueryRunner } from 'typeorm';

/** Rows that feed only their parent's search document, and the column naming that parent. */
const CHILD_TABLES: [table: string, parent: string, column: string][] = [
  ['paper_party', 'paper', 'paper_id'],
  ['consultation', 'paper', 'paper_id'],
  ['file_link', 'file', 'file_id'],
];

/**
 * The first indexing of all of Saxony wrote each document several times: a paper once for its
 * own outbox row and again for the rows of its parties, consultations, agenda items, meeting and
 * the meeting's committees, which reach the same document in later batches.
 * - Parties, consultations and file links now enqueue their parent, once per parent and
 *   statement. That also re-indexes the parent when such a row is deleted outright, which the
 *   old rows could not: nothing was left to follow.
 * - The worker takes every waiting row of an object it indexes (index on entity_table, entity_id).
 * - Each outbox row carries its writer's transaction id and search_indexed the snapshot each
 *   document was read under, so a document already read after a change is not indexed again.
 *   Rows from before this migration have no xid and are always indexed.
 */
export class SearchOutboxDedupe1795565955881 implements MigrationInterface {
  name = 'SearchOutboxDedupe1795565955881';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "search_indexed" ("kind" text NOT NULL, "object_id" uuid NOT NULL, "snapshot_xmin" bigint NOT NULL, CONSTRAINT "PK_f69ae956398d0f871baed9556fc" PRIMARY KEY ("kind", "object_id"))`,
    );
    // Added without a default first: the rows already waiting keep NULL instead of the migration's xid.
    await queryRunner.query(`ALTER TABLE "search_outbox" ADD "xid" bigint`);
    await queryRunner.query(`ALTER TABLE "search_outbox" ALTER COLUMN "xid" SET DEFAULT txid_current()`);
    await queryRunner.query(`CREATE INDEX "IDX_81527a272b2f538cfc314a9ec3" ON "search_outbox" ("entity_table", "entity_id") `);
    // TG_ARGV: the parent table and the column of the changed rows that holds its id.
    await queryRunner.query(`CREATE FUNCTION search_outbox_enqueue_parent() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        parents text;
      BEGIN
        parents := CASE TG_OP
          WHEN 'INSERT' THEN format('SELECT body_id, %I FROM changed_new', TG_ARGV[1])
          WHEN 'DELETE' THEN format('SELECT body_id, %I FROM changed_old', TG_ARGV[1])
          ELSE format('SELECT body_id, %1$I FROM changed_old UNION SELECT body_id, %1$I FROM changed_new', TG_ARGV[1])
        END;
        EXECUTE format('INSERT INTO search_outbox (body_id, entity_table, entity_id) SELECT DISTINCT p.body_id, %L, p.id FROM (%s) AS p(body_id, id)',
                       TG_ARGV[0], parents);
        RETURN NULL;
      END $$`);
    for (const [table, parent, column] of CHILD_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_search_${event}" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS changed_new
           FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue_parent('${parent}', '${column}')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
           FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue_parent('${parent}', '${column}')`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS changed_old
           FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue_parent('${parent}', '${column}')`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of CHILD_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_search_${event}" ON "${table}"`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_update" AFTER UPDATE ON "${table}" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_search_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_enqueue()`,
      );
    }
    await queryRunner.query(`DROP FUNCTION search_outbox_enqueue_parent()`);
    await queryRunner.query(`DROP INDEX "public"."IDX_81527a272b2f538cfc314a9ec3"`);
    await queryRunner.query(`ALTER TABLE "search_outbox" DROP COLUMN "xid"`);
    await queryRunner.query(`DROP TABLE "search_indexed"`);
  }
}
