import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InjectEntityManager } from '@nestjs/typeorm';
import type { AccessLevel } from '../access/levels';

export interface ProjectTeamAccessRow {
  teamId: string;
  orgName: string;
  teamName: string;
  level: AccessLevel;
}

/** The team access rows of projects (table `project_team_access`, plain SQL: it has no entity). */
@Injectable()
export class ProjectTeamAccessRepository {
  constructor(@InjectEntityManager() private readonly em: EntityManager) {}

  /** The project's rules, sorted by team name. */
  async list(projectId: string): Promise<ProjectTeamAccessRow[]> {
    const rows: { team_id: string; org_name: string; team_name: string; level: AccessLevel }[] = await this.em.query(
      `SELECT a.team_id, o.name AS org_name, t.name AS team_name, a.level
         FROM project_team_access a JOIN teams t ON t.id = a.team_id JOIN orgs o ON o.id = t.org_id
        WHERE a.project_id = $1 ORDER BY t.name`,
      [projectId],
    );
    return rows.map((r) => ({ teamId: r.team_id, orgName: r.org_name, teamName: r.team_name, level: r.level }));
  }

  /** Locks the project row for the change; false when it is gone (a concurrent delete). */
  async lockProject(orgId: string, projectId: string, em: EntityManager): Promise<boolean> {
    const rows: unknown[] = await em.query(`SELECT 1 FROM projects WHERE org_id = $1 AND id = $2 FOR UPDATE`, [
      orgId,
      projectId,
    ]);
    return rows.length > 0;
  }

  /** Upserts the rules; `replace` first removes every rule of the project. */
  async write(
    projectId: string,
    rules: readonly { teamId: string; level: AccessLevel }[],
    replace: boolean,
    em: EntityManager,
  ): Promise<void> {
    if (replace) await em.query(`DELETE FROM project_team_access WHERE project_id = $1`, [projectId]);
    for (const rule of rules) {
      await em.query(
        `INSERT INTO project_team_access (project_id, team_id, level) VALUES ($1, $2, $3)
         ON CONFLICT (project_id, team_id) DO UPDATE SET level = EXCLUDED.level`,
        [projectId, rule.teamId, rule.level],
      );
    }
  }
}
