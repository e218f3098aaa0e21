import { Injectable } from '@nestjs/common';
import { Principal, isAdmin } from '../auth/principal';
import { AccessDenied } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import type { TeamEntity, TeamRole } from './team.entity';
import { TeamsRepository } from './teams.repository';

const RANK: Record<TeamRole, number> = { MEMBER: 1, MAINTAINER: 2, OWNER: 3 };

/** Team roles are ordered MEMBER < MAINTAINER < OWNER; a check for R passes with R or higher. */
export function roleAtLeast(role: TeamRole | null, required: TeamRole): boolean {
  return role !== null && RANK[role] >= RANK[required];
}

function missingRole(p: Principal, required: TeamRole): AccessDenied {
  return new AccessDenied(`The current user (${p.username}) does not have the required role: ${required}`);
}

/** Team-management checks (tenancy §3). Admins and the org owner manage every team of the org. */
@Injectable()
export class TeamAccess {
  constructor(private readonly teams: TeamsRepository) {}

  private managesOrg(p: Principal, org: OrgEntity): boolean {
    return isAdmin(p) || org.ownerId === p.userId;
  }

  /** Creating a team needs OWNER in any team of the org. */
  async assertCanCreate(p: Principal, org: OrgEntity): Promise<void> {
    if (this.managesOrg(p, org)) return;
    if (await this.teams.hasRoleInOrg(org.id, p.userId, ['OWNER'])) return;
    throw missingRole(p, 'OWNER');
  }

  /** The caller needs `required` (or higher) in this very team. */
  async assertTeamRole(p: Principal, org: OrgEntity, team: TeamEntity, required: TeamRole): Promise<void> {
    if (this.managesOrg(p, org)) return;
    const role = await this.teams.memberRole(org.id, team.id, p.userId);
    if (!roleAtLeast(role, required)) throw missingRole(p, required);
  }
}
