import { MigrationInterface, QueryRunner } from 'typeorm';

export class FileStorageKeyIndex1796220025656 implements MigrationInterface {
  name = 'FileStorageKeyIndex1796220025656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_6e0015cb8c9fd74af915773050" ON "file" ("storage_key") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_6e0015cb8c9fd74af915773050"`);
  }
}
