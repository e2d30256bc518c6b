import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountTokensAndLocks1796299500476 implements MigrationInterface {
  name = 'AccountTokensAndLocks1796299500476';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."account_token_purpose_enum" AS ENUM('invite', 'reset')`);
    await queryRunner.query(
      `CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "account_id" uuid NOT NULL, "purpose" "public"."account_token_purpose_enum" NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e2b8701af1c9e1b17f8a286af6" ON "account_token" ("body_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_afb41d941d437f47a0d75373f8" ON "account_token" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "IDX_83d26f02081eef7509e393f68a" ON "account_token" ("account_id", "purpose") `);
    await queryRunner.query(`ALTER TABLE "account_body_role" ADD "locked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "account" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "FK_e2b8701af1c9e1b17f8a286af6f" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_token" ADD CONSTRAINT "FK_f7da95d0844aa751d562d730fed" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "FK_f7da95d0844aa751d562d730fed"`);
    await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "FK_e2b8701af1c9e1b17f8a286af6f"`);
    // Invited accounts without a password get a hash nothing matches, as before invitations.
    await queryRunner.query(`UPDATE "account" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "account" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "account_body_role" DROP COLUMN "locked_at"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_83d26f02081eef7509e393f68a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_afb41d941d437f47a0d75373f8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e2b8701af1c9e1b17f8a286af6"`);
    await queryRunner.query(`DROP TABLE "account_token"`);
    await queryRunner.query(`DROP TYPE "public"."account_token_purpose_enum"`);
  }
}
