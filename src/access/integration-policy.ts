import type { AccessLevel } from './levels';
import { OWN, SecretRequirement, WRITE, decideSecretAccess } from './secret-policy';

/** What deciding who manages an org's integrations depends on. */
export interface IntegrationManagerFacts {
  admin: boolean;
  orgOwner: boolean;
  /** The org's teams in which the caller is OWNER. */
  ownedTeamIds: ReadonlySet<string>;
}

/** Admins, the org's owner and any team OWNER manage integrations (each only some of them). */
export function managesSomeIntegration(f: IntegrationManagerFacts): boolean {
  return f.admin || f.orgOwner || f.ownedTeamIds.size > 0;
}

/**
 * An integration bound to a team is sent that team's PRIVATE secrets (and writes with its level),
 * so creating, reading or deleting one needs an admin, the org's owner, or an OWNER of that very
 * team. A team-less one sees only PUBLIC secrets: any team OWNER may manage it.
 */
export function managesIntegration(f: IntegrationManagerFacts, teamId: string | null): boolean {
  if (f.admin || f.orgOwner) return true;
  return teamId === null ? f.ownedTeamIds.size > 0 : f.ownedTeamIds.has(teamId);
}

/** The level an integration's team gets on a secret created through it: it owns what it creates. */
export const CI_CREATED_SECRET_LEVEL: AccessLevel = 'OWNER';

/** A write a CI server asks for through the Woodpecker CRUD routes. */
export type CiWrite =
  | { kind: 'create' }
  | {
      kind: 'update' | 'delete';
      visibility: 'PUBLIC' | 'PRIVATE';
      passwordProtected: boolean;
      /** The level the integration's team holds on the secret; undefined until gathered. */
      teamLevel?: AccessLevel | null;
    };

export type CiWriteDenial = 'no-team' | 'no-acting-user' | 'password-protected' | { missing: AccessLevel };

/**
 * Writes through an integration need what a user of its team would need: membership of the org to
 * create (its team is in the org), WRITER to update, OWNER to delete. A team-less integration does
 * not write at all, secrets protected by a store password are never touched (CI never sees them),
 * and the user who registered the integration (whom the writes are recorded as) must still be
 * active. `undefined`: the answer needs the team's level on the secret.
 */
export function ciWriteDenial(
  integration: { teamBound: boolean; actingUserActive: boolean },
  write: CiWrite,
): CiWriteDenial | null | undefined {
  if (!integration.teamBound) return 'no-team';
  if (!integration.actingUserActive) return 'no-acting-user';
  if (write.kind === 'create') return null;
  if (write.passwordProtected) return 'password-protected';
  const need: SecretRequirement = write.kind === 'update' ? WRITE : OWN;
  const allowed = decideSecretAccess(need, write.visibility, {
    admin: false,
    globalReader: false,
    globalWriter: false,
    secretOwner: false,
    orgOwner: false,
    orgMember: true,
    teamLevel: write.teamLevel,
  });
  if (allowed === undefined) return undefined;
  return allowed ? null : { missing: need.level };
}
