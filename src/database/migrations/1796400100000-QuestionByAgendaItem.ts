import { MigrationInterface, QueryRunner } from 'typeorm';

export class QuestionByAgendaItem1796400100000 implements MigrationInterface {
  name = 'QuestionByAgendaItem1796400100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_624fefe0c01c60a8e15f46163f" ON "question" ("agenda_item_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_624fefe0c01c60a8e15f46163f"`);
  }
}
