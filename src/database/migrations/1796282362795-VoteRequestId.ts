import { MigrationInterface, QueryRunner } from 'typeorm';

export class VoteRequestId1796282362795 implements MigrationInterface {
  name = 'VoteRequestId1796282362795';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vote" ADD "request_id" uuid`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9a14fb9ce680a958df6f9d507a" ON "vote" ("body_id", "request_id") WHERE request_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_9a14fb9ce680a958df6f9d507a"`);
    await queryRunner.query(`ALTER TABLE "vote" DROP COLUMN "request_id"`);
  }
}
