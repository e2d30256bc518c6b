import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgendaItemQuestionTime1796323366805 implements MigrationInterface {
  name = 'AgendaItemQuestionTime1796323366805';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" ADD "question_time" boolean NOT NULL DEFAULT false`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP COLUMN "question_time"`);
  }
}
