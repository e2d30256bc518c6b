import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795536909290 implements MigrationInterface {
  name = 'InitialSchema1795536909290';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "location" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "description" text, "street_address" text, "room" text, "postal_code" text, "sub_locality" text, "locality" text, "geojson" jsonb, CONSTRAINT "PK_876d7bdba03c72251ec4c2dc827" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8e4e6580dcd3cd84fb99fe520c" ON "location" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_70b930b10b2618bc428bc32794" ON "location" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."body_agenda_numbering_enum" AS ENUM('continuous', 'prefixed')`);
    await queryRunner.query(
      `CREATE TABLE "body" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "key" text NOT NULL, "name" text NOT NULL, "short_name" text, "ags" character varying(8), "rgs" character varying(12), "website" text, "contact_email" text, "contact_name" text, "license" text, "license_valid_since" date, "classification" text, "logo_url" text, "primary_color" character varying(7) NOT NULL DEFAULT '#00577a', "location_id" uuid, "quorum_numerator" integer NOT NULL DEFAULT '1', "quorum_denominator" integer NOT NULL DEFAULT '2', "paper_reference_pattern" text NOT NULL DEFAULT '{type}/{yyyy}/{nnn}', "paper_type_codes" jsonb NOT NULL DEFAULT '{}', "agenda_numbering" "public"."body_agenda_numbering_enum" NOT NULL DEFAULT 'continuous', "members_see_all_non_public" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_fcdfba471eb9ce3c1add2c1e83d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e6a3c171348c61adfa9a2834bf" ON "body" ("key") `);
    await queryRunner.query(
      `CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "family_name" text, "given_name" text, "form_of_address" text, "affix" text, "title" text array NOT NULL DEFAULT '{}', "gender" text, "phone" text array NOT NULL DEFAULT '{}', "email" text array NOT NULL DEFAULT '{}', "location_id" uuid, "status" text array NOT NULL DEFAULT '{}', "life" text, "life_source" text, "published_fields" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8992282dde031b0a2a958a52ab" ON "person" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_f14a96a394eb67e7fe0104599b" ON "person" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."account_body_role_role_enum" AS ENUM('admin', 'member')`);
    await queryRunner.query(
      `CREATE TABLE "account_body_role" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "account_id" uuid NOT NULL, "body_id" uuid NOT NULL, "role" "public"."account_body_role_role_enum" NOT NULL, "person_id" uuid, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_65da79b006dd34558f708561305" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f49be431b1e33c4e6fc243760e" ON "account_body_role" ("body_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5b895525fd3a7e44d4c87cc6c1" ON "account_body_role" ("account_id", "body_id") `);
    await queryRunner.query(
      `CREATE TABLE "account" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "email" text NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "is_operator" boolean NOT NULL DEFAULT false, "disabled_at" TIMESTAMP WITH TIME ZONE, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4c8f96ccf523e9a3faefd5bdd4" ON "account" ("email") `);
    await queryRunner.query(
      `CREATE TABLE "organization" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "short_name" text, "organization_type" text NOT NULL DEFAULT 'Gremium', "classification" text, "sub_organization_of_id" uuid, "start_date" date, "end_date" date, "website" text, "post" text array NOT NULL DEFAULT '{}', "location_id" uuid, CONSTRAINT "PK_472c1f99a32def1b0abb219cd67" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_e456338f3b138441be5c17cbfb" ON "organization" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_27013b55c0a1c4e3ae700bbb22" ON "organization" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c8d16258e6c4831eb757448285" ON "organization" ("sub_organization_of_id") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_organization" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "meeting_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_dd2263a8e007e39ce0f35da1af9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_78b164210411aa270fe651c3a7" ON "meeting_organization" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_86053d7f621fcc05253b6bbd23" ON "meeting_organization" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6bc9aa4c097f96eff54d4de316" ON "meeting_organization" ("organization_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_1b69f30a93cdf1b6c00fe023f7" ON "meeting_organization" ("meeting_id", "organization_id") WHERE deleted IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."meeting_state_enum" AS ENUM('planned', 'invited', 'held', 'cancelled')`);
    await queryRunner.query(
      `CREATE TABLE "meeting" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "state" "public"."meeting_state_enum" NOT NULL DEFAULT 'planned', "published_at" TIMESTAMP WITH TIME ZONE, "start" TIMESTAMP WITH TIME ZONE NOT NULL, "end" TIMESTAMP WITH TIME ZONE, "location_id" uuid, "chair_person_id" uuid, "minutes_approved_at" TIMESTAMP WITH TIME ZONE, "minutes_approved_in_meeting_id" uuid, "agenda_version" integer NOT NULL DEFAULT '0', "version" integer NOT NULL, CONSTRAINT "PK_dccaf9e4c0e39067d82ccc7bb83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_92ad2e68611c2f19bbaa555620" ON "meeting" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_fbe3373aca59149faa5553a795" ON "meeting" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9f6b35177ab37e3628afc333e0" ON "meeting" ("body_id", "start") `);
    await queryRunner.query(
      `CREATE TYPE "public"."paper_status_enum" AS ENUM('draft', 'inConsultation', 'decided', 'rejected', 'noted', 'withdrawn')`,
    );
    await queryRunner.query(
      `CREATE TABLE "paper" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "reference" text, "date" date, "paper_type" text, "status" "public"."paper_status_enum" NOT NULL DEFAULT 'draft', "confidential" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_ca8320a8e49e70e3de2d843a80a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_76dba81f70d39b89ce22cb59de" ON "paper" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e25c6dcd2c4221e3e9c829774c" ON "paper" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ad1b214fe0bb4f4d241573b327" ON "paper" ("body_id", "date") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c9024edbb2f1402376328dd73f" ON "paper" ("body_id", "reference") WHERE reference IS NOT NULL AND deleted IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."agenda_item_status_enum" AS ENUM('scheduled', 'withdrawn')`);
    await queryRunner.query(
      `CREATE TYPE "public"."agenda_item_outcome_enum" AS ENUM('accepted', 'acceptedAmended', 'rejected', 'noted', 'postponed', 'referredBack')`,
    );
    await queryRunner.query(
      `CREATE TABLE "agenda_item" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "meeting_id" uuid NOT NULL, "parent_id" uuid, "order" integer NOT NULL, "number" text NOT NULL, "public" boolean NOT NULL DEFAULT true, "name" text NOT NULL, "status" "public"."agenda_item_status_enum" NOT NULL DEFAULT 'scheduled', "urgent" boolean NOT NULL DEFAULT false, "paper_id" uuid, "consultation_id" uuid, "outcome" "public"."agenda_item_outcome_enum", "result" text, "resolution_text" text, "start" TIMESTAMP WITH TIME ZONE, "end" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_413623e61232799619c2e0a1d42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6d6994b3102dd05e634aa3c99e" ON "agenda_item" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c64c087c8850a4d1078a1b32ff" ON "agenda_item" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_21ddce19efcba5cb0020d2f30d" ON "agenda_item" ("paper_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_45cbe1aea2a7ccdef65c9300b6" ON "agenda_item" ("meeting_id", "order") `);
    await queryRunner.query(
      `CREATE TABLE "agenda_version" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "body_id" uuid NOT NULL, "meeting_id" uuid NOT NULL, "version" integer NOT NULL, "items" jsonb NOT NULL, "changes" jsonb NOT NULL DEFAULT '[]', "account_id" uuid, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4faee88b2103e2bf4c4e06dd037" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ebdb47ccb891e457eb19aafb1b" ON "agenda_version" ("body_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_154ea12c6f5dd7281d3defb23c" ON "agenda_version" ("meeting_id", "version") `);
    await queryRunner.query(
      `CREATE TABLE "conflict_of_interest" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "agenda_item_id" uuid NOT NULL, "person_id" uuid NOT NULL, "reason" text, CONSTRAINT "PK_31e757df4b34931b02940536d45" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_68407cbd4a1a027b9e13ec43a3" ON "conflict_of_interest" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_cc0146842f8c5dd6c6cd26fe3c" ON "conflict_of_interest" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6616aa98a7e38c4c6e5ba8c5c6" ON "conflict_of_interest" ("person_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_619f9f155155d1db8fc0933e3d" ON "conflict_of_interest" ("agenda_item_id", "person_id") WHERE deleted IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "body_id" uuid, "account_id" uuid, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" uuid, "before" jsonb, "after" jsonb, "request_id" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cfbd3da3d6664af0dab55783b5" ON "audit_entry" ("entity_type", "entity_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_2cc067c7e4a4f44753ff06d604" ON "audit_entry" ("body_id", "created") `);
    await queryRunner.query(
      `CREATE TABLE "login_attempt" ("id" BIGSERIAL NOT NULL, "identifier" text NOT NULL, "ip" text NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_72829cd4f7424e3cdfd46c476c0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a01c3b4ac7dd79e5da27b7fe52" ON "login_attempt" ("ip", "created") `);
    await queryRunner.query(`CREATE INDEX "IDX_ba796e002171266fb68c513f86" ON "login_attempt" ("identifier", "created") `);
    await queryRunner.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "account_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "user_agent" text, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_fae5a6b4a57f098e9af8520d49" ON "session" ("account_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_a83507eb0338ac037780e02f2b" ON "session" ("token_hash") `);
    await queryRunner.query(
      `CREATE TYPE "public"."consultation_status_enum" AS ENUM('pending', 'scheduled', 'completed', 'referredBack', 'postponed', 'skipped')`,
    );
    await queryRunner.query(
      `CREATE TABLE "consultation" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "paper_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "meeting_id" uuid, "agenda_item_id" uuid, "role" text, "authoritative" boolean NOT NULL DEFAULT false, "position" integer NOT NULL DEFAULT '0', "status" "public"."consultation_status_enum" NOT NULL DEFAULT 'pending', CONSTRAINT "PK_5203569fac28a4a626c42abe70b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bbe6b1bd77c9ae82ab6d94dc50" ON "consultation" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4d11a894d8a9320c749f869545" ON "consultation" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_aa1df884b58db8878cfc77d362" ON "consultation" ("organization_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_a5e2d306a1fd908c5a684a505d" ON "consultation" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_6e7350eff2a3995e373239055b" ON "consultation" ("agenda_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_0b2f3eb024c5a6595a32a5fe0d" ON "consultation" ("paper_id", "position") `);
    await queryRunner.query(
      `CREATE TABLE "file" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "file_name" text, "mime_type" text, "date" date, "size" bigint, "sha512_checksum" character varying(128), "text" text, "page_count" integer, "storage_key" text, "source_url" text, "external_service_url" text, "file_license" text, "master_file_id" uuid, "confidential" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_36b46d232307066b3a2c9ea3a1d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ce47076718576666e8634148d1" ON "file" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_619a03431926b341bd23fd6a46" ON "file" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TYPE "public"."file_link_role_enum" AS ENUM('main', 'auxiliary', 'invitation', 'resultsProtocol', 'verbatimProtocol', 'resolution')`,
    );
    await queryRunner.query(
      `CREATE TABLE "file_link" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "file_id" uuid NOT NULL, "role" "public"."file_link_role_enum" NOT NULL, "meeting_id" uuid, "agenda_item_id" uuid, "paper_id" uuid, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_fdb98f6f18fb3ecaa954348bd8" CHECK (num_nonnulls(meeting_id, agenda_item_id, paper_id) = 1), CONSTRAINT "PK_057ea732f0b9e3eaec162576725" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c61c4feae78ed9277e86e37af4" ON "file_link" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_351e0fd37923dedd293cafc997" ON "file_link" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ac9b9c6612bbdf721936c87881" ON "file_link" ("file_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_9a7877ec5d95630582498f95d5" ON "file_link" ("meeting_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bd082b8b96fa7282b96182d4fa" ON "file_link" ("agenda_item_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fb05b815b9c805d73df98f89c7" ON "file_link" ("paper_id") `);
    await queryRunner.query(
      `CREATE TABLE "legislative_term" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "start_date" date, "end_date" date, CONSTRAINT "PK_ff1cc9d51dbae1baed5ae1a2295" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d419276d59eab11f6e930ffc6c" ON "legislative_term" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_9ea36330c910301deffad516be" ON "legislative_term" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."attendance_status_enum" AS ENUM('present', 'excused', 'absent')`);
    await queryRunner.query(
      `CREATE TABLE "attendance" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "meeting_id" uuid NOT NULL, "person_id" uuid NOT NULL, "status" "public"."attendance_status_enum" NOT NULL, "arrived_at" TIMESTAMP WITH TIME ZONE, "left_at" TIMESTAMP WITH TIME ZONE, "arrived_at_agenda_item_id" uuid, "left_after_agenda_item_id" uuid, "note" text, CONSTRAINT "PK_ee0ffe42c1f1a01e72b725c0cb2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1a2fba5ccddc5f0ba9974e83e3" ON "attendance" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_387356667f7f45707c788adbe9" ON "attendance" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_86687a3aa35d66a5613e23ddd6" ON "attendance" ("person_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c381279cfbb2ec34e6de737c5e" ON "attendance" ("meeting_id", "person_id") WHERE deleted IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "person_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "role" text NOT NULL DEFAULT 'Mitglied', "voting_right" boolean NOT NULL DEFAULT true, "start_date" date, "end_date" date, "on_behalf_of_id" uuid, CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f899b288c84f00fced90b8f3b0" ON "membership" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8ffde6975d289ea7c754bc0c4e" ON "membership" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6fc5e2153171bbeb54f4fda659" ON "membership" ("person_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_412ffe9391a352e8a4e3dc46f6" ON "membership" ("organization_id") `);
    await queryRunner.query(`CREATE TYPE "public"."paper_party_role_enum" AS ENUM('originator', 'underDirectionOf')`);
    await queryRunner.query(
      `CREATE TABLE "paper_party" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "paper_id" uuid NOT NULL, "role" "public"."paper_party_role_enum" NOT NULL, "person_id" uuid, "organization_id" uuid, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_76f879dfbefcb30f620cf2e383e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_bb37780cb3715ac29d5060c881" ON "paper_party" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_302306ae999830ce791bcfc23b" ON "paper_party" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4c5343fc791f960fb89a93253e" ON "paper_party" ("paper_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_dfa341c2eeb1147bbd1b31e36c" ON "paper_party" ("person_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc505d10e1ea19d9f73105ee79" ON "paper_party" ("organization_id") `);
    await queryRunner.query(
      `CREATE TABLE "paper_reference_sequence" ("body_id" uuid NOT NULL, "prefix" text NOT NULL, "last_value" integer NOT NULL, CONSTRAINT "PK_b9166fcdf7f7fba7d336ca794a6" PRIMARY KEY ("body_id", "prefix"))`,
    );
    await queryRunner.query(`CREATE TYPE "public"."paper_relation_kind_enum" AS ENUM('related', 'subordinated')`);
    await queryRunner.query(
      `CREATE TABLE "paper_relation" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "paper_id" uuid NOT NULL, "related_paper_id" uuid NOT NULL, "kind" "public"."paper_relation_kind_enum" NOT NULL, CONSTRAINT "PK_9fbaacf2a4fe666871ad9699f39" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_c46fa8cc37685d92235ac1fb78" ON "paper_relation" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_3c496cf431595ac4716c46061d" ON "paper_relation" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3aafeee2c828aa55fcf6659dc8" ON "paper_relation" ("related_paper_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_8e558bf5583758402b46793866" ON "paper_relation" ("paper_id", "related_paper_id", "kind") WHERE deleted IS NULL`,
    );
    await queryRunner.query(`CREATE TYPE "public"."vote_kind_enum" AS ENUM('open', 'rollCall', 'secret', 'election')`);
    await queryRunner.query(`CREATE TYPE "public"."vote_result_enum" AS ENUM('accepted', 'rejected')`);
    await queryRunner.query(
      `CREATE TABLE "vote" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "agenda_item_id" uuid NOT NULL, "position" integer NOT NULL DEFAULT '0', "subject" text NOT NULL, "kind" "public"."vote_kind_enum" NOT NULL DEFAULT 'open', "yes" integer NOT NULL DEFAULT '0', "no" integer NOT NULL DEFAULT '0', "abstain" integer NOT NULL DEFAULT '0', "result" "public"."vote_result_enum" NOT NULL, CONSTRAINT "PK_2d5932d46afe39c8176f9d4be72" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f92fcfeb494919db56f1d2e2bf" ON "vote" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_4df9729f0f49f7cc9d510c7405" ON "vote" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_a46958fa2309ba981f0d5039be" ON "vote" ("agenda_item_id") `);
    await queryRunner.query(`CREATE TYPE "public"."vote_cast_choice_enum" AS ENUM('yes', 'no', 'abstain')`);
    await queryRunner.query(
      `CREATE TABLE "vote_cast" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "created" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "modified" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted" TIMESTAMP WITH TIME ZONE, "body_id" uuid NOT NULL, "external_id" text, "vote_id" uuid NOT NULL, "person_id" uuid NOT NULL, "choice" "public"."vote_cast_choice_enum" NOT NULL, CONSTRAINT "PK_4ac5f0845939b5be9a3528c868e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_92c2653725d76ad828c3f01354" ON "vote_cast" ("body_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_c065bd9d50dfe7fdb78d51201d" ON "vote_cast" ("body_id", "external_id") WHERE external_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_aeb5e94be6a1be50746554edd0" ON "vote_cast" ("person_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_5b372b601363f2b300faf5d706" ON "vote_cast" ("vote_id", "person_id") WHERE deleted IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "location" ADD CONSTRAINT "FK_8e4e6580dcd3cd84fb99fe520ce" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "body" ADD CONSTRAINT "FK_3f5baa392db34638dce64601cfa" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person" ADD CONSTRAINT "FK_8992282dde031b0a2a958a52aba" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "person" ADD CONSTRAINT "FK_15aac71c1a17c2a6abad663790d" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_body_role" ADD CONSTRAINT "FK_941b71998975c68ac84d2cf9b38" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_body_role" ADD CONSTRAINT "FK_f49be431b1e33c4e6fc243760e8" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "account_body_role" ADD CONSTRAINT "FK_84669030de883dcc4baabc0f346" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization" ADD CONSTRAINT "FK_e456338f3b138441be5c17cbfba" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization" ADD CONSTRAINT "FK_c8d16258e6c4831eb757448285d" FOREIGN KEY ("sub_organization_of_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization" ADD CONSTRAINT "FK_bb9226e64e0b967157b32d8d692" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_organization" ADD CONSTRAINT "FK_78b164210411aa270fe651c3a74" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_organization" ADD CONSTRAINT "FK_7c10cdc93eb53233e5f818777aa" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_organization" ADD CONSTRAINT "FK_6bc9aa4c097f96eff54d4de316f" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "FK_92ad2e68611c2f19bbaa5556206" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "FK_cb2114a216d6bbcaf805afd434b" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting" ADD CONSTRAINT "FK_f54599f60a355af39cc59baca25" FOREIGN KEY ("chair_person_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper" ADD CONSTRAINT "FK_76dba81f70d39b89ce22cb59de2" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_item" ADD CONSTRAINT "FK_6d6994b3102dd05e634aa3c99e4" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_item" ADD CONSTRAINT "FK_4d88141b534e8aad85bb583eb3b" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_item" ADD CONSTRAINT "FK_79252bd6b85d3ed8820654db280" FOREIGN KEY ("parent_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_item" ADD CONSTRAINT "FK_21ddce19efcba5cb0020d2f30d8" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_item" ADD CONSTRAINT "FK_ecea2dbf4de45dddcd0ec5d87c8" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_version" ADD CONSTRAINT "FK_ebdb47ccb891e457eb19aafb1b4" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agenda_version" ADD CONSTRAINT "FK_ad0831b14e1af9e9f3ce91336c0" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "FK_68407cbd4a1a027b9e13ec43a39" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "FK_6304f3a8b9dbae2c0f7e322f2aa" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "conflict_of_interest" ADD CONSTRAINT "FK_6616aa98a7e38c4c6e5ba8c5c6c" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session" ADD CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "FK_bbe6b1bd77c9ae82ab6d94dc507" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "FK_c834dc2da9c1550105b6e90677f" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "FK_aa1df884b58db8878cfc77d3626" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "FK_a5e2d306a1fd908c5a684a505dc" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "consultation" ADD CONSTRAINT "FK_6e7350eff2a3995e373239055b1" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file" ADD CONSTRAINT "FK_ce47076718576666e8634148d15" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file" ADD CONSTRAINT "FK_b73acbae5f7c7e5fe9069af231a" FOREIGN KEY ("master_file_id") REFERENCES "file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file_link" ADD CONSTRAINT "FK_c61c4feae78ed9277e86e37af4c" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file_link" ADD CONSTRAINT "FK_ac9b9c6612bbdf721936c878811" FOREIGN KEY ("file_id") REFERENCES "file"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file_link" ADD CONSTRAINT "FK_9a7877ec5d95630582498f95d58" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file_link" ADD CONSTRAINT "FK_bd082b8b96fa7282b96182d4fa7" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "file_link" ADD CONSTRAINT "FK_fb05b815b9c805d73df98f89c70" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "legislative_term" ADD CONSTRAINT "FK_d419276d59eab11f6e930ffc6c9" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance" ADD CONSTRAINT "FK_1a2fba5ccddc5f0ba9974e83e3d" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance" ADD CONSTRAINT "FK_fedd75244556b90cd6a92b7c149" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "attendance" ADD CONSTRAINT "FK_86687a3aa35d66a5613e23ddd65" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_f899b288c84f00fced90b8f3b06" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_6fc5e2153171bbeb54f4fda6595" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_412ffe9391a352e8a4e3dc46f6f" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "membership" ADD CONSTRAINT "FK_090b8f658d5032c99ecbaa153ac" FOREIGN KEY ("on_behalf_of_id") REFERENCES "organization"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_party" ADD CONSTRAINT "FK_bb37780cb3715ac29d5060c8816" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_party" ADD CONSTRAINT "FK_4c5343fc791f960fb89a93253ef" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_party" ADD CONSTRAINT "FK_dfa341c2eeb1147bbd1b31e36cc" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_party" ADD CONSTRAINT "FK_bc505d10e1ea19d9f73105ee793" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_relation" ADD CONSTRAINT "FK_c46fa8cc37685d92235ac1fb788" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_relation" ADD CONSTRAINT "FK_2c6a21314cdfec5de9cfc327980" FOREIGN KEY ("paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "paper_relation" ADD CONSTRAINT "FK_3aafeee2c828aa55fcf6659dc8f" FOREIGN KEY ("related_paper_id") REFERENCES "paper"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vote" ADD CONSTRAINT "FK_f92fcfeb494919db56f1d2e2bf3" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vote" ADD CONSTRAINT "FK_a46958fa2309ba981f0d5039bed" FOREIGN KEY ("agenda_item_id") REFERENCES "agenda_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vote_cast" ADD CONSTRAINT "FK_92c2653725d76ad828c3f013548" FOREIGN KEY ("body_id") REFERENCES "body"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vote_cast" ADD CONSTRAINT "FK_3ef8b719f0f092011613b1c3950" FOREIGN KEY ("vote_id") REFERENCES "vote"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "vote_cast" ADD CONSTRAINT "FK_aeb5e94be6a1be50746554edd0b" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "vote_cast" DROP CONSTRAINT "FK_aeb5e94be6a1be50746554edd0b"`);
    await queryRunner.query(`ALTER TABLE "vote_cast" DROP CONSTRAINT "FK_3ef8b719f0f092011613b1c3950"`);
    await queryRunner.query(`ALTER TABLE "vote_cast" DROP CONSTRAINT "FK_92c2653725d76ad828c3f013548"`);
    await queryRunner.query(`ALTER TABLE "vote" DROP CONSTRAINT "FK_a46958fa2309ba981f0d5039bed"`);
    await queryRunner.query(`ALTER TABLE "vote" DROP CONSTRAINT "FK_f92fcfeb494919db56f1d2e2bf3"`);
    await queryRunner.query(`ALTER TABLE "paper_relation" DROP CONSTRAINT "FK_3aafeee2c828aa55fcf6659dc8f"`);
    await queryRunner.query(`ALTER TABLE "paper_relation" DROP CONSTRAINT "FK_2c6a21314cdfec5de9cfc327980"`);
    await queryRunner.query(`ALTER TABLE "paper_relation" DROP CONSTRAINT "FK_c46fa8cc37685d92235ac1fb788"`);
    await queryRunner.query(`ALTER TABLE "paper_party" DROP CONSTRAINT "FK_bc505d10e1ea19d9f73105ee793"`);
    await queryRunner.query(`ALTER TABLE "paper_party" DROP CONSTRAINT "FK_dfa341c2eeb1147bbd1b31e36cc"`);
    await queryRunner.query(`ALTER TABLE "paper_party" DROP CONSTRAINT "FK_4c5343fc791f960fb89a93253ef"`);
    await queryRunner.query(`ALTER TABLE "paper_party" DROP CONSTRAINT "FK_bb37780cb3715ac29d5060c8816"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_090b8f658d5032c99ecbaa153ac"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_412ffe9391a352e8a4e3dc46f6f"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_6fc5e2153171bbeb54f4fda6595"`);
    await queryRunner.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_f899b288c84f00fced90b8f3b06"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_86687a3aa35d66a5613e23ddd65"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_fedd75244556b90cd6a92b7c149"`);
    await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_1a2fba5ccddc5f0ba9974e83e3d"`);
    await queryRunner.query(`ALTER TABLE "legislative_term" DROP CONSTRAINT "FK_d419276d59eab11f6e930ffc6c9"`);
    await queryRunner.query(`ALTER TABLE "file_link" DROP CONSTRAINT "FK_fb05b815b9c805d73df98f89c70"`);
    await queryRunner.query(`ALTER TABLE "file_link" DROP CONSTRAINT "FK_bd082b8b96fa7282b96182d4fa7"`);
    await queryRunner.query(`ALTER TABLE "file_link" DROP CONSTRAINT "FK_9a7877ec5d95630582498f95d58"`);
    await queryRunner.query(`ALTER TABLE "file_link" DROP CONSTRAINT "FK_ac9b9c6612bbdf721936c878811"`);
    await queryRunner.query(`ALTER TABLE "file_link" DROP CONSTRAINT "FK_c61c4feae78ed9277e86e37af4c"`);
    await queryRunner.query(`ALTER TABLE "file" DROP CONSTRAINT "FK_b73acbae5f7c7e5fe9069af231a"`);
    await queryRunner.query(`ALTER TABLE "file" DROP CONSTRAINT "FK_ce47076718576666e8634148d15"`);
    await queryRunner.query(`ALTER TABLE "consultation" DROP CONSTRAINT "FK_6e7350eff2a3995e373239055b1"`);
    await queryRunner.query(`ALTER TABLE "consultation" DROP CONSTRAINT "FK_a5e2d306a1fd908c5a684a505dc"`);
    await queryRunner.query(`ALTER TABLE "consultation" DROP CONSTRAINT "FK_aa1df884b58db8878cfc77d3626"`);
    await queryRunner.query(`ALTER TABLE "consultation" DROP CONSTRAINT "FK_c834dc2da9c1550105b6e90677f"`);
    await queryRunner.query(`ALTER TABLE "consultation" DROP CONSTRAINT "FK_bbe6b1bd77c9ae82ab6d94dc507"`);
    await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_fae5a6b4a57f098e9af8520d499"`);
    await queryRunner.query(`ALTER TABLE "conflict_of_interest" DROP CONSTRAINT "FK_6616aa98a7e38c4c6e5ba8c5c6c"`);
    await queryRunner.query(`ALTER TABLE "conflict_of_interest" DROP CONSTRAINT "FK_6304f3a8b9dbae2c0f7e322f2aa"`);
    await queryRunner.query(`ALTER TABLE "conflict_of_interest" DROP CONSTRAINT "FK_68407cbd4a1a027b9e13ec43a39"`);
    await queryRunner.query(`ALTER TABLE "agenda_version" DROP CONSTRAINT "FK_ad0831b14e1af9e9f3ce91336c0"`);
    await queryRunner.query(`ALTER TABLE "agenda_version" DROP CONSTRAINT "FK_ebdb47ccb891e457eb19aafb1b4"`);
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_ecea2dbf4de45dddcd0ec5d87c8"`);
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_21ddce19efcba5cb0020d2f30d8"`);
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_79252bd6b85d3ed8820654db280"`);
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_4d88141b534e8aad85bb583eb3b"`);
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP CONSTRAINT "FK_6d6994b3102dd05e634aa3c99e4"`);
    await queryRunner.query(`ALTER TABLE "paper" DROP CONSTRAINT "FK_76dba81f70d39b89ce22cb59de2"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "FK_f54599f60a355af39cc59baca25"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "FK_cb2114a216d6bbcaf805afd434b"`);
    await queryRunner.query(`ALTER TABLE "meeting" DROP CONSTRAINT "FK_92ad2e68611c2f19bbaa5556206"`);
    await queryRunner.query(`ALTER TABLE "meeting_organization" DROP CONSTRAINT "FK_6bc9aa4c097f96eff54d4de316f"`);
    await queryRunner.query(`ALTER TABLE "meeting_organization" DROP CONSTRAINT "FK_7c10cdc93eb53233e5f818777aa"`);
    await queryRunner.query(`ALTER TABLE "meeting_organization" DROP CONSTRAINT "FK_78b164210411aa270fe651c3a74"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP CONSTRAINT "FK_bb9226e64e0b967157b32d8d692"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP CONSTRAINT "FK_c8d16258e6c4831eb757448285d"`);
    await queryRunner.query(`ALTER TABLE "organization" DROP CONSTRAINT "FK_e456338f3b138441be5c17cbfba"`);
    await queryRunner.query(`ALTER TABLE "account_body_role" DROP CONSTRAINT "FK_84669030de883dcc4baabc0f346"`);
    await queryRunner.query(`ALTER TABLE "account_body_role" DROP CONSTRAINT "FK_f49be431b1e33c4e6fc243760e8"`);
    await queryRunner.query(`ALTER TABLE "account_body_role" DROP CONSTRAINT "FK_941b71998975c68ac84d2cf9b38"`);
    await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_15aac71c1a17c2a6abad663790d"`);
    await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_8992282dde031b0a2a958a52aba"`);
    await queryRunner.query(`ALTER TABLE "body" DROP CONSTRAINT "FK_3f5baa392db34638dce64601cfa"`);
    await queryRunner.query(`ALTER TABLE "location" DROP CONSTRAINT "FK_8e4e6580dcd3cd84fb99fe520ce"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5b372b601363f2b300faf5d706"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aeb5e94be6a1be50746554edd0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c065bd9d50dfe7fdb78d51201d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92c2653725d76ad828c3f01354"`);
    await queryRunner.query(`DROP TABLE "vote_cast"`);
    await queryRunner.query(`DROP TYPE "public"."vote_cast_choice_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a46958fa2309ba981f0d5039be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4df9729f0f49f7cc9d510c7405"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f92fcfeb494919db56f1d2e2bf"`);
    await queryRunner.query(`DROP TABLE "vote"`);
    await queryRunner.query(`DROP TYPE "public"."vote_result_enum"`);
    await queryRunner.query(`DROP TYPE "public"."vote_kind_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e558bf5583758402b46793866"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3aafeee2c828aa55fcf6659dc8"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3c496cf431595ac4716c46061d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c46fa8cc37685d92235ac1fb78"`);
    await queryRunner.query(`DROP TABLE "paper_relation"`);
    await queryRunner.query(`DROP TYPE "public"."paper_relation_kind_enum"`);
    await queryRunner.query(`DROP TABLE "paper_reference_sequence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bc505d10e1ea19d9f73105ee79"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dfa341c2eeb1147bbd1b31e36c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c5343fc791f960fb89a93253e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_302306ae999830ce791bcfc23b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bb37780cb3715ac29d5060c881"`);
    await queryRunner.query(`DROP TABLE "paper_party"`);
    await queryRunner.query(`DROP TYPE "public"."paper_party_role_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_412ffe9391a352e8a4e3dc46f6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6fc5e2153171bbeb54f4fda659"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8ffde6975d289ea7c754bc0c4e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f899b288c84f00fced90b8f3b0"`);
    await queryRunner.query(`DROP TABLE "membership"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c381279cfbb2ec34e6de737c5e"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_86687a3aa35d66a5613e23ddd6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_387356667f7f45707c788adbe9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1a2fba5ccddc5f0ba9974e83e3"`);
    await queryRunner.query(`DROP TABLE "attendance"`);
    await queryRunner.query(`DROP TYPE "public"."attendance_status_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ea36330c910301deffad516be"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d419276d59eab11f6e930ffc6c"`);
    await queryRunner.query(`DROP TABLE "legislative_term"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fb05b815b9c805d73df98f89c7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bd082b8b96fa7282b96182d4fa"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9a7877ec5d95630582498f95d5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ac9b9c6612bbdf721936c87881"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_351e0fd37923dedd293cafc997"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c61c4feae78ed9277e86e37af4"`);
    await queryRunner.query(`DROP TABLE "file_link"`);
    await queryRunner.query(`DROP TYPE "public"."file_link_role_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_619a03431926b341bd23fd6a46"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ce47076718576666e8634148d1"`);
    await queryRunner.query(`DROP TABLE "file"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0b2f3eb024c5a6595a32a5fe0d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6e7350eff2a3995e373239055b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a5e2d306a1fd908c5a684a505d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_aa1df884b58db8878cfc77d362"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4d11a894d8a9320c749f869545"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bbe6b1bd77c9ae82ab6d94dc50"`);
    await queryRunner.query(`DROP TABLE "consultation"`);
    await queryRunner.query(`DROP TYPE "public"."consultation_status_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a83507eb0338ac037780e02f2b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fae5a6b4a57f098e9af8520d49"`);
    await queryRunner.query(`DROP TABLE "session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ba796e002171266fb68c513f86"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a01c3b4ac7dd79e5da27b7fe52"`);
    await queryRunner.query(`DROP TABLE "login_attempt"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2cc067c7e4a4f44753ff06d604"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cfbd3da3d6664af0dab55783b5"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_619f9f155155d1db8fc0933e3d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6616aa98a7e38c4c6e5ba8c5c6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc0146842f8c5dd6c6cd26fe3c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_68407cbd4a1a027b9e13ec43a3"`);
    await queryRunner.query(`DROP TABLE "conflict_of_interest"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_154ea12c6f5dd7281d3defb23c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ebdb47ccb891e457eb19aafb1b"`);
    await queryRunner.query(`DROP TABLE "agenda_version"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_45cbe1aea2a7ccdef65c9300b6"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_21ddce19efcba5cb0020d2f30d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c64c087c8850a4d1078a1b32ff"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6d6994b3102dd05e634aa3c99e"`);
    await queryRunner.query(`DROP TABLE "agenda_item"`);
    await queryRunner.query(`DROP TYPE "public"."agenda_item_outcome_enum"`);
    await queryRunner.query(`DROP TYPE "public"."agenda_item_status_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c9024edbb2f1402376328dd73f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ad1b214fe0bb4f4d241573b327"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e25c6dcd2c4221e3e9c829774c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_76dba81f70d39b89ce22cb59de"`);
    await queryRunner.query(`DROP TABLE "paper"`);
    await queryRunner.query(`DROP TYPE "public"."paper_status_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9f6b35177ab37e3628afc333e0"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fbe3373aca59149faa5553a795"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_92ad2e68611c2f19bbaa555620"`);
    await queryRunner.query(`DROP TABLE "meeting"`);
    await queryRunner.query(`DROP TYPE "public"."meeting_state_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1b69f30a93cdf1b6c00fe023f7"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6bc9aa4c097f96eff54d4de316"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_86053d7f621fcc05253b6bbd23"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_78b164210411aa270fe651c3a7"`);
    await queryRunner.query(`DROP TABLE "meeting_organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c8d16258e6c4831eb757448285"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_27013b55c0a1c4e3ae700bbb22"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e456338f3b138441be5c17cbfb"`);
    await queryRunner.query(`DROP TABLE "organization"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4c8f96ccf523e9a3faefd5bdd4"`);
    await queryRunner.query(`DROP TABLE "account"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5b895525fd3a7e44d4c87cc6c1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f49be431b1e33c4e6fc243760e"`);
    await queryRunner.query(`DROP TABLE "account_body_role"`);
    await queryRunner.query(`DROP TYPE "public"."account_body_role_role_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f14a96a394eb67e7fe0104599b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8992282dde031b0a2a958a52ab"`);
    await queryRunner.query(`DROP TABLE "person"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e6a3c171348c61adfa9a2834bf"`);
    await queryRunner.query(`DROP TABLE "body"`);
    await queryRunner.query(`DROP TYPE "public"."body_agenda_numbering_enum"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_70b930b10b2618bc428bc32794"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e4e6580dcd3cd84fb99fe520c"`);
    await queryRunner.query(`DROP TABLE "location"`);
  }
}
