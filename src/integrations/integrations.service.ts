import { Injectable } from '@nestjs/common';
import { IntegrationAccess } from '../access/integration-access';
import type { IntegrationManagerFacts } from '../access/integration-policy';
import { OrgAccess } from '../access/org-access';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { NotFoundText, ValidationFailed } from '../common/errors';
import { assertValidName } from '../common/names';
import { GenericOperationResult, done } from '../common/results';
import { parseEd25519PublicKey } from '../crypto/http-signatures';
import { sealIntegrationToken } from '../crypto/integration-token';
import { randomToken, randomUuid, sha256Hex } from '../crypto/random';
import { ServerKeyring } from '../crypto/server-keyring.service';
import { TransactionRunner, isUniqueViolation } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import type { TeamEntity } from '../teams/team.entity';
import { TeamsRepository } from '../teams/teams.repository';
import { IntegrationCreateDto, IntegrationCreatedResult, IntegrationEntry } from './dto/integration.dto';
import { endpointOf } from './integration-endpoints';
import { IntegrationCredentials, IntegrationRow, IntegrationsRepository } from './integrations.repository';

/**
 * Integration management: admins, the org's owner and team OWNERs, each for the integrations they
 * may lend a team's reads to (src/access/integration-policy.ts).
 */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly access: IntegrationAccess,
    private readonly teams: TeamsRepository,
    private readonly integrations: IntegrationsRepository,
    private readonly keyring: ServerKeyring,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  async create(p: Principal, orgName: string, dto: IntegrationCreateDto): Promise<IntegrationCreatedResult> {
    const { org, managed } = await this.resolve(p, orgName);
    const name = assertValidName(dto.name, 'integration name', 'name');
    let team: TeamEntity | null = null;
    if (dto.teamName !== undefined) {
      team = await this.teams.findByName(org.id, dto.teamName);
      if (!team) throw new ValidationFailed(`Team not found: ${dto.teamName}`, 'teamName');
    }
    this.access.assertManages(managed, team);
    const teamId = team?.id ?? null;
    if (dto.kind === 'woodpecker' && dto.publicKey === undefined) {
      throw new ValidationFailed("'publicKey' is required for woodpecker integrations", 'publicKey');
    }
    if (dto.kind !== 'woodpecker' && dto.publicKey !== undefined) {
      throw new ValidationFailed(`'publicKey' is only used by woodpecker integrations`, 'publicKey');
    }
    if (dto.publicKey !== undefined && !parseEd25519PublicKey(dto.publicKey)) {
      throw new ValidationFailed("'publicKey' must be an Ed25519 public key in PEM (PUBLIC KEY) form", 'publicKey');
    }

    const id = randomUuid();
    const token = dto.kind === 'woodpecker' ? undefined : randomToken(32);
    const credentials: Partial<IntegrationCredentials> = {};
    if (dto.kind === 'drone-legacy') credentials.tokenHash = sha256Hex(token!);
    if (dto.kind === 'drone') {
      const sealed = sealIntegrationToken(this.keyring, id, token!);
      credentials.tokenSealed = sealed.sealed;
      credentials.tokenKeyId = sealed.keyId;
    }
    try {
      await this.tx.run(async (em) => {
        await this.integrations.insert(
          {
            id,
            orgId: org.id,
            name,
            kind: dto.kind,
            teamId,
            createdBy: p.userId,
            publicKey: dto.publicKey?.trim() ?? null,
            createdAt: new Date(),
            ...credentials,
          },
          em,
        );
        await this.audit.record(em, {
          object: 'INTEGRATION',
          action: 'CREATE',
          details: { orgId: org.id, integrationId: id, name, kind: dto.kind, teamId },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationFailed(`Integration already exists: ${name}`, 'name');
      throw error;
    }
    const result: IntegrationCreatedResult = {
      ok: true,
      result: 'CREATED',
      id,
      name,
      kind: dto.kind,
      endpoint: endpointOf(dto.kind, id, dto.kind === 'drone-legacy' ? token : undefined),
    };
    if (token !== undefined) result.token = token;
    return result;
  }

  /** The integrations the caller may manage (those bound to teams they do not own are left out). */
  async list(p: Principal, orgName: string): Promise<IntegrationEntry[]> {
    const { org, managed } = await this.resolve(p, orgName);
    const rows = this.access.manageable(managed, await this.integrations.list(org.id));
    return Promise.all(rows.map(async (r) => this.toEntry(org, r, await this.teamOf(org, r))));
  }

  async get(p: Principal, orgName: string, name: string): Promise<IntegrationEntry> {
    const { org, managed } = await this.resolve(p, orgName);
    const row = await this.find(org, name);
    const team = await this.teamOf(org, row);
    this.access.assertManages(managed, team);
    return this.toEntry(org, row, team);
  }

  async delete(p: Principal, orgName: string, name: string): Promise<GenericOperationResult> {
    const { org, managed } = await this.resolve(p, orgName);
    const row = await this.find(org, name);
    this.access.assertManages(managed, await this.teamOf(org, row));
    await this.tx.run(async (em) => {
      await this.integrations.delete(org.id, row.id, em);
      await this.audit.record(em, {
        object: 'INTEGRATION',
        action: 'DELETE',
        details: { orgId: org.id, integrationId: row.id, name: row.name, kind: row.kind },
      });
    });
    return done('DELETED');
  }

  private async find(org: OrgEntity, name: string): Promise<IntegrationRow> {
    const row = await this.integrations.findByName(org.id, name);
    if (!row) throw new NotFoundText(`Integration not found: ${name}`);
    return row;
  }

  /** The org, refused at once to callers who manage none of its integrations. */
  private async resolve(p: Principal, orgName: string): Promise<{ org: OrgEntity; managed: IntegrationManagerFacts }> {
    const org = await this.orgAccess.resolve(orgName);
    return { org, managed: await this.access.assertManagesSome(p, org) };
  }

  private async teamOf(org: OrgEntity, row: IntegrationRow): Promise<TeamEntity | null> {
    return row.teamId ? this.teams.findById(org.id, row.teamId) : null;
  }

  private toEntry(org: OrgEntity, row: IntegrationRow, team: TeamEntity | null): IntegrationEntry {
    const entry: IntegrationEntry = {
      id: row.id,
      name: row.name,
      kind: row.kind,
      orgName: org.name,
      endpoint: endpointOf(row.kind, row.id),
      createdAt: row.createdAt.toISOString(),
    };
    if (team) entry.teamName = team.name;
    if (row.publicKey) entry.publicKey = row.publicKey;
    if (row.createdBy) entry.createdBy = row.createdBy;
    return entry;
  }
}
