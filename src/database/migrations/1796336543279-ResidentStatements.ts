import { MigrationInterface, QueryRunner } from 'typeorm';

/** Published statements are shown on the public paper page: their changes tell the public cache (see PublicChanges). */
const TRIGGERS = [
  ['insert', 'NEW TABLE AS changed_new'],
  ['update', 'NEW TABLE AS changed_new'],
  ['delete', 'OLD TABLE AS changed_old'],
];

export class ResidentStatements1796336543279 implements MigrationInterface {
  name = 'ResidentStatements1796336543279';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."statement_status_enum" AS ENUM('unconfirmed', 'received', 'published', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "statement" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "paper_id" uuid NOT NULL, "status" "public"."statement_status_enum" NOT NULL DEFAULT 'unconfirmed', "name" text, "email" text, "publish_name" boolean NOT NULL DEFAULT false, "text" text NOT NULL, "reject_reason" text, "fingerprint" text NOT NULL, "ip_hash" text, "confirmed_at" TIMESTAMP WITH TIME ZONE, "decided_at" TIMESTAMP WITH TIME ZONE, "personal_data_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d2ef88cb44b99f3332a1eebb96f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bb528482a6495e202858d87cdf" ON "statement" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6d7272769b75e659325203f456" ON "statement" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_66fe0699df87deabd9a11dd91b" ON "statement" ("fingerprint") `);
    await queryRunner.query(`CREATE INDEX "IDX_660fc4c23463e71dd58fe96c54" ON "statement" ("body_id", "paper_id", "status") `);
    await queryRunner.query(`ALTER TABLE "paper" ADD "statements_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "statement" ADD CONSTRAINT "FK_bb528482a6495e202858d87cdfb" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "statement" ADD CONSTRAINT "FK_02b141d1683c134ec52bbe5a56d" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const [op, transition] of TRIGGERS) {
      await queryRunner.query(
        `CREATE TRIGGER "statement_public_${op}" AFTER ${op.toUpperCase()} ON "statement" REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION public_change_record('body_id')`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [op] of TRIGGERS) await queryRunner.query(`DROP TRIGGER "statement_public_${op}" ON "statement"`);
    await queryRunner.query(`ALTER TABLE "statement" DROP CONSTRAINT "FK_02b141d1683c134ec52bbe5a56d"`);
    await queryRunner.query(`ALTER TABLE "statement" DROP CONSTRAINT "FK_bb528482a6495e202858d87cdfb"`);
    await queryRunner.query(`ALTER TABLE "paper" DROP COLUMN "statements_until"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_660fc4c23463e71dd58fe96c54"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_66fe0699df87deabd9a11dd91b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d7272769b75e659325203f456"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bb528482a6495e202858d87cdf"`);
    await queryRunner.query(`DROP TABLE "statement"`);
    await queryRunner.query(`DROP TYPE "public"."statement_status_enum"`);
  }
}
