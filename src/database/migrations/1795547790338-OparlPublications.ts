import { MigrationInterface, QueryRunner } from 'typeorm';

export class OparlPublications1795547790338 implements MigrationInterface {
  name = 'OparlPublications1795547790338';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "oparl_publication" ("object_id" uuid NOT NULL, "body_id" uuid NOT NULL, "type" text NOT NULL, "first_served" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9cfa7bc4a85e279f28379721423" PRIMARY KEY ("object_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1d9cd59834791b1a253006bc6e" ON "oparl_publication" ("body_id") `);
    await queryRunner.query(
      `ALTER TABLE "oparl_publication" ADD CONSTRAINT "FK_1d9cd59834791b1a253006bc6ee" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "oparl_publication" DROP CONSTRAINT "FK_1d9cd59834791b1a253006bc6ee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1d9cd59834791b1a253006bc6e"`);
    await queryRunner.query(`DROP TABLE "oparl_publication"`);
  }
}
