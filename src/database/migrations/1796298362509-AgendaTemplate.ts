import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgendaTemplate1796298362509 implements MigrationInterface {
  name = 'AgendaTemplate1796298362509';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agenda_template" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "items" jsonb, "version" integer NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c7de8544d834a702b21ecb68854" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f620dbca48ca0f4a776d3d4aaf" ON "agenda_template" ("body_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1bc93cda332f110c9a8ca3a9c3" ON "agenda_template" ("organization_id") `);
    await queryRunner.query(
      `ALTER TABLE "agenda_template" ADD CONSTRAINT "FK_f620dbca48ca0f4a776d3d4aafd" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_template" ADD CONSTRAINT "FK_1bc93cda332f110c9a8ca3a9c38" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_template" DROP CONSTRAINT "FK_1bc93cda332f110c9a8ca3a9c38"`);
    await queryRunner.query(`ALTER TABLE "agenda_template" DROP CONSTRAINT "FK_f620dbca48ca0f4a776d3d4aafd"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1bc93cda332f110c9a8ca3a9c3"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f620dbca48ca0f4a776d3d4aaf"`);
    await queryRunner.query(`DROP TABLE "agenda_template"`);
  }
}
