import { MigrationInterface, QueryRunner } from 'typeorm';

export class ListPagesById1796400200000 implements MigrationInterface {
  name = 'ListPagesById1796400200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_f7aed72f3ecc2fb28002ee7374" ON "meeting" ("body_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cfd2a1412ef1657e0b6943dc5f" ON "paper" ("body_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_096d4722bb0b4a4eb63b6ab7c6" ON "agenda_item" ("body_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_b94e930eb36186ad3f9adc6e6b" ON "file" ("body_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_ead7062f90034aac0a96889823" ON "consultation" ("body_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_895178f03c6022cf7aabd09c64" ON "vote" ("body_id", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_895178f03c6022cf7aabd09c64"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ead7062f90034aac0a96889823"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b94e930eb36186ad3f9adc6e6b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_096d4722bb0b4a4eb63b6ab7c6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cfd2a1412ef1657e0b6943dc5f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f7aed72f3ecc2fb28002ee7374"`);
  }
}
