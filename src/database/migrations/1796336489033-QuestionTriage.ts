import { MigrationInterface, QueryRunner } from 'typeorm';

/** The statuses in which a question is on the public agenda. */
const PUBLISHED = `('accepted', 'answered')`;

/**
 * The council office's triage of residents' questions: the published wording, the reason of a
 * rejection, merging and the answer. Accepted questions show on public pages, so a change of one
 * tells the public answer cache, like the content tables (PublicChanges1795554452638); only rows
 * that are or were published count, so a flood of submissions does not empty the cache.
 */
export class QuestionTriage1796336489033 implements MigrationInterface {
  name = 'QuestionTriage1796336489033';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" ADD "public_text" text`);
    await queryRunner.query(`ALTER TABLE "question" ADD "reason" text`);
    await queryRunner.query(`ALTER TABLE "question" ADD "merged_into_id" uuid`);
    await queryRunner.query(`ALTER TABLE "question" ADD "answer" text`);
    await queryRunner.query(`ALTER TABLE "question" ADD "answered_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "question" ADD CONSTRAINT "FK_e54483e7bbfa214d1966b96d729" FOREIGN KEY ("merged_into_id") REFERENCES "question"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION question_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO public_change (body_id) SELECT DISTINCT body_id FROM changed_new WHERE status IN ${PUBLISHED};
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO public_change (body_id) SELECT DISTINCT body_id FROM changed_old WHERE status IN ${PUBLISHED};
        ELSE
          INSERT INTO public_change (body_id)
            SELECT body_id FROM changed_new WHERE status IN ${PUBLISHED}
             UNION SELECT body_id FROM changed_old WHERE status IN ${PUBLISHED};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "question_public_insert" AFTER INSERT ON "question" REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION question_public_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "question_public_update" AFTER UPDATE ON "question" REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION question_public_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "question_public_delete" AFTER DELETE ON "question" REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION question_public_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete']) await queryRunner.query(`DROP TRIGGER "question_public_${op}" ON "question"`);
    await queryRunner.query(`DROP FUNCTION question_public_change()`);
    await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_e54483e7bbfa214d1966b96d729"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "answered_at"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "answer"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "merged_into_id"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "reason"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "public_text"`);
  }
}
