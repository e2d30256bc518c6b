import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search's GIN index held is_public as a column of its own: a public search then had to
 * intersect the posting list of every public row with the word's list. A partial index over
 * the public rows answers the public's searches (one body or all), the full one everybody else's.
 */
export class SearchPublicVectorIndex1795551132221 implements MigrationInterface {
  name = 'SearchPublicVectorIndex1795551132221';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(`CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("body_id", "vector")`);
    await queryRunner.query(
      `CREATE INDEX "search_document_public_vector_idx" ON "search_document" USING gin ("body_id", "vector") WHERE "is_public"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "search_document_public_vector_idx"`);
    await queryRunner.query(`DROP INDEX "search_document_vector_idx"`);
    await queryRunner.query(`CREATE INDEX "search_document_vector_idx" ON "search_document" USING gin ("is_public", "body_id", "vector")`);
  }
}
