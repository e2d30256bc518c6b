import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationNoticeDays1796268916078 implements MigrationInterface {
  name = 'InvitationNoticeDays1796268916078';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body" ADD "invitation_notice_days" integer NOT NULL DEFAULT '7'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "body" DROP COLUMN "invitation_notice_days"`);
  }
}
