import { Injectable } from '@nestjs/common';
import { Principal, isAdmin, isGlobalReader } from '../auth/principal';
import { AccessDenied, ValidationFailed } from '../common/errors';
import { OrgEntity } from '../orgs/org.entity';
import { OrgsRepository } from '../orgs/orgs.repository';
import { TeamsRepository } from '../teams/teams.repository';

/** Org-level checks shared by every org-scoped route (tenancy §2 "Membership and access helpers"). */
@Injectable()
export class OrgAccess {
  constructor(
    private readonly orgs: OrgsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  /** The org named in the path; a missing org is Concord's 400 validation error. */
  async resolve(orgName: string): Promise<OrgEntity> {
    const org = await this.orgs.findByName(orgName);
    if (!org) throw new ValidationFailed(`Organization not found: ${orgName}`);
    return org;
  }

  async resolveById(orgId: string): Promise<OrgEntity> {
    const org = await this.orgs.findById(orgId);
    if (!org) throw new ValidationFailed(`Organization not found: ${orgId}`);
    return org;
  }

  isMember(p: Principal, org: OrgEntity): Promise<boolean> {
    return this.teams.isOrgMember(org.id, p.userId);
  }

  /** Admin, global reader/writer, the org owner or a member of any of its teams may pass. */
  async canActAsMember(p: Principal, org: OrgEntity): Promise<boolean> {
    if (isAdmin(p) || isGlobalReader(p) || org.ownerId === p.userId) return true;
    return this.isMember(p, org);
  }

  async assertMember(p: Principal, org: OrgEntity): Promise<void> {
    if (!(await this.canActAsMember(p, org))) {
      throw new AccessDenied(
        `The current user (${p.username}) doesn't belong to the specified organization: ${org.name}`,
      );
    }
  }

  /** Resolve by name and require membership: the usual prologue of a members-only route (one query). */
  async resolveAsMember(p: Principal, orgName: string): Promise<OrgEntity> {
    const found = await this.orgs.findByNameWithMembership(orgName, p.userId);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgName}`);
    const { org, isMember } = found;
    if (!(isMember || isAdmin(p) || isGlobalReader(p) || org.ownerId === p.userId)) {
      throw new AccessDenied(
        `The current user (${p.username}) doesn't belong to the specified organization: ${org.name}`,
      );
    }
    return org;
  }
}
