import { MigrationInterface, QueryRunner } from 'typeorm';

export class BodyQuestionRules1796323511820 implements MigrationInterface {
  name = 'BodyQuestionRules1796323511820';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."body_question_deadline_kind_enum" AS ENUM('calendarDays', 'workingDays')`);
    await queryRunner.query(
      `ALTER TABLE "body" ADD "question_deadline_kind" "public"."body_question_deadline_kind_enum" NOT NULL DEFAULT 'workingDays'`,
    );
    await queryRunner.query(`ALTER TABLE "body" ADD "question_deadline_days" integer NOT NULL DEFAULT '3'`);
    await queryRunner.query(`ALTER TABLE "body" ADD "question_deadline_time" character varying(5) NOT NULL DEFAULT '12:00'`);
    await queryRunner.query(`ALTER TABLE "body" ADD "question_address_required" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "body" ADD "question_retention_months" integer NOT NULL DEFAULT '6'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "question_retention_months"`);
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "question_address_required"`);
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "question_deadline_time"`);
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "question_deadline_days"`);
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "question_deadline_kind"`);
    await queryRunner.query(`DROP TYPE "public"."body_question_deadline_kind_enum"`);
  }
}
