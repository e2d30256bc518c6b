import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProofOfWorkOnce1796354312224 implements MigrationInterface {
  name = 'ProofOfWorkOnce1796354312224';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "proof_of_work_use" ("signature" text NOT NULL, "fingerprint" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f564fd7fa8cf754dacf8f9fa077" PRIMARY KEY ("signature"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dc276a358622016d414b26dda7" ON "proof_of_work_use" ("used_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_dc276a358622016d414b26dda7"`);
    await queryRunner.query(`DROP TABLE "proof_of_work_use"`);
  }
}
