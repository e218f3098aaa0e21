import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import { SecretAccess } from '../access/secret-access';
import { OWN, READ } from '../access/secret-policy';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { NotFoundEmpty, ValidationFailed } from '../common/errors';
import { Paging } from '../common/paging';
import { GenericOperationResult, done } from '../common/results';
import { TransactionRunner } from '../database/transaction';
import { UsersRepository } from '../users/users.repository';
import type { SecretEntry, SecretStoreEntry } from './dto/secret-entry.dto';
import { STORE_TYPE } from './secret-form';
import { SecretLookup } from './secret-lookup';
import { SecretReadRepository } from './secret-read.repository';
import { toSecretEntry } from './secrets.mapper';
import { SecretsRepository } from './secrets.repository';

/** Metadata operations: get, list, delete, exists, stores. */
@Injectable()
export class SecretsService {
  constructor(
    private readonly lookup: SecretLookup,
    private readonly reads: SecretReadRepository,
    private readonly orgAccess: OrgAccess,
    private readonly access: SecretAccess,
    private readonly secrets: SecretsRepository,
    private readonly users: UsersRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLog,
  ) {}

  /** Metadata (v1 and v2): READER, not members-only. */
  async get(p: Principal, orgName: string, secretName: string): Promise<SecretEntry> {
    const found = await this.reads.findForMetadata(orgName, secretName, p.userId);
    if (!found) throw new ValidationFailed(`Organization not found: ${orgName}`);
    if (!found.secret) return this.access.missing(p, found.org, secretName, READ, found.caller);
    const { metadata, projects, owner } = found.secret;
    await this.access.assert(p, found.org, metadata, READ, found.caller);
    return toSecretEntry(metadata, found.org, projects, owner);
  }

  /** The list (v1 and v2): one page, three queries whatever its size (rows, their projects, their owners). */
  async list(p: Principal, orgName: string, paging: Paging): Promise<SecretEntry[]> {
    const org = await this.orgAccess.resolve(orgName);
    const rows = await this.secrets.list(org.id, paging, this.access.listFilter(p, org));
    const ids = rows.map((r) => r.id);
    const ownerIds = [...new Set(rows.map((r) => r.ownerId).filter((id): id is string => id !== null))];
    const [links, owners] = await Promise.all([
      this.secrets.linkedProjects(org.id, ids),
      this.users.findByIds(ownerIds),
    ]);
    const ownerById = new Map(owners.map((u) => [u.id, u]));
    return rows.map((r) =>
      toSecretEntry(
        r,
        org,
        links.filter((l) => l.secretId === r.id),
        r.ownerId ? ownerById.get(r.ownerId) : null,
      ),
    );
  }

  /** Delete: OWNER, members-only. */
  async delete(p: Principal, orgName: string, secretName: string): Promise<GenericOperationResult> {
    const { org, secret } = await this.lookup.find(p, orgName, secretName, true);
    await this.access.assert(p, org, secret, OWN);
    await this.tx.run(async (em) => {
      if (!(await this.secrets.delete(org.id, secret.id, em)))
        throw new NotFoundEmpty(`Secret not found: ${secretName}`);
      await this.audit.record(em, {
        object: 'SECRET',
        action: 'DELETE',
        details: { orgId: org.id, secretId: secret.id, name: secret.name },
      });
    });
    return done('DELETED');
  }

  /** The console's exists check: false (not 403) for non-members and for a missing org. */
  async exists(p: Principal, orgName: string, secretName: string): Promise<boolean> {
    const org = await this.orgAccess.resolve(orgName).catch(() => null);
    if (!org || !(await this.orgAccess.actsAsMember(p, org))) return false;
    return (await this.secrets.findByName(org.id, secretName)) !== null;
  }

  /** The enabled secret stores (`GET /api/v1/secret/store`): only Concord's own. */
  stores(): SecretStoreEntry[] {
    return [{ storeType: STORE_TYPE, description: 'Concord' }];
  }
}
