import { MigrationInterface, QueryRunner } from 'typeorm';

/** Secrets (sealed payload columns), their project links and their team access rules. */
export class Secrets1763780000000 implements MigrationInterface {
  name = 'Secrets1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "secrets" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "type" character varying(32) NOT NULL, "encrypted_by" character varying(16) NOT NULL, "store_type" character varying(32) NOT NULL DEFAULT 'concord', "visibility" character varying(16) NOT NULL, "owner_id" uuid, "format_version" smallint NOT NULL, "ciphertext" bytea NOT NULL, "wrapped_key" bytea NOT NULL, "key_id" character varying(64), "kdf_salt" bytea, "kdf_params" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_updated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "secrets_org_name_uq" UNIQUE ("org_id", "name"), CONSTRAINT "PK_d4ff48ddba1883d4dc142b9c697" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "secrets_owner_idx" ON "secrets" ("owner_id")`);
    await q.query(`CREATE INDEX "secrets_key_id_idx" ON "secrets" ("key_id")`);
    await q.query(
      `CREATE TABLE "secret_projects" ("secret_id" uuid NOT NULL, "project_id" uuid NOT NULL, CONSTRAINT "PK_854d041bc5e0e9af09f9000fa1c" PRIMARY KEY ("secret_id", "project_id"))`,
    );
    await q.query(`CREATE INDEX "secret_projects_project_idx" ON "secret_projects" ("project_id")`);
    await q.query(
      `CREATE TABLE "secret_team_access" ("secret_id" uuid NOT NULL, "team_id" uuid NOT NULL, "level" character varying(16) NOT NULL DEFAULT 'READER', CONSTRAINT "PK_1d373ad55e89feeb8e2042ec754" PRIMARY KEY ("secret_id", "team_id"))`,
    );
    await q.query(`CREATE INDEX "secret_team_access_team_idx" ON "secret_team_access" ("team_id")`);
    await q.query(
      `ALTER TABLE "secrets" ADD CONSTRAINT "FK_191bb48ff0bf860824826f3fecb" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "secrets" ADD CONSTRAINT "FK_a4d9856ac5b0242baddc07258b2" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "secret_projects" ADD CONSTRAINT "FK_90301b0112997c38aa5b73a5813" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "secret_projects" ADD CONSTRAINT "FK_9817540ead23a3a7caefe475aa3" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "secret_team_access" ADD CONSTRAINT "FK_e4ba2d42e9ae22b3978b2e06ea2" FOREIGN KEY ("secret_id") REFERENCES "secrets"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "secret_team_access" ADD CONSTRAINT "FK_af2d8d406b7655f22124aeba77e" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['secret_team_access', 'secret_projects', 'secrets']) {
      await q.query(`DROP TABLE "${table}" CASCADE`);
    }
  }
}
