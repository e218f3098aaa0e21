import { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit log, failure counters (brute-force limits), project-bound API keys, CI event/image lists on secrets. */
export class AccessAudit1763790000000 implements MigrationInterface {
  name = 'AccessAudit1763790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_events" ("seq" BIGSERIAL NOT NULL, "entry_date" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "object" character varying(32) NOT NULL, "action" character varying(16) NOT NULL, "user_id" uuid, "details" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "audit_events_user_idx" ON "audit_events" ("user_id")`);
    await q.query(`CREATE INDEX "audit_events_date_idx" ON "audit_events" ("entry_date", "seq")`);
    await q.query(
      `CREATE TABLE "failure_counters" ("kind" character varying(16) NOT NULL, "subject" character varying(128) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "window_start" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6bc9dcdccd887166070dc8aa136" PRIMARY KEY ("kind", "subject"))`,
    );
    await q.query(`ALTER TABLE "api_keys" ADD "project_id" uuid`);
    await q.query(`ALTER TABLE "secrets" ADD "events" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "secrets" ADD "images" text array NOT NULL DEFAULT '{}'`);
    await q.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "FK_f5de07dbb229225e2be643ff3d0" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Audit queries filter by details containment (`details @> '{"orgId": ...}'`).
    await q.query(`CREATE INDEX "audit_events_details_idx" ON "audit_events" USING gin ("details" jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" DROP COLUMN "project_id"`);
    await q.query(`ALTER TABLE "secrets" DROP COLUMN "events"`);
    await q.query(`ALTER TABLE "secrets" DROP COLUMN "images"`);
    await q.query(`DROP TABLE "failure_counters"`);
    await q.query(`DROP TABLE "audit_events"`);
  }
}
