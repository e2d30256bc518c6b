import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadingMarks1796299627857 implements MigrationInterface {
  name = 'ReadingMarks1796299627857';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."reading_mark_subject_enum" AS ENUM('meeting', 'file')`);
    await queryRunner.query(
      `CREATE TABLE "reading_mark" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "account_id" uuid NOT NULL, "body_id" uuid NOT NULL, "subject" "public"."reading_mark_subject_enum" NOT NULL, "subject_id" uuid NOT NULL, "seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_e9a313503b25bb1d020374293e6" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_eaacde5bb4b5b0c6873675d7b8" ON "reading_mark" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9081d3f4d1f271d31683d8a8ae" ON "reading_mark" ("account_id", "subject", "subject_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_mark" ADD CONSTRAINT "FK_39301af7ff410c775c556fc5f5c" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reading_mark" ADD CONSTRAINT "FK_eaacde5bb4b5b0c6873675d7b8a" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reading_mark" DROP CONSTRAINT "FK_eaacde5bb4b5b0c6873675d7b8a"`);
    await queryRunner.query(`ALTER TABLE "reading_mark" DROP CONSTRAINT "FK_39301af7ff410c775c556fc5f5c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9081d3f4d1f271d31683d8a8ae"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eaacde5bb4b5b0c6873675d7b8"`);
    await queryRunner.query(`DROP TABLE "reading_mark"`);
    await queryRunner.query(`DROP TYPE "public"."reading_mark_subject_enum"`);
  }
}
