import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { AccessDenied, NotFoundEmpty } from '../common/errors';
import { AccessRepository, SecretMemberships } from './access.repository';
import {
  SecretChange,
  SecretRef,
  SecretRequirement,
  decideSecretAccess,
  hidesMissingSecret,
  listsEverySecret,
  projectScopeDenial,
  secretCallerFacts,
  updateRequirements,
} from './secret-policy';

export type { SecretRef } from './secret-policy';

/** The org facts a secret decision needs (a full org row fits, and so do the hot reads' lean rows). */
export interface SecretOrg {
  id: string;
  ownerId: string | null;
}

/** Memberships a combined query already returned with the secret (the hot reads). */
export type KnownMemberships = Partial<SecretMemberships>;

function denied(level: SecretRequirement['level'], secretName: string): AccessDenied {
  return new AccessDenied(
    `The current user doesn't have the necessary access level (${level}) to the secret: ${secretName}`,
  );
}

/** The one place that decides who may do what to a secret (rules in secret-policy.ts). */
@Injectable()
export class SecretAccess {
  constructor(private readonly repo: AccessRepository) {}

  /** 403 unless the caller meets the requirement; memberships are looked up only if a rule needs them. */
  async assert(
    p: Principal,
    org: SecretOrg,
    secret: SecretRef,
    need: SecretRequirement,
    known: KnownMemberships = {},
  ): Promise<void> {
    await this.assertAll(p, org, secret, [need], known);
  }

  /** An update: WRITER, and OWNER for what only owners may do (secret-policy.ts `updateRequirements`). */
  async assertUpdate(p: Principal, org: SecretOrg, secret: SecretRef, change: SecretChange): Promise<void> {
    await this.assertAll(p, org, secret, updateRequirements(change), {});
  }

  /**
   * The answer for a secret that does not exist: Concord's 404 for those who may know, and for a
   * caller outside the org the very 403 a PRIVATE secret of that name would get.
   */
  async missing(
    p: Principal,
    org: SecretOrg,
    secretName: string,
    need: SecretRequirement,
    known: KnownMemberships = {},
  ): Promise<never> {
    const facts = secretCallerFacts(p, org, { id: '', name: secretName, ownerId: null, visibility: 'PRIVATE' });
    let hides = hidesMissingSecret({ ...facts, orgMember: known.orgMember });
    if (hides === undefined) {
      hides = hidesMissingSecret({ ...facts, orgMember: await this.repo.isOrgMember(org.id, p.userId) });
    }
    if (hides) throw denied(need.level, secretName);
    throw new NotFoundEmpty(`Secret not found: ${secretName}`);
  }

  assertProjectScope(p: Principal, secret: SecretRef, linkedProjectIds: readonly string[]): void {
    const denial = projectScopeDenial(p, linkedProjectIds);
    switch (denial) {
      case null:
        return;
      case 'other-project':
        throw new AccessDenied(
          `Project-scoped secrets can only be accessed within the project they belong to. Secret: ${secret.name}`,
        );
      case 'outside-a-process':
        throw new AccessDenied(
          `Project-scoped secrets can only be accessed within a running process. Secret: ${secret.name}`,
        );
    }
  }

  /** The caller whose secret listing is filtered (null: sees every secret of the org). */
  listFilter(p: Principal, org: SecretOrg): { userId: string } | null {
    return listsEverySecret(p, org) ? null : { userId: p.userId };
  }

  private async assertAll(
    p: Principal,
    org: SecretOrg,
    secret: SecretRef,
    needs: SecretRequirement[],
    known: KnownMemberships,
  ): Promise<void> {
    let facts = { ...secretCallerFacts(p, org, secret), ...known };
    for (const need of needs) {
      let allowed = decideSecretAccess(need, secret.visibility, facts);
      if (allowed === undefined) {
        facts = { ...facts, ...(await this.repo.secretMemberships(org.id, secret.id, p.userId)) };
        allowed = decideSecretAccess(need, secret.visibility, facts);
      }
      if (!allowed) throw denied(need.level, secret.name);
    }
  }
}
