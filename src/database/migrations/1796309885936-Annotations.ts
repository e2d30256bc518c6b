import { MigrationInterface, QueryRunner } from 'typeorm';

export class Annotations1796309885936 implements MigrationInterface {
  name = 'Annotations1796309885936';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."annotation_audience_enum" AS ENUM('private', 'faction')`);
    await queryRunner.query(`CREATE TYPE "public"."annotation_anchor_state_enum" AS ENUM('attached', 'moved', 'changed')`);
    await queryRunner.query(
      `CREATE TABLE "annotation" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "account_id" uuid NOT NULL, "audience" "public"."annotation_audience_enum" NOT NULL, "faction_id" uuid, "file_id" uuid, "paper_id" uuid, "agenda_item_id" uuid, "meeting_id" uuid, "page" integer, "quote" text, "prefix" text, "suffix" text, "anchor_state" "public"."annotation_anchor_state_enum" NOT NULL DEFAULT 'attached', "text" text NOT NULL DEFAULT '', "version" integer NOT NULL, CONSTRAINT "CHK_b0b1553428c42e0282f96562d2" CHECK ((audience = 'faction') = (faction_id IS NOT NULL)), CONSTRAINT "CHK_879acd8688475ca15be58ce646" CHECK (num_nonnulls(file_id, paper_id, agenda_item_id, meeting_id) = 1), CONSTRAINT "PK_ec39ebae82efb7cfc77302eb7b3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e67e7a52a20f634991bbdc4126" ON "annotation" ("faction_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_97cd71d547e9ade33d289a7836" ON "annotation" ("file_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_3b8a8dede4eb9fbe55e7bb7013" ON "annotation" ("paper_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc5e92ef84771c0f5d90f479b1" ON "annotation" ("agenda_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_d9c5627ed862ac76d116aba940" ON "annotation" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_92d96876e84508e7554b88985a" ON "annotation" ("body_id", "account_id", "modified") `);
    await queryRunner.query(`ALTER TABLE "file" ADD "previous_version_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_7d933e90ca3af27c4855c9c3d5" ON "file" ("previous_version_id") `);
    await queryRunner.query(
      `ALTER TABLE "file" ADD CONSTRAINT "FK_7d933e90ca3af27c4855c9c3d5c" FOREIGN KEY ("previous_version_id") REFERENCES "file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_0f43d6b5e85e855af89e788f583" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_b09e0a407f90edd5293fae4fd45" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_e67e7a52a20f634991bbdc41264" FOREIGN KEY ("faction_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_97cd71d547e9ade33d289a78363" FOREIGN KEY ("file_id") REFERENCES "file"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_3b8a8dede4eb9fbe55e7bb70135" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_bc5e92ef84771c0f5d90f479b11" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "annotation" ADD CONSTRAINT "FK_d9c5627ed862ac76d116aba940f" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_d9c5627ed862ac76d116aba940f"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_bc5e92ef84771c0f5d90f479b11"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_3b8a8dede4eb9fbe55e7bb70135"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_97cd71d547e9ade33d289a78363"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_e67e7a52a20f634991bbdc41264"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_b09e0a407f90edd5293fae4fd45"`);
    await queryRunner.query(`ALTER TABLE "annotation" DROP CONSTRAINT "FK_0f43d6b5e85e855af89e788f583"`);
    await queryRunner.query(`ALTER TABLE "file" DROP CONSTRAINT "FK_7d933e90ca3af27c4855c9c3d5c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7d933e90ca3af27c4855c9c3d5"`);
    await queryRunner.query(`ALTER TABLE "file" DROP COLUMN "previous_version_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92d96876e84508e7554b88985a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d9c5627ed862ac76d116aba940"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bc5e92ef84771c0f5d90f479b1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3b8a8dede4eb9fbe55e7bb7013"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_97cd71d547e9ade33d289a7836"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e67e7a52a20f634991bbdc4126"`);
    await queryRunner.query(`DROP TABLE "annotation"`);
    await queryRunner.query(`DROP TYPE "public"."annotation_anchor_state_enum"`);
    await queryRunner.query(`DROP TYPE "public"."annotation_audience_enum"`);
  }
}
