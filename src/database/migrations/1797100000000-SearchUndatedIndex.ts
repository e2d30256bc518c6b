import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A search that reads the newest matches first reads the rows without a date (organizations,
 * persons) before them. Through the week key of undated rows it went through every undated row
 * of the bodies searched: across 418 bodies 40,836 of them, 12 ms for every common word, for
 * the handful of names that match. This index holds the undated rows only, so finding the
 * matches among them costs what the matches cost: 0.03 ms there.
 *
 * Short pending lists for the reason given in SearchBodyWeekIndex.
 */
export class SearchUndatedIndex1797100000000 implements MigrationInterface {
  name = 'SearchUndatedIndex1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "search_document_undated_vector_idx" ON "search_document" USING gin ("body_id", "vector")
         WITH (gin_pending_list_limit = 64) WHERE "date" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_undated_vector_idx"`);
  }
}
