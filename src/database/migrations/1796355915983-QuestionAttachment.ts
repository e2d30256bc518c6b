import { MigrationInterface, QueryRunner } from 'typeorm';

export class QuestionAttachment1796355915983 implements MigrationInterface {
  name = 'QuestionAttachment1796355915983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" ADD "attachment_file_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_c1000a71fa3587808270146616" ON "question" ("attachment_file_id") `);
    await queryRunner.query(
      `ALTER TABLE "question" ADD CONSTRAINT "FK_c1000a71fa35878082701466166" FOREIGN KEY ("attachment_file_id") REFERENCES "file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_c1000a71fa35878082701466166"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c1000a71fa3587808270146616"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "attachment_file_id"`);
  }
}
