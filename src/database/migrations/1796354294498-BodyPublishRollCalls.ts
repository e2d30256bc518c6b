import { MigrationInterface, QueryRunner } from 'typeorm';

export class BodyPublishRollCalls1796354294498 implements MigrationInterface {
  name = 'BodyPublishRollCalls1796354294498';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body" ADD "publish_roll_calls" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "publish_roll_calls"`);
  }
}
