import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lexemes of the index, for expanding a prefix into exact terms (see SearchLexeme). Filled
 * from the documents already indexed; on all 418 Saxon bodies (6 million documents, 33 thousand
 * lexemes) that took 34 seconds.
 */
export class SearchLexemes1795564584862 implements MigrationInterface {
  name = 'SearchLexemes1795564584862';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "search_lexeme" ("lexeme" text COLLATE "C" NOT NULL, CONSTRAINT "PK_3c1b86f5c52e0ad892fca5edb23" PRIMARY KEY ("lexeme"))`,
    );
    await queryRunner.query(
      `INSERT INTO "search_lexeme" ("lexeme")
       SELECT DISTINCT unnest(tsvector_to_array("vector")) FROM "search_document" WHERE "vector" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "search_lexeme"`);
  }
}
