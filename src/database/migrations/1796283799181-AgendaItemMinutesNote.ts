import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgendaItemMinutesNote1796283799181 implements MigrationInterface {
  name = 'AgendaItemMinutesNote1796283799181';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" ADD "minutes_note" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP COLUMN "minutes_note"`);
  }
}
