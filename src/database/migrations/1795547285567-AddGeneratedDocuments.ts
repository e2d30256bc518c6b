import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddGeneratedDocuments1795547285567 implements MigrationInterface {
  name = 'AddGeneratedDocuments1795547285567';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."generated_document_kind_enum" AS ENUM('invitation', 'minutes', 'bundle')`);
    await queryRunner.query(`CREATE TYPE "public"."generated_document_audience_enum" AS ENUM('public', 'members')`);
    await queryRunner.query(
      `CREATE TABLE "generated_document" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "meeting_id" uuid NOT NULL, "kind" "public"."generated_document_kind_enum" NOT NULL, "audience" "public"."generated_document_audience_enum" NOT NULL, "version" integer NOT NULL, "current" boolean NOT NULL DEFAULT true, "file_id" uuid NOT NULL, "source_hash" character varying(64) NOT NULL, CONSTRAINT "PK_2e0eecfa4a027e77bdc425dac63" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_46dbdfb5e5772563579bba9233" ON "generated_document" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6f7da329de6c4e20362d746795" ON "generated_document" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_37fa5e75bfd72390d99acf105d" ON "generated_document" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fc553045bc1e9fa2b5f2c20e4a" ON "generated_document" ("file_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3fdb265f4dc3a0e7b94dd1a5e9" ON "generated_document" ("meeting_id", "kind", "audience") WHERE deleted IS NULL AND current`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_6112c8d6714e524e1b1efcb203" ON "generated_document" ("meeting_id", "kind", "audience", "version") WHERE deleted IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "generated_document" ADD CONSTRAINT "FK_46dbdfb5e5772563579bba92338" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "generated_document" ADD CONSTRAINT "FK_37fa5e75bfd72390d99acf105d0" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "generated_document" ADD CONSTRAINT "FK_fc553045bc1e9fa2b5f2c20e4a5" FOREIGN KEY ("file_id") REFERENCES "file"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "generated_document" DROP CONSTRAINT "FK_fc553045bc1e9fa2b5f2c20e4a5"`);
    await queryRunner.query(`ALTER TABLE "generated_document" DROP CONSTRAINT "FK_37fa5e75bfd72390d99acf105d0"`);
    await queryRunner.query(`ALTER TABLE "generated_document" DROP CONSTRAINT "FK_46dbdfb5e5772563579bba92338"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6112c8d6714e524e1b1efcb203"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3fdb265f4dc3a0e7b94dd1a5e9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fc553045bc1e9fa2b5f2c20e4a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_37fa5e75bfd72390d99acf105d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f7da329de6c4e20362d746795"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_46dbdfb5e5772563579bba9233"`);
    await queryRunner.query(`DROP TABLE "generated_document"`);
    await queryRunner.query(`DROP TYPE "public"."generated_document_audience_enum"`);
    await queryRunner.query(`DROP TYPE "public"."generated_document_kind_enum"`);
  }
}
