import { MigrationInterface, QueryRunner } from 'typeorm';

export class ResidentQuestions1796324038757 implements MigrationInterface {
  name = 'ResidentQuestions1796324038757';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TYPE "public"."question_status_enum" AS ENUM('unconfirmed', 'received', 'accepted', 'merged', 'rejected', 'answered')`,
    );
    await queryRunner.query(
      `CREATE TABLE "question" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "meeting_id" uuid NOT NULL, "agenda_item_id" uuid NOT NULL, "status" "public"."question_status_enum" NOT NULL DEFAULT 'unconfirmed', "name" text, "address" text, "email" text, "text" text NOT NULL, "fingerprint" text NOT NULL, "ip_hash" text, "confirmed_at" TIMESTAMP WITH TIME ZONE, "personal_data_deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_21e5786aa0ea704ae185a79b2d5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5e1e103bd4aed9ee9c9472c457" ON "question" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8c02735551472840e631aa95ee" ON "question" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_eac23b2368da148dd909205b0c" ON "question" ("fingerprint") `);
    await queryRunner.query(`CREATE INDEX "IDX_89d652902e742ee40485cfc579" ON "question" ("body_id", "meeting_id", "status") `);
    await queryRunner.query(
      `ALTER TABLE "question" ADD CONSTRAINT "FK_5e1e103bd4aed9ee9c9472c4571" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question" ADD CONSTRAINT "FK_c8e9b2cbd0026d1c55470686955" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "question" ADD CONSTRAINT "FK_624fefe0c01c60a8e15f46163f3" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_624fefe0c01c60a8e15f46163f3"`);
    await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_c8e9b2cbd0026d1c55470686955"`);
    await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_5e1e103bd4aed9ee9c9472c4571"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_89d652902e742ee40485cfc579"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eac23b2368da148dd909205b0c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c02735551472840e631aa95ee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e1e103bd4aed9ee9c9472c457"`);
    await queryRunner.query(`DROP TABLE "question"`);
    await queryRunner.query(`DROP TYPE "public"."question_status_enum"`);
  }
}
