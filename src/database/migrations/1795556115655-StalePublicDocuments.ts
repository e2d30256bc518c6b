import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows a generated meeting document shows or whose visibility decides what it shows. */
const DOCUMENT_SOURCE_TABLES = ['agenda_item', 'file_link', 'file', 'paper'];

/**
 * Marks the current documents of every meeting a statement may have changed as stale, in the
 * transaction of the change, so a public PDF naming an item that just became non-public is hidden
 * at the commit of that change instead of at the next documents sweep. `change_seq` lets a
 * generation that rendered meanwhile tell that its content may already be outdated.
 */
export class StalePublicDocuments1795556115655 implements MigrationInterface {
  name = 'StalePublicDocuments1795556115655';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "generated_document" ADD "stale" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "generated_document" ADD "change_seq" integer NOT NULL DEFAULT '0'`);
    // Starting from the changed rows, follows what a document shows: files appear wherever they are
    // linked and are hidden everywhere once one link is not public; papers likewise on every item
    // naming them. Deleted rows count too: their removal changes the document as well.
    await queryRunner.query(`CREATE FUNCTION generated_document_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed text := CASE TG_OP WHEN 'INSERT' THEN '(SELECT * FROM changed_new)' WHEN 'DELETE' THEN '(SELECT * FROM changed_old)'
          ELSE '(SELECT * FROM changed_new UNION ALL SELECT * FROM changed_old)' END;
        meetings uuid[];
        items uuid[];
        papers uuid[];
        files uuid[];
      BEGIN
        IF TG_TABLE_NAME = 'agenda_item' THEN
          EXECUTE format('SELECT array_agg(id), array_agg(meeting_id), array_agg(paper_id) FROM %s r', changed) INTO items, meetings, papers;
        ELSIF TG_TABLE_NAME = 'file_link' THEN
          EXECUTE format('SELECT array_agg(file_id), array_agg(meeting_id), array_agg(agenda_item_id), array_agg(paper_id) FROM %s r', changed)
            INTO files, meetings, items, papers;
        ELSIF TG_TABLE_NAME = 'paper' THEN
          EXECUTE format('SELECT array_agg(id) FROM %s r', changed) INTO papers;
        ELSE
          EXECUTE format('SELECT array_agg(id) FROM %s r', changed) INTO files;
        END IF;
        files := files || ARRAY(SELECT file_id FROM file_link WHERE agenda_item_id = ANY(items) OR paper_id = ANY(papers));
        items := items || ARRAY(SELECT agenda_item_id FROM file_link WHERE file_id = ANY(files) AND agenda_item_id IS NOT NULL);
        papers := papers || ARRAY(SELECT paper_id FROM file_link WHERE file_id = ANY(files) AND paper_id IS NOT NULL);
        meetings := meetings || ARRAY(SELECT meeting_id FROM file_link WHERE file_id = ANY(files) AND meeting_id IS NOT NULL)
          || ARRAY(SELECT meeting_id FROM agenda_item WHERE id = ANY(items) OR paper_id = ANY(papers));
        -- Waits for a generation that locked the current version to store its successor; the UPDATE
        -- below then runs on a new snapshot and marks that successor, not only the version it replaced.
        PERFORM 1 FROM generated_document WHERE meeting_id = ANY(meetings) AND current AND deleted IS NULL ORDER BY id FOR UPDATE;
        UPDATE generated_document SET stale = true, change_seq = change_seq + 1
         WHERE meeting_id = ANY(meetings) AND current AND deleted IS NULL;
        RETURN NULL;
      END $$`);
    for (const table of DOCUMENT_SOURCE_TABLES) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_documents_insert" AFTER INSERT ON "${table}" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION generated_document_mark_stale()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_documents_update" AFTER UPDATE ON "${table}" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION generated_document_mark_stale()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_documents_delete" AFTER DELETE ON "${table}" REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION generated_document_mark_stale()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of DOCUMENT_SOURCE_TABLES) {
      for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "${table}_documents_${op}" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION generated_document_mark_stale()`);
    await queryRunner.query(`ALTER TABLE "generated_document" DROP COLUMN "change_seq"`);
    await queryRunner.query(`ALTER TABLE "generated_document" DROP COLUMN "stale"`);
  }
}
