import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { AccessDenied } from '../common/errors';
import { OrgAccess } from './org-access';
import { ProjectAccess } from './project-access';
import { isAdmin } from './roles';
import { SecretAccess, SecretRef } from './secret-access';

const NO_ENTITY_FILTER = 'Only admins can retrieve audit events without filtering by entity.';

interface OrgRef {
  id: string;
  name: string;
  ownerId: string | null;
}

/**
 * Who may search the audit log, by the entity the search is narrowed to: an org needs membership;
 * a project READER on it; a secret READER on it, members-only; a team membership of its org.
 * Without an entity only admins may search (`source` and `eventId` narrow, they do not open).
 */
@Injectable()
export class AuditAccess {
  constructor(
    private readonly orgs: OrgAccess,
    private readonly projects: ProjectAccess,
    private readonly secrets: SecretAccess,
  ) {}

  assertOrgFilter(p: Principal, org: OrgRef): Promise<void> {
    return this.orgs.assertMember(p, org);
  }

  async assertProjectFilter(
    p: Principal,
    org: OrgRef,
    project: { id: string; name: string; ownerId: string | null; visibility: 'PUBLIC' | 'PRIVATE' },
  ): Promise<void> {
    await this.orgs.assertMember(p, org);
    await this.projects.assert(p, org, project, 'READER');
  }

  async assertSecretFilter(p: Principal, org: OrgRef, secret: SecretRef): Promise<void> {
    await this.orgs.assertMember(p, org);
    await this.secrets.assert(p, org, secret, { level: 'READER', membersOnly: true });
  }

  assertTeamFilter(p: Principal, org: OrgRef): Promise<void> {
    return this.orgs.assertMember(p, org);
  }

  assertUnfiltered(p: Principal): void {
    if (!isAdmin(p)) throw new AccessDenied(NO_ENTITY_FILTER);
  }
}
