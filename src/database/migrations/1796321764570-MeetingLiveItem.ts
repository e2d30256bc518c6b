import { MigrationInterface, QueryRunner } from 'typeorm';

export class MeetingLiveItem1796321764570 implements MigrationInterface {
  name = 'MeetingLiveItem1796321764570';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting" ADD "live_agenda_item_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_a037bcdb48f76ba1ed5754eb06" ON "meeting" ("live_agenda_item_id") `);
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "FK_a037bcdb48f76ba1ed5754eb068" FOREIGN KEY ("live_agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "FK_a037bcdb48f76ba1ed5754eb068"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a037bcdb48f76ba1ed5754eb06"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP COLUMN "live_agenda_item_id"`);
  }
}
