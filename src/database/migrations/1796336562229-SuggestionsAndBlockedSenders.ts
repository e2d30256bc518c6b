import { MigrationInterface, QueryRunner } from 'typeorm';

export class SuggestionsAndBlockedSenders1796336562229 implements MigrationInterface {
  name = 'SuggestionsAndBlockedSenders1796336562229';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "blocked_sender" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "email_hash" text NOT NULL, "reason" text, CONSTRAINT "PK_3e5673dbd2ed784f13ff7e2b7ae" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_890e699186745ffb7be122fb18" ON "blocked_sender" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_7842b74fceeec24856256c8cb9" ON "blocked_sender" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_b3bd6ba45c0abb18d7d74a873f" ON "blocked_sender" ("body_id", "email_hash") `);
    await queryRunner.query(`CREATE TYPE "public"."suggestion_kind_enum" AS ENUM('suggestion', 'complaint')`);
    await queryRunner.query(
      `CREATE TYPE "public"."suggestion_status_enum" AS ENUM('unconfirmed', 'received', 'inProgress', 'forwarded', 'done')`,
    );
    await queryRunner.query(
      `CREATE TABLE "suggestion" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "kind" "public"."suggestion_kind_enum" NOT NULL, "status" "public"."suggestion_status_enum" NOT NULL DEFAULT 'unconfirmed', "subject" text NOT NULL, "text" text NOT NULL, "name" text, "address" text, "email" text, "forwarded_to" text, "answer" text, "version" integer NOT NULL DEFAULT '1', "fingerprint" text NOT NULL, "ip_hash" text, "confirmed_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "personal_data_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_aa072a020434ddd7104de98eebb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e130fd7386560c246729d0050d" ON "suggestion" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_df9e1531ee067fd095d3d16382" ON "suggestion" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f6d62f5790a9cda16341f03bf0" ON "suggestion" ("fingerprint") `);
    await queryRunner.query(`CREATE INDEX "IDX_6cda311ed5af251e5c396e53df" ON "suggestion" ("body_id", "status") `);
    await queryRunner.query(
      `ALTER TABLE "blocked_sender" ADD CONSTRAINT "FK_890e699186745ffb7be122fb181" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "suggestion" ADD CONSTRAINT "FK_e130fd7386560c246729d0050d9" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "suggestion" DROP CONSTRAINT "FK_e130fd7386560c246729d0050d9"`);
    await queryRunner.query(`ALTER TABLE "blocked_sender" DROP CONSTRAINT "FK_890e699186745ffb7be122fb181"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6cda311ed5af251e5c396e53df"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f6d62f5790a9cda16341f03bf0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_df9e1531ee067fd095d3d16382"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e130fd7386560c246729d0050d"`);
    await queryRunner.query(`DROP TABLE "suggestion"`);
    await queryRunner.query(`DROP TYPE "public"."suggestion_status_enum"`);
    await queryRunner.query(`DROP TYPE "public"."suggestion_kind_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b3bd6ba45c0abb18d7d74a873f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_7842b74fceeec24856256c8cb9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_890e699186745ffb7be122fb18"`);
    await queryRunner.query(`DROP TABLE "blocked_sender"`);
  }
}
