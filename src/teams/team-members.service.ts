import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OrgAccess } from '../access/org-access';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { ValidationFailed } from '../common/errors';
import { OkResult } from '../common/results';
import { TransactionRunner } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import type { TeamRole } from '../access/levels';
import { UserLookup } from '../users/user-lookup';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { TeamUserEntry, TeamUserUpdateDto } from './dto/team.dto';
import { TeamAccess } from '../access/team-access';
import { requireTeam } from './team-lookup';
import type { TeamEntity } from './team.entity';
import { toTeamUserEntry } from './teams.mapper';
import { TeamsRepository } from './teams.repository';

const EMPTY_USER_LIST = 'Empty user list';

/** The `…/team/{teamName}/users` routes: direct members only (no LDAP groups yet). */
@Injectable()
export class TeamMembersService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly users: UsersRepository,
    private readonly userLookup: UserLookup,
    private readonly orgAccess: OrgAccess,
    private readonly teamAccess: TeamAccess,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** Any org member may list a team's members, sorted by username. */
  async list(p: Principal, orgName: string, teamName: string): Promise<TeamUserEntry[]> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    const team = await requireTeam(this.teams, org, teamName);
    const members = await this.teams.listMembers(org.id, team.id);
    const users = new Map((await this.users.findByIds(members.map((m) => m.userId))).map((u) => [u.id, u]));
    return members
      .flatMap((m) => {
        const user = users.get(m.userId);
        return user ? [toTeamUserEntry(user, m.role)] : [];
      })
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  }

  /**
   * Upserts members (role defaults to MEMBER); `replace` first removes every direct member. A
   * MAINTAINER may do this unless it grants OWNER or takes it from someone (then OWNER is needed).
   */
  async add(
    p: Principal,
    orgName: string,
    teamName: string,
    entries: TeamUserUpdateDto[],
    replace: boolean,
  ): Promise<OkResult> {
    if (entries.length === 0 && !replace) throw new ValidationFailed(EMPTY_USER_LIST);
    const { org, team } = await this.resolveForChange(p, orgName, teamName);
    await this.tx.run(async (em) => {
      // Resolve everyone first, so an unknown user changes nothing.
      const resolved: { user: UserEntity; role: TeamRole }[] = [];
      for (const e of entries) {
        const ref = { id: e.userId, username: e.username, userDomain: e.userDomain, userType: e.userType };
        resolved.push({ user: await this.userLookup.resolve(ref, p.userType, em), role: e.role ?? 'MEMBER' });
      }
      await this.teams.lockForMemberChange(org.id, team.id, em);
      const set = resolved.map(({ user, role }) => ({ userId: user.id, role }));
      await this.teamAccess.assertMembershipChange(p, org, team, { set, removes: replace ? 'all' : [] }, em);
      if (replace) await this.teams.removeMembers(org.id, team.id, 'all', em);
      for (const { user, role } of resolved) await this.teams.upsertMember(org.id, team.id, user.id, role, em);
      const users = resolved.map(({ user, role }) => ({ userId: user.id, username: user.username, role }));
      await this.recordMembers(em, org, team, { action: 'addUsers', users, replace });
    });
    return { ok: true };
  }

  /** Removes members by username (caller's user type, any domain); unknown names are skipped. */
  async remove(p: Principal, orgName: string, teamName: string, usernames: string[]): Promise<OkResult> {
    if (usernames.length === 0) throw new ValidationFailed(EMPTY_USER_LIST);
    const { org, team } = await this.resolveForChange(p, orgName, teamName);
    await this.tx.run(async (em) => {
      const users: { userId: string; username: string }[] = [];
      for (const username of usernames) {
        const matches = await this.users.findByUsername(username, p.userType, em);
        if (matches.length > 1) {
          throw new ValidationFailed(`Non unique results found for username: ${username}`);
        }
        if (matches.length === 1) users.push({ userId: matches[0].id, username: matches[0].username });
      }
      await this.teams.lockForMemberChange(org.id, team.id, em);
      const removes = users.map((u) => u.userId);
      await this.teamAccess.assertMembershipChange(p, org, team, { set: [], removes }, em);
      await this.teams.removeMembers(org.id, team.id, removes, em);
      await this.recordMembers(em, org, team, { action: 'removeUsers', users, replace: false });
    });
    return { ok: true };
  }

  /** Membership changes are TEAM/UPDATE events (Concord's `{action, users, replace}` details). */
  private recordMembers(
    em: EntityManager,
    org: OrgEntity,
    team: TeamEntity,
    change: { action: 'addUsers' | 'removeUsers'; users: object[]; replace: boolean },
  ): Promise<void> {
    return this.audit.record(em, {
      object: 'TEAM',
      action: 'UPDATE',
      details: { orgId: org.id, orgName: org.name, teamId: team.id, teamName: team.name, ...change },
    });
  }

  private async resolveForChange(
    p: Principal,
    orgName: string,
    teamName: string,
  ): Promise<{ org: OrgEntity; team: TeamEntity }> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    const team = await requireTeam(this.teams, org, teamName);
    await this.teamAccess.assertTeamRole(p, org, team, 'MAINTAINER');
    return { org, team };
  }
}
