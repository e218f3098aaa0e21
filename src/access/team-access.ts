import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../identity/principal';
import { AccessDenied } from '../common/errors';
import { AccessRepository } from './access.repository';
import type { TeamRole } from './levels';
import { isOwner } from './org-policy';
import { isAdmin } from './roles';
import { MembershipChange, holdsTeamRole, mayCreateTeam, roleNeededFor } from './team-policy';

interface OrgRef {
  id: string;
  ownerId: string | null;
}

function missingRole(p: Principal, required: TeamRole): AccessDenied {
  return new AccessDenied(`The current user (${p.username}) does not have the required role: ${required}`);
}

/** Team management (rules in team-policy.ts). */
@Injectable()
export class TeamAccess {
  constructor(private readonly repo: AccessRepository) {}

  async assertCanCreate(p: Principal, org: OrgRef): Promise<void> {
    if (!(await this.mayCreate(p, org))) throw missingRole(p, 'OWNER');
  }

  /** The team-create rule as a yes/no (the console asks it before enabling "New team"). */
  async mayCreate(p: Principal, org: OrgRef): Promise<boolean> {
    const facts = { ...this.orgFacts(p, org), role: null, ownsAnyTeam: false };
    if (mayCreateTeam(facts)) return true;
    facts.ownsAnyTeam = (await this.repo.teamStanding(org.id, null, p.userId)).ownedTeamIds.size > 0;
    return mayCreateTeam(facts);
  }

  /** The caller needs `required` (or higher) in this very team. */
  async assertTeamRole(p: Principal, org: OrgRef, team: { id: string }, required: TeamRole): Promise<void> {
    if (holdsTeamRole({ ...this.orgFacts(p, org), role: null, ownsAnyTeam: false }, required)) return;
    const { role } = await this.repo.teamStanding(org.id, team.id, p.userId);
    if (!holdsTeamRole({ ...this.orgFacts(p, org), role, ownsAnyTeam: false }, required))
      throw missingRole(p, required);
  }

  /**
   * A change of members, checked inside its transaction after the team was locked (the OWNERs read
   * here stay the OWNERs until the change commits).
   */
  async assertMembershipChange(
    p: Principal,
    org: OrgRef,
    team: { id: string },
    change: MembershipChange,
    em: EntityManager,
  ): Promise<void> {
    const { owners, role } = await this.repo.teamOwners(team.id, p.userId, em);
    const required = roleNeededFor(change, owners);
    if (!holdsTeamRole({ ...this.orgFacts(p, org), role, ownsAnyTeam: false }, required))
      throw missingRole(p, required);
  }

  private orgFacts(p: Principal, org: OrgRef) {
    return { admin: isAdmin(p), orgOwner: isOwner(p, org.ownerId) };
  }
}
