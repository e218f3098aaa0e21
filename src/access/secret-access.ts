import { Injectable } from '@nestjs/common';
import { Principal, isAdmin, isGlobalReader, isGlobalWriter } from '../auth/principal';
import { AccessDenied } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import type { AccessLevel } from '../secrets/secret.entity';
import type { SecretMetadata } from '../secrets/secrets.repository';
import { SecretsRepository } from '../secrets/secrets.repository';
import { TeamsRepository } from '../teams/teams.repository';

/** The org facts a decision needs (a full OrgEntity fits, and so do the hot paths' lean rows). */
export type SecretOrg = Pick<OrgEntity, 'id' | 'ownerId'>;

const LEVEL_ORDER: readonly AccessLevel[] = ['READER', 'WRITER', 'OWNER'];

export function levelAtLeast(held: AccessLevel, wanted: AccessLevel): boolean {
  return LEVEL_ORDER.indexOf(held) >= LEVEL_ORDER.indexOf(wanted);
}

/**
 * The one place that decides who may do what to a secret: Concord's `assertAccess` (secrets §3.2),
 * evaluated in the spec's order, denying by default.
 */
@Injectable()
export class SecretAccess {
  constructor(
    private readonly secrets: SecretsRepository,
    private readonly teams: TeamsRepository,
  ) {}

  async check(p: Principal, org: SecretOrg, secret: SecretMetadata, level: AccessLevel, membersOnly: boolean) {
    if (isAdmin(p)) return true;
    switch (level) {
      case 'READER':
        if (isGlobalReader(p)) return true;
        break;
      case 'WRITER':
        if (isGlobalWriter(p)) return true;
        break;
      case 'OWNER':
        break;
    }
    if (secret.ownerId !== null && secret.ownerId === p.userId) return true;
    if (
      membersOnly &&
      secret.visibility === 'PUBLIC' &&
      level === 'READER' &&
      (await this.teams.isOrgMember(org.id, p.userId))
    ) {
      return true;
    }
    if (org.ownerId !== null && org.ownerId === p.userId) return true;
    if (membersOnly || secret.visibility === 'PRIVATE') {
      const held = await this.secrets.teamLevelFor(secret.id, p.userId);
      return held !== null && levelAtLeast(held, level);
    }
    return true;
  }

  async assert(p: Principal, org: SecretOrg, secret: SecretMetadata, level: AccessLevel, membersOnly: boolean) {
    if (!(await this.check(p, org, secret, level, membersOnly))) {
      throw new AccessDenied(
        `The current user doesn't have the necessary access level (${level}) to the secret: ${secret.name}`,
      );
    }
  }

  /**
   * Project scoping (§3.5): a secret linked to projects is decrypted only by a global reader or by a
   * key bound to one of those projects (our stand-in for Concord's process session token). Admins
   * with a plain key are refused too, as in Concord.
   */
  assertProjectScope(p: Principal, secret: SecretMetadata, linkedProjectIds: readonly string[]): void {
    if (linkedProjectIds.length === 0 || isGlobalReader(p)) return;
    if (p.projectId && linkedProjectIds.includes(p.projectId)) return;
    if (p.projectId) {
      throw new AccessDenied(
        `Project-scoped secrets can only be accessed within the project they belong to. Secret: ${secret.name}`,
      );
    }
    throw new AccessDenied(
      `Project-scoped secrets can only be accessed within a running process. Secret: ${secret.name}`,
    );
  }
}
