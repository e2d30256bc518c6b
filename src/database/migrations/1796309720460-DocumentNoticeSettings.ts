import { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentNoticeSettings1796309720460 implements MigrationInterface {
  name = 'DocumentNoticeSettings1796309720460';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."document_notice_setting_mode_enum" AS ENUM('off', 'immediate', 'daily')`);
    await queryRunner.query(
      `CREATE TABLE "document_notice_setting" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "account_id" uuid NOT NULL, "mode" "public"."document_notice_setting_mode_enum" NOT NULL DEFAULT 'off', "notified_until" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_60aca080b1354ead2e20bcb7611" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2aeb99e1117dbc6425187bf8f3" ON "document_notice_setting" ("body_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6f88a40d45047da5da4b5745db" ON "document_notice_setting" ("account_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_cf8fd61513ff069ebd01bc935f" ON "document_notice_setting" ("body_id", "account_id") `);
    await queryRunner.query(
      `ALTER TABLE "document_notice_setting" ADD CONSTRAINT "FK_2aeb99e1117dbc6425187bf8f3a" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "document_notice_setting" ADD CONSTRAINT "FK_6f88a40d45047da5da4b5745dbc" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_notice_setting" DROP CONSTRAINT "FK_6f88a40d45047da5da4b5745dbc"`);
    await queryRunner.query(`ALTER TABLE "document_notice_setting" DROP CONSTRAINT "FK_2aeb99e1117dbc6425187bf8f3a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cf8fd61513ff069ebd01bc935f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f88a40d45047da5da4b5745db"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2aeb99e1117dbc6425187bf8f3"`);
    await queryRunner.query(`DROP TABLE "document_notice_setting"`);
    await queryRunner.query(`DROP TYPE "public"."document_notice_setting_mode_enum"`);
  }
}
