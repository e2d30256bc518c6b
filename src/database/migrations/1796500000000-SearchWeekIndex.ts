import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search's GIN indexes also hold each row's week (counted from Monday 1 January 1900;
 * rows without a date in bucket 999999). A word found in more rows than the search ranks is
 * then read week by week, newest first, from the index itself: the newest matches of every
 * body, instead of the first the index yields, which are the rows stored first. A query that
 * asks for no week uses the indexes as before.
 *
 * The expression must match `weekBucket` in src/search/postgres-search.repository.ts.
 */
export class SearchWeekIndex1796500000000 implements MigrationInterface {
  name = 'SearchWeekIndex1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const week = `(ARRAY[coalesce(("date" - DATE '1900-01-01') / 7, 999999)])`;
    await queryRunner.query(`DROP INDEX "search_document_public_vector_idx"`);
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(`CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("body_id", ${week}, "vector")`);
    await queryRunner.query(
      `CREATE INDEX "search_document_public_vector_idx" ON "search_document" USING gin ("body_id", ${week}, "vector") WHERE "is_public"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_public_vector_idx"`);
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(`CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("body_id", "vector")`);
    await queryRunner.query(
      `CREATE INDEX "search_document_public_vector_idx" ON "search_document" USING gin ("body_id", "vector") WHERE "is_public"`,
    );
  }
}
