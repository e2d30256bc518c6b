import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every listening application instance which body changed, when the change commits: one
 * notification per `public_change` row on the channel `public_change`, payload "<body id> <row id>".
 * PostgreSQL delivers notifications only after the writer's commit and drops repeats within a
 * transaction, so a cached answer can be dropped without asking the database on each request.
 */
export class PublicChangeNotify1796400000000 implements MigrationInterface {
  name = 'PublicChangeNotify1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION public_change_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('public_change', NEW.body_id::text || ' ' || NEW.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "public_change_notify" AFTER INSERT ON "public_change" FOR EACH ROW EXECUTE FUNCTION public_change_notify()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "public_change_notify" ON "public_change"`);
    await queryRunner.query(`DROP FUNCTION public_change_notify()`);
  }
}
