import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenancy and identity: users, API keys, orgs, teams, projects, console sessions; the well-known seed rows. */
export class Init1763770000000 implements MigrationInterface {
  name = 'Init1763770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "username" character varying(128) NOT NULL, "domain" character varying(512), "display_name" character varying(1024), "email" character varying(512), "type" character varying(16) NOT NULL, "password_hash" text, "roles" text array NOT NULL DEFAULT '{}', "disabled" boolean NOT NULL DEFAULT false, "permanently_disabled" boolean NOT NULL DEFAULT false, "disabled_date" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL, "user_id" uuid, "name" character varying(128) NOT NULL, "key_hash" character varying(64) NOT NULL, "expired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "api_keys_user_name_uq" UNIQUE ("user_id", "name"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "api_keys_key_hash_uq" ON "api_keys" ("key_hash")`);
    await q.query(
      `CREATE TABLE "sessions" ("token_hash" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "realm" character varying(16) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_abaa9e068cdd390bc5210f79884" PRIMARY KEY ("token_hash"))`,
    );
    await q.query(
      `CREATE TABLE "orgs" ("id" uuid NOT NULL, "name" character varying(128) NOT NULL, "owner_id" uuid, "visibility" character varying(16) NOT NULL, "meta" jsonb, "cfg" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "orgs_name_uq" UNIQUE ("name"), CONSTRAINT "PK_9eed8bfad4c9e0dc8648e090efe" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "projects" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "description" character varying(2048), "visibility" character varying(16) NOT NULL, "owner_id" uuid, "meta" jsonb, "cfg" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "projects_org_name_uq" UNIQUE ("org_id", "name"), CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "teams" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "description" character varying(2048), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "teams_org_name_uq" UNIQUE ("org_id", "name"), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "team_members" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, CONSTRAINT "PK_1d3c06a8217a8785e2af0ec4ab8" PRIMARY KEY ("team_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "team_members_user_idx" ON "team_members" ("user_id")`);
    await q.query(
      `CREATE TABLE "server_state" ("key" character varying(64) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_8ca7020926d2a49b0e8152bb79c" PRIMARY KEY ("key"))`,
    );
    await q.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "orgs" ADD CONSTRAINT "FK_4c308bc05611787afce445ac39f" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_9f78c168a06314a987cf3bd401c" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "projects" ADD CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "teams" ADD CONSTRAINT "FK_b729d9a1986ed0c3ae018e61310" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "team_members" ADD CONSTRAINT "FK_fdad7d5768277e60c40e01cdcea" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "team_members" ADD CONSTRAINT "FK_c2bf4967c8c2a6b845dadfbf3d4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "users_identity_uq" ON "users" (lower("username"), coalesce(lower("domain"), ''), "type")`,
    );
    // Concord's well-known ids (tenancy §1.7), so clients that hard-code them keep working.
    await q.query(
      `INSERT INTO "users" ("id", "username", "type", "roles") VALUES ('230c5c9c-d9a7-11e6-bcfd-bb681c07b26c', 'admin', 'LOCAL', '{concordAdmin}')`,
    );
    await q.query(
      `INSERT INTO "orgs" ("id", "name", "visibility") VALUES ('0fac1b18-d179-11e7-b3e7-d7df4543ed4f', 'Default', 'PUBLIC')`,
    );
    await q.query(
      `INSERT INTO "teams" ("id", "org_id", "name", "description") VALUES ('00000000-0000-0000-0000-000000000000', '0fac1b18-d179-11e7-b3e7-d7df4543ed4f', 'default', 'Default team')`,
    );
    await q.query(
      `INSERT INTO "team_members" ("team_id", "user_id", "role") VALUES ('00000000-0000-0000-0000-000000000000', '230c5c9c-d9a7-11e6-bcfd-bb681c07b26c', 'OWNER')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'server_state',
      'team_members',
      'teams',
      'projects',
      'sessions',
      'api_keys',
      'orgs',
      'users',
    ]) {
      await q.query(`DROP TABLE "${table}" CASCADE`);
    }
  }
}
