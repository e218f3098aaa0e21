import { MigrationInterface, QueryRunner } from 'typeorm';

/** CI integrations (Drone, Drone 0.8, Woodpecker) and the shared replay cache of accepted signatures. */
export class Integrations1763800000000 implements MigrationInterface {
  name = 'Integrations1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "integrations" ("id" uuid NOT NULL, "org_id" uuid NOT NULL, "name" character varying(128) NOT NULL, "kind" character varying(16) NOT NULL, "team_id" uuid, "created_by" uuid, "token_hash" character varying(64), "token_sealed" bytea, "token_key_id" character varying(64), "public_key" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "integrations_org_name_uq" UNIQUE ("org_id", "name"), CONSTRAINT "PK_9adcdc6d6f3922535361ce641e8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "integrations_team_idx" ON "integrations" ("team_id")`);
    await q.query(`CREATE INDEX "integrations_created_by_idx" ON "integrations" ("created_by")`);
    await q.query(
      `CREATE TABLE "signature_replays" ("signature_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a9bdb20eeb42a76eaa7faf65239" PRIMARY KEY ("signature_hash"))`,
    );
    await q.query(`CREATE INDEX "signature_replays_expires_idx" ON "signature_replays" ("expires_at")`);
    await q.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_37c9283356419a256658656a699" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_b72e0311b1a611bd2543c4c67ec" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "integrations" ADD CONSTRAINT "FK_164ca953d754a486cb1e404fadb" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "signature_replays"`);
    await q.query(`DROP TABLE "integrations"`);
  }
}
