import { MigrationInterface, QueryRunner } from 'typeorm';

export class QuestionForwarding1796354877161 implements MigrationInterface {
  name = 'QuestionForwarding1796354877161';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" ADD "forwarded_to" text`);
    await queryRunner.query(`ALTER TABLE "question" ADD "forwarded_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "forwarded_at"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "forwarded_to"`);
  }
}
