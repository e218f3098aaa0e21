import { Inject, Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import { SecretAccess } from '../access/secret-access';
import { WRITE } from '../access/secret-policy';
import { AuditLog } from '../audit/audit-log.service';
import { FailureLimiter } from '../auth/failure-limiter';
import type { Principal } from '../identity/principal';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BadRequest, NotFoundEmpty, PayloadTooLarge, ValidationFailed } from '../common/errors';
import { assertValidName } from '../common/names';
import { GenericOperationResult, done } from '../common/results';
import { SealedSecret, SecretCrypto } from '../crypto/secret-crypto.service';
import { concordLegacyDerivation } from '../crypto/concord-legacy';
import { encodePayload } from '../crypto/secret-payload';
import { TransactionRunner, isUniqueViolation } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import { UserLookup } from '../users/user-lookup';
import { SecretChanges } from './secret-changes';
import { SecretDataService, fetchError, rightPassword, wrongPassword } from './secret-data.service';
import { SecretLookup } from './secret-lookup';
import { SecretMetadata, SecretsRepository } from './secrets.repository';

/** Both updates (v1 JSON, v2 multipart): Concord's semantics (docs/compatibility.md#updating-a-secret) with its bugs fixed, applied in one transaction. */
@Injectable()
export class SecretUpdateService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lookup: SecretLookup,
    private readonly orgAccess: OrgAccess,
    private readonly access: SecretAccess,
    private readonly secrets: SecretsRepository,
    private readonly data: SecretDataService,
    private readonly crypto: SecretCrypto,
    private readonly userLookup: UserLookup,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
    private readonly failures: FailureLimiter,
  ) {}

  async update(
    p: Principal,
    orgName: string,
    secretName: string,
    changes: SecretChanges,
  ): Promise<GenericOperationResult> {
    const { org, secret } = await this.lookup.find(p, orgName, secretName, true);
    await this.access.assert(p, org, secret, WRITE);

    const targetOrg = await this.resolveTargetOrg(p, org, changes);
    const moving = targetOrg.id !== org.id;
    const projectIds = await this.resolveProjectLinks(targetOrg, moving, changes);

    let ownerId: string | undefined;
    if (changes.owner) {
      const owner = await this.userLookup.resolve(changes.owner, p.userType);
      if (owner.id !== secret.ownerId) ownerId = owner.id;
    }
    const publishes = secret.visibility === 'PRIVATE' && changes.visibility === 'PUBLIC';
    await this.access.assertUpdate(p, org, secret, { publishes, moves: moving, changesOwner: ownerId !== undefined });

    const sealed = await this.resealIfNeeded(org, secret, changes);

    const newName = changes.name !== undefined && changes.name !== secret.name ? changes.name : undefined;
    if (newName !== undefined) assertValidName(newName, 'secret name', 'name');
    const finalName = newName ?? secret.name;
    if (newName !== undefined || moving) {
      const clash = await this.secrets.findByName(targetOrg.id, finalName);
      if (clash && clash.id !== secret.id) throw new ValidationFailed(`Secret already exists: ${finalName}`);
    }

    try {
      await this.tx.run(async (em) => {
        if (!(await this.secrets.lockForChange(org.id, secret.id, em))) {
          throw new NotFoundEmpty(`Secret not found: ${secretName}`);
        }
        await this.secrets.updateMetadata(
          org.id,
          secret.id,
          {
            ...(newName !== undefined ? { name: newName } : {}),
            ...(changes.visibility ? { visibility: changes.visibility } : {}),
            ...(changes.events ? { events: changes.events } : {}),
            ...(changes.images ? { images: changes.images } : {}),
            ...(ownerId ? { ownerId } : {}),
            ...(sealed ? { type: sealed.type } : {}),
          },
          em,
        );
        if (sealed) await this.secrets.updateSealed(org.id, secret.id, sealed.sealed, em);
        if (projectIds !== undefined) await this.secrets.replaceProjects(org.id, secret.id, projectIds, em);
        if (moving) {
          await this.secrets.clearTeamAccess(org.id, secret.id, em);
          await this.secrets.updateMetadata(org.id, secret.id, { orgId: targetOrg.id }, em);
        }
        await this.audit.record(em, {
          object: 'SECRET',
          action: 'UPDATE',
          details: {
            orgId: org.id,
            secretId: secret.id,
            name: secret.name,
            changes: fieldDiff(secret, { newName, targetOrg, moving, ownerId, projectIds, changes, sealed }),
            updated: { data: changes.newPayload !== undefined, password: changes.newStorePassword !== undefined },
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationFailed(`Secret already exists: ${finalName}`);
      throw error;
    }
    return done('UPDATED');
  }

  /** A move needs membership of the target org too: a secret only moves between orgs its mover belongs to. */
  private async resolveTargetOrg(p: Principal, org: OrgEntity, changes: SecretChanges): Promise<OrgEntity> {
    const target = changes.targetOrg;
    if (!target) return org;
    if (target.id === org.id || target.name === org.name) return org;
    const resolved = target.id
      ? await this.orgAccess.resolveById(target.id)
      : await this.orgAccess.resolve(target.name!);
    if (resolved.id !== org.id) await this.orgAccess.assertMember(p, resolved);
    return resolved;
  }

  /** undefined keeps the links; a move without project fields drops them (they belong to the old org). */
  private async resolveProjectLinks(targetOrg: OrgEntity, moving: boolean, changes: SecretChanges) {
    const projects = changes.projects;
    if (projects === 'remove') return [];
    if (projects) return this.lookup.resolveProjects(targetOrg, projects.ids, projects.names);
    return moving ? [] : undefined;
  }

  /**
   * New data or a new store password. The encryption mode never changes (server key stays server key, password stays password); a password
   * change re-wraps the data key without re-encrypting the data.
   */
  private async resealIfNeeded(
    org: OrgEntity,
    secret: SecretMetadata,
    changes: SecretChanges,
  ): Promise<{ sealed: SealedSecret; type: SecretMetadata['type'] } | undefined> {
    const { storePassword, newStorePassword } = changes;
    const isPasswordSecret = secret.encryptedBy === 'PASSWORD';
    if (!isPasswordSecret && (storePassword !== undefined || newStorePassword !== undefined)) {
      throw new BadRequest("The secret is encrypted with the server's key, the 'storePassword' cannot be changed");
    }
    if (changes.newPayload) {
      if (isPasswordSecret && storePassword === undefined) {
        throw new BadRequest("Updating the secret's data requires the original 'storePassword'");
      }
      if (isPasswordSecret) await this.data.decrypt(org.id, secret, storePassword);
      const payload = await changes.newPayload();
      if (payload.type === 'DATA' && payload.data.length > this.config.secrets.maxDataSize) {
        throw new PayloadTooLarge(`File size exceeds limit of ${this.config.secrets.maxDataSize} bytes`);
      }
      const password = isPasswordSecret ? (newStorePassword ?? storePassword) : undefined;
      return { sealed: await this.crypto.seal(secret.id, encodePayload(payload), password), type: payload.type };
    }
    if (newStorePassword !== undefined) {
      if (storePassword === undefined) {
        throw new BadRequest("Changing the store password requires the current 'storePassword'");
      }
      const current = await this.currentSealed(org, secret, storePassword);
      let sealed: SealedSecret | undefined;
      await this.failures.attempt('store-password', secret.id, async () => {
        sealed = await rightPassword(() =>
          this.crypto.rewrapWithPassword(secret.id, current, storePassword, newStorePassword),
        );
        return sealed !== undefined;
      });
      if (!sealed) throw wrongPassword(secret.name);
      return { sealed, type: secret.type };
    }
    return undefined;
  }

  /**
   * The row to re-wrap. One imported from Concord and not yet re-sealed has no data key to re-wrap:
   * a read with the current password re-seals it first (counted for the lockout like any read).
   */
  private async currentSealed(org: OrgEntity, secret: SecretMetadata, storePassword: string): Promise<SealedSecret> {
    let current = await this.secrets.findSealed(org.id, secret.id);
    if (current && concordLegacyDerivation(current)) {
      await this.data.decrypt(org.id, secret, storePassword);
      current = await this.secrets.findSealed(org.id, secret.id);
      if (current && concordLegacyDerivation(current)) {
        throw new BadRequest(
          `The secret '${secret.name}' was imported from Concord and its store password cannot be confirmed ` +
            "on its own: send the data again with 'storePassword' and 'newStorePassword'",
        );
      }
    }
    if (!current) throw fetchError(secret.name, 'the secret was deleted while it was being updated');
    return current;
  }
}

interface Applied {
  newName?: string;
  targetOrg: OrgEntity;
  moving: boolean;
  ownerId?: string;
  projectIds?: string[];
  changes: SecretChanges;
  sealed?: { type: SecretMetadata['type'] };
}

/** The audit diff of metadata fields: old and new values of names, ids and flags, never data. */
function fieldDiff(secret: SecretMetadata, a: Applied): Record<string, { old: unknown; new: unknown }> {
  const diff: Record<string, { old: unknown; new: unknown }> = {};
  if (a.newName !== undefined) diff.name = { old: secret.name, new: a.newName };
  if (a.moving) diff.orgId = { old: secret.orgId, new: a.targetOrg.id };
  if (a.ownerId) diff.ownerId = { old: secret.ownerId, new: a.ownerId };
  if (a.changes.visibility && a.changes.visibility !== secret.visibility) {
    diff.visibility = { old: secret.visibility, new: a.changes.visibility };
  }
  if (a.projectIds !== undefined) diff.projectIds = { old: null, new: a.projectIds };
  if (a.changes.events) diff.events = { old: secret.events, new: a.changes.events };
  if (a.changes.images) diff.images = { old: secret.images, new: a.changes.images };
  if (a.sealed && a.sealed.type !== secret.type) diff.type = { old: secret.type, new: a.sealed.type };
  return diff;
}
