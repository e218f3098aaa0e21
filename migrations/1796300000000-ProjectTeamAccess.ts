import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Team access levels on projects (READER < WRITER < OWNER), as on secrets: a team granted a level
 * holds it on the project for every one of its members. Removing the project or the team removes
 * the grant. Read and written with plain SQL (src/projects/project-team-access.repository.ts and the
 * access rules), so it has no entity.
 */
export class ProjectTeamAccess1796300000000 implements MigrationInterface {
  name = 'ProjectTeamAccess1796300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "project_team_access" (
         "project_id" uuid NOT NULL REFERENCES "projects"("id") ON DELETE CASCADE,
         "team_id" uuid NOT NULL REFERENCES "teams"("id") ON DELETE CASCADE,
         "level" character varying(16) NOT NULL CHECK ("level" IN ('READER', 'WRITER', 'OWNER')),
         CONSTRAINT "project_team_access_pk" PRIMARY KEY ("project_id", "team_id"))`,
    );
    await q.query(`CREATE INDEX "project_team_access_team_idx" ON "project_team_access" ("team_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "project_team_access"`);
  }
}
