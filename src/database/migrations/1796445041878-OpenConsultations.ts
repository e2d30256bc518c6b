import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenConsultations1796445041878 implements MigrationInterface {
  name = 'OpenConsultations1796445041878';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_67c44b510725659376142ae978" ON "consultation" ("body_id", "paper_id") WHERE deleted IS NULL AND status IN ('pending', 'scheduled', 'postponed')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_67c44b510725659376142ae978"`);
  }
}
