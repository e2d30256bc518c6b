import { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerts1795547562688 implements MigrationInterface {
  name = 'Alerts1795547562688';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."alert_subscription_topic_enum" AS ENUM('query', 'organization', 'paper')`);
    await queryRunner.query(`CREATE TYPE "public"."alert_subscription_frequency_enum" AS ENUM('daily', 'weekly')`);
    await queryRunner.query(
      `CREATE TABLE "alert_subscription" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "email" text NOT NULL, "topic" "public"."alert_subscription_topic_enum" NOT NULL, "query" text, "organization_id" uuid, "paper_id" uuid, "frequency" "public"."alert_subscription_frequency_enum" NOT NULL DEFAULT 'daily', "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_digest_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_32cbf375c12e1a65d03eb604ae5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8505151281f7ac4f757850582a" ON "alert_subscription" ("body_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_fd064f2c751680d1b61fad74fc" ON "alert_subscription" ("frequency", "last_digest_at") WHERE confirmed_at IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."mail_outbox_status_enum" AS ENUM('pending', 'failed')`);
    await queryRunner.query(
      `CREATE TABLE "mail_outbox" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "subscription_id" uuid, "recipient" text NOT NULL, "subject" text NOT NULL, "text" text NOT NULL, "html" text, "headers" jsonb NOT NULL DEFAULT '{}', "status" "public"."mail_outbox_status_enum" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fecc63c96385bc35a39ccf2a72e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4c44744f1fc31a415bc337f078" ON "mail_outbox" ("body_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_58899d6f588e94503b0980f894" ON "mail_outbox" ("subscription_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_63513349650e25976f9ec6dcda" ON "mail_outbox" ("status", "next_attempt_at") `);
    await queryRunner.query(
      `ALTER TABLE "alert_subscription" ADD CONSTRAINT "FK_8505151281f7ac4f757850582a2" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_4c44744f1fc31a415bc337f0785" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "FK_58899d6f588e94503b0980f8947" FOREIGN KEY ("subscription_id") REFERENCES "alert_subscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_58899d6f588e94503b0980f8947"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "FK_4c44744f1fc31a415bc337f0785"`);
    await queryRunner.query(`ALTER TABLE "alert_subscription" DROP CONSTRAINT "FK_8505151281f7ac4f757850582a2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_63513349650e25976f9ec6dcda"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_58899d6f588e94503b0980f894"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c44744f1fc31a415bc337f078"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP TYPE "public"."mail_outbox_status_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fd064f2c751680d1b61fad74fc"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8505151281f7ac4f757850582a"`);
    await queryRunner.query(`DROP TABLE "alert_subscription"`);
    await queryRunner.query(`DROP TYPE "public"."alert_subscription_frequency_enum"`);
    await queryRunner.query(`DROP TYPE "public"."alert_subscription_topic_enum"`);
  }
}
