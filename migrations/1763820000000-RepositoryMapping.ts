import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A Woodpecker repository id (`meta.woodpeckerRepoId`) maps to at most one project per org, so that
 * no second project can take over a repository's secrets. A database that already holds two claims
 * of one id cannot be migrated until someone decides which project keeps it.
 */
export class RepositoryMapping1763820000000 implements MigrationInterface {
  name = 'RepositoryMapping1763820000000';

  async up(q: QueryRunner): Promise<void> {
    const clashes = (await q.query(
      `SELECT o.name AS org, p.meta->>'woodpeckerRepoId' AS repo_id, array_agg(p.name ORDER BY p.name) AS projects
         FROM projects p JOIN orgs o ON o.id = p.org_id
        WHERE p.meta->>'woodpeckerRepoId' IS NOT NULL
        GROUP BY o.name, p.meta->>'woodpeckerRepoId' HAVING count(*) > 1`,
    )) as { org: string; repo_id: string; projects: string[] }[];
    if (clashes.length > 0) {
      const list = clashes.map((c) => `org ${c.org}, repository ${c.repo_id}: ${c.projects.join(', ')}`).join('; ');
      throw new Error(
        `Several projects map the same Woodpecker repository (${list}). Remove meta.woodpeckerRepoId from all but one project of each, then start again.`,
      );
    }
    await q.query(
      `CREATE UNIQUE INDEX "projects_woodpecker_repo_uq" ON "projects" ("org_id", (meta->>'woodpeckerRepoId'))
         WHERE meta->>'woodpeckerRepoId' IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "projects_woodpecker_repo_uq"`);
  }
}
