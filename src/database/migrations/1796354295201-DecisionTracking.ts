import { MigrationInterface, QueryRunner } from 'typeorm';

/** A Beschlusskontrolle and its public notes are shown on public pages: their changes tell the public cache (see PublicChanges). */
const TRIGGERS = [
  ['insert', 'NEW TABLE AS changed_new'],
  ['update', 'NEW TABLE AS changed_new'],
  ['delete', 'OLD TABLE AS changed_old'],
];
const TABLES = ['decision_tracking', 'decision_tracking_note'];

export class DecisionTracking1796354295201 implements MigrationInterface {
  name = 'DecisionTracking1796354295201';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."decision_tracking_status_enum" AS ENUM('open', 'inProgress', 'done', 'notDone')`);
    await queryRunner.query(
      `CREATE TABLE "decision_tracking" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "agenda_item_id" uuid NOT NULL, "responsible_office" text NOT NULL, "due_date" date, "status" "public"."decision_tracking_status_enum" NOT NULL DEFAULT 'open', "reason" text, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "CHK_16e7c4e015963a7cd869610516" CHECK ("status" <> 'notDone' OR "reason" IS NOT NULL), CONSTRAINT "PK_9cfd5bf36889f8f17eeb6f8b3e1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a267eb919febaf28f541ea37eb" ON "decision_tracking" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_eab6e798ee86dd1cfec4c2c078" ON "decision_tracking" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a6f082b5d2f43000fbe439b5dc" ON "decision_tracking" ("body_id", "status", "due_date") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_099a7f2ca7745d0c761f9b165c" ON "decision_tracking" ("agenda_item_id") WHERE deleted IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "decision_tracking_note" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "tracking_id" uuid NOT NULL, "date" date NOT NULL, "text" text NOT NULL, "public" boolean NOT NULL DEFAULT false, "author_account_id" uuid, CONSTRAINT "PK_d38dca292120e4fcbcc3214c8ba" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1e6c27a1de73f8b6a7abb9c3ec" ON "decision_tracking_note" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c79f63a3f70508c4b42c964e97" ON "decision_tracking_note" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_619f1b5995de8ff0e1263f73f3" ON "decision_tracking_note" ("tracking_id", "date") `);
    await queryRunner.query(
      `ALTER TABLE "decision_tracking" ADD CONSTRAINT "FK_a267eb919febaf28f541ea37eb6" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decision_tracking" ADD CONSTRAINT "FK_b8366086c1c789da4fea0bcb967" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decision_tracking_note" ADD CONSTRAINT "FK_1e6c27a1de73f8b6a7abb9c3ec3" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "decision_tracking_note" ADD CONSTRAINT "FK_9342c8df8e0a48ed6f6386363dc" FOREIGN KEY ("tracking_id") REFERENCES "decision_tracking"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    for (const table of TABLES) {
      for (const [op, transition] of TRIGGERS) {
        await queryRunner.query(
          `CREATE TRIGGER "${table}_public_${op}" AFTER ${op.toUpperCase()} ON "${table}" REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION public_change_record('body_id')`,
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      for (const [op] of TRIGGERS) await queryRunner.query(`DROP TRIGGER "${table}_public_${op}" ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "decision_tracking_note" DROP CONSTRAINT "FK_9342c8df8e0a48ed6f6386363dc"`);
    await queryRunner.query(`ALTER TABLE "decision_tracking_note" DROP CONSTRAINT "FK_1e6c27a1de73f8b6a7abb9c3ec3"`);
    await queryRunner.query(`ALTER TABLE "decision_tracking" DROP CONSTRAINT "FK_b8366086c1c789da4fea0bcb967"`);
    await queryRunner.query(`ALTER TABLE "decision_tracking" DROP CONSTRAINT "FK_a267eb919febaf28f541ea37eb6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_619f1b5995de8ff0e1263f73f3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c79f63a3f70508c4b42c964e97"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1e6c27a1de73f8b6a7abb9c3ec"`);
    await queryRunner.query(`DROP TABLE "decision_tracking_note"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_099a7f2ca7745d0c761f9b165c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a6f082b5d2f43000fbe439b5dc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eab6e798ee86dd1cfec4c2c078"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a267eb919febaf28f541ea37eb"`);
    await queryRunner.query(`DROP TABLE "decision_tracking"`);
    await queryRunner.query(`DROP TYPE "public"."decision_tracking_status_enum"`);
  }
}
