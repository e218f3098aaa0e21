import { Injectable } from '@nestjs/common';
import type { Principal } from '../identity/principal';
import { AccessDenied } from '../common/errors';
import { AccessRepository } from './access.repository';
import {
  CiWrite,
  CiWriteDenial,
  IntegrationManagerFacts,
  ciWriteDenial,
  managesIntegration,
  managesSomeIntegration,
} from './integration-policy';
import { isOwner } from './org-policy';
import { isAdmin } from './roles';

interface OrgRef {
  id: string;
  name: string;
  ownerId: string | null;
}

/** The secret a CI write targets. */
export interface CiWriteTarget {
  id: string;
  name: string;
  visibility: 'PUBLIC' | 'PRIVATE';
  encryptedBy: 'SERVER_KEY' | 'PASSWORD';
}

/** Managing integrations, and what an integration may write (rules in integration-policy.ts). */
@Injectable()
export class IntegrationAccess {
  constructor(private readonly repo: AccessRepository) {}

  /** The first check of every management route: 403 for callers who manage none of the org's integrations. */
  async assertManagesSome(p: Principal, org: OrgRef): Promise<IntegrationManagerFacts> {
    const facts: IntegrationManagerFacts = {
      admin: isAdmin(p),
      orgOwner: isOwner(p, org.ownerId),
      ownedTeamIds: new Set(),
    };
    // Admins and the org's owner manage every integration: their teams do not matter.
    if (!facts.admin && !facts.orgOwner) {
      facts.ownedTeamIds = (await this.repo.teamStanding(org.id, null, p.userId)).ownedTeamIds;
    }
    if (!managesSomeIntegration(facts)) {
      throw new AccessDenied(`Only the owners of the organization may manage its integrations: ${org.name}`);
    }
    return facts;
  }

  /** The integration's team (null: none) must be one the caller may lend to a CI server. */
  assertManages(facts: IntegrationManagerFacts, team: { id: string; name: string } | null): void {
    if (!managesIntegration(facts, team?.id ?? null)) {
      throw new AccessDenied(
        `Only an admin, the organization's owner or an OWNER of team '${team?.name ?? ''}' may manage integrations bound to it`,
      );
    }
  }

  /** The rows of a listing the caller may manage. */
  manageable<T extends { teamId: string | null }>(facts: IntegrationManagerFacts, rows: T[]): T[] {
    return rows.filter((r) => managesIntegration(facts, r.teamId));
  }

  /** A secret created through the Woodpecker CRUD routes; returns the user the write is recorded as. */
  assertCiCreate<U extends { disabled: boolean }>(integration: { teamId: string | null }, actingUser: U | null): U {
    const denial = ciWriteDenial(this.ciFacts(integration, actingUser), { kind: 'create' });
    if (denial === null && actingUser !== null) return actingUser;
    throw ciDenied(denial ?? 'no-acting-user', '');
  }

  /** A secret updated or deleted through the Woodpecker CRUD routes; returns the user the write is recorded as. */
  async assertCiChange<U extends { disabled: boolean }>(
    integration: { teamId: string | null },
    actingUser: U | null,
    kind: 'update' | 'delete',
    secret: CiWriteTarget,
  ): Promise<U> {
    const facts = this.ciFacts(integration, actingUser);
    const write: CiWrite = {
      kind,
      visibility: secret.visibility,
      passwordProtected: secret.encryptedBy === 'PASSWORD',
    };
    let denial = ciWriteDenial(facts, write);
    if (denial === undefined && integration.teamId !== null) {
      const teamLevel = await this.repo.teamLevelOnSecret(secret.id, integration.teamId);
      denial = ciWriteDenial(facts, { ...write, teamLevel });
    }
    if (denial === null && actingUser !== null) return actingUser;
    // Still undecided (no level could be read): deny, as every rule does by default.
    throw ciDenied(denial ?? { missing: kind === 'update' ? 'WRITER' : 'OWNER' }, secret.name);
  }

  private ciFacts(integration: { teamId: string | null }, actingUser: { disabled: boolean } | null) {
    return { teamBound: integration.teamId !== null, actingUserActive: actingUser !== null && !actingUser.disabled };
  }
}

function ciDenied(denial: CiWriteDenial, secretName: string): AccessDenied {
  if (denial === 'no-team') {
    return new AccessDenied('This integration is bound to no team and cannot write secrets: bind one to a team');
  }
  if (denial === 'no-acting-user') {
    return new AccessDenied('The user who registered this integration no longer exists or is disabled');
  }
  if (denial === 'password-protected') {
    return new AccessDenied(`Secrets protected by a store password are never changed through CI: ${secretName}`);
  }
  return new AccessDenied(
    `The integration's team doesn't have the necessary access level (${denial.missing}) to the secret: ${secretName}`,
  );
}
