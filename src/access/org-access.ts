import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { AccessDenied, NotFoundText, ValidationFailed } from '../common/errors';
import { AccessRepository, OrgRecord } from './access.repository';
import { actsAsMember, listsEveryOrg, mayCreateOrg, mayDeleteOrg, mayUpdateOrg, orgCallerFacts } from './org-policy';

export type { OrgRecord } from './access.repository';

function notAMember(p: Principal, org: OrgRecord | { name: string }): AccessDenied {
  return new AccessDenied(`The current user (${p.username}) doesn't belong to the specified organization: ${org.name}`);
}

/** The org named by a route, and the org-level rules: who counts as a member, who may create, change, see and delete orgs. */
@Injectable()
export class OrgAccess {
  constructor(private readonly repo: AccessRepository) {}

  /** The org named in the path; a missing org is Concord's 400 validation error. */
  async resolve(orgName: string): Promise<OrgRecord> {
    const found = await this.repo.orgByName(orgName, null);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgName}`);
    return found.org;
  }

  async resolveById(orgId: string): Promise<OrgRecord> {
    const found = await this.repo.orgById(orgId, null);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgId}`);
    return found.org;
  }

  /** Resolve by name and require membership: the prologue of a members-only route, in one query. */
  async resolveAsMember(p: Principal, orgName: string): Promise<OrgRecord> {
    const found = await this.repo.orgByName(orgName, p.userId);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgName}`);
    if (!actsAsMember(orgCallerFacts(p, found.org, found.member))) throw notAMember(p, found.org);
    return found.org;
  }

  /** Admin, global reader/writer, the org owner or a member of any of its teams. */
  async actsAsMember(p: Principal, org: Pick<OrgRecord, 'id' | 'ownerId'>): Promise<boolean> {
    const { member: _unknown, ...known } = orgCallerFacts(p, org, false);
    return actsAsMember(known) ?? (await this.repo.isOrgMember(org.id, p.userId));
  }

  async assertMember(p: Principal, org: Pick<OrgRecord, 'id' | 'ownerId' | 'name'>): Promise<void> {
    if (!(await this.actsAsMember(p, org))) throw notAMember(p, org);
  }

  /** A PRIVATE org is shown only to those who act as its members; to others it does not exist. */
  async assertVisible<O extends Pick<OrgRecord, 'id' | 'ownerId' | 'visibility'>>(
    p: Principal,
    org: O | null,
    orgName: string,
  ): Promise<O> {
    if (org && (org.visibility === 'PUBLIC' || (await this.actsAsMember(p, org)))) return org;
    throw new NotFoundText(`Organization not found: ${orgName}`);
  }

  /** The caller whose org listing is filtered (null: sees every org). */
  listFilter(p: Principal): { userId: string } | null {
    return listsEveryOrg(p) ? null : { userId: p.userId };
  }

  assertCanCreate(p: Principal): void {
    if (!mayCreateOrg(p)) {
      throw new AccessDenied("Only roles with 'createOrg' permission are allowed to update organizations");
    }
  }

  assertCanUpdate(p: Principal, org: Pick<OrgRecord, 'ownerId'>): void {
    if (!mayUpdateOrg(p, org)) {
      throw new AccessDenied("Only the owner or roles with 'updateOrg' permission are allowed to update organizations");
    }
  }

  assertCanDelete(p: Principal): void {
    if (!mayDeleteOrg(p)) throw new AccessDenied('Only admins are allowed to update organizations');
  }
}
