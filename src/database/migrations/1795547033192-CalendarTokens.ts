import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarTokens1795547033192 implements MigrationInterface {
  name = 'CalendarTokens1795547033192';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "calendar_token" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "account_id" uuid NOT NULL, "token_hash" text NOT NULL, "label" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_47edbe75aaf6fb4cdfdb03bdb40" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8192aa55e1c1723cc4641746aa" ON "calendar_token" ("body_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cc3caf21d293ee29bccdb849ad" ON "calendar_token" ("account_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1bc29ea5afdb9b46099523c9ea" ON "calendar_token" ("token_hash") `);
    await queryRunner.query(
      `ALTER TABLE "calendar_token" ADD CONSTRAINT "FK_8192aa55e1c1723cc4641746aa8" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "calendar_token" ADD CONSTRAINT "FK_cc3caf21d293ee29bccdb849ad3" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "calendar_token" DROP CONSTRAINT "FK_cc3caf21d293ee29bccdb849ad3"`);
    await queryRunner.query(`ALTER TABLE "calendar_token" DROP CONSTRAINT "FK_8192aa55e1c1723cc4641746aa8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1bc29ea5afdb9b46099523c9ea"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc3caf21d293ee29bccdb849ad"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8192aa55e1c1723cc4641746aa"`);
    await queryRunner.query(`DROP TABLE "calendar_token"`);
  }
}
