import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Plain indexes on references that had only partial unique indexes (`WHERE deleted IS NULL`) or
 * none. OParl's `modified` also looks at deleted rows, which the partial indexes cannot serve:
 * with all of Saxony loaded every meeting of a list scanned 2.4 million attendance rows.
 */
export class ForeignKeyIndexes1795557326096 implements MigrationInterface {
  name = 'ForeignKeyIndexes1795557326096';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_7c10cdc93eb53233e5f818777a" ON "meeting_organization" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cb2114a216d6bbcaf805afd434" ON "meeting" ("location_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_79252bd6b85d3ed8820654db28" ON "agenda_item" ("parent_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ecea2dbf4de45dddcd0ec5d87c" ON "agenda_item" ("consultation_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6304f3a8b9dbae2c0f7e322f2a" ON "conflict_of_interest" ("agenda_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b73acbae5f7c7e5fe9069af231" ON "file" ("master_file_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fedd75244556b90cd6a92b7c14" ON "attendance" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2c6a21314cdfec5de9cfc32798" ON "paper_relation" ("paper_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3ef8b719f0f092011613b1c395" ON "vote_cast" ("vote_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_3ef8b719f0f092011613b1c395"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2c6a21314cdfec5de9cfc32798"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fedd75244556b90cd6a92b7c14"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b73acbae5f7c7e5fe9069af231"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6304f3a8b9dbae2c0f7e322f2a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ecea2dbf4de45dddcd0ec5d87c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_79252bd6b85d3ed8820654db28"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cb2114a216d6bbcaf805afd434"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7c10cdc93eb53233e5f818777a"`);
  }
}
