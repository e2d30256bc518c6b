import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The week column of the search's GIN indexes also holds each row's week within its body: the
 * body's id (its first 32 bits) and the week in one number. In a GIN index every column's keys
 * have posting lists of their own, so a week key lists the rows of every body: a search in one
 * body that read a window of weeks went through every body's rows of those weeks, a cost that
 * grew with the installation. A key of body and week lists that body's rows only.
 *
 * New rows wait in a GIN index's pending list until it is merged, and every search reads that
 * whole list, once per lookup (a walk makes several). The default list of up to 4 MB made a
 * lookup of 2 ms take 9 to 19 ms with 1.2 MB pending; with at most 64 kB it is not measurable.
 * The outbox writes about 12 % fewer rows a second for it (4,100 instead of 4,600 here).
 *
 * The expression must match `weekKeys` in src/search/postgres-search.repository.ts.
 */
export class SearchBodyWeekIndex1796600000000 implements MigrationInterface {
  name = 'SearchBodyWeekIndex1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const week = `coalesce(("date" - DATE '1900-01-01') / 7, 999999)`;
    const keys = `(ARRAY[(${week})::int8, ((('x' || left("body_id"::text, 8))::bit(32)::int::int8 << 20) | ${week})])`;
    await this.replace(queryRunner, keys);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.replace(queryRunner, `(ARRAY[coalesce(("date" - DATE '1900-01-01') / 7, 999999)])`, '');
  }

  private async replace(queryRunner: QueryRunner, weeks: string, options = ' WITH (gin_pending_list_limit = 64)'): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_public_vector_idx"`);
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(
      `CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("body_id", ${weeks}, "vector")${options}`,
    );
    await queryRunner.query(
      `CREATE INDEX "search_document_public_vector_idx" ON "search_document" USING gin ("body_id", ${weeks}, "vector")${options} WHERE "is_public"`,
    );
  }
}
