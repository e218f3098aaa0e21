import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { OrgAccess } from '../access/org-access';
import type { AccessLevel } from '../access/levels';
import { SecretAccess } from '../access/secret-access';
import { OWN, READ } from '../access/secret-policy';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { BadRequest, NotFoundText, ValidationFailed } from '../common/errors';
import { isUuid } from '../common/names';
import { GenericOperationResult, done } from '../common/results';
import { TransactionRunner } from '../database/transaction';
import type { OrgEntity } from '../orgs/org.entity';
import { TeamsRepository } from '../teams/teams.repository';
import { AccessEntryDto, AccessRuleEntry } from './dto/access-entry.dto';
import { SecretLookup } from './secret-lookup';
import { SecretsRepository } from './secrets.repository';

/** Team access rules on a secret (set one, list, replace all), with Concord's 500s turned into clear 4xx answers. */
@Injectable()
export class SecretAccessRulesService {
  constructor(
    private readonly lookup: SecretLookup,
    private readonly orgAccess: OrgAccess,
    private readonly access: SecretAccess,
    private readonly secrets: SecretsRepository,
    private readonly teams: TeamsRepository,
    private readonly audit: AuditLog,
    private readonly tx: TransactionRunner,
  ) {}

  /** The list: READER, not members-only. */
  async list(p: Principal, orgName: string, secretName: string): Promise<AccessRuleEntry[]> {
    const { org, secret } = await this.lookup.find(p, orgName, secretName, false);
    await this.access.assert(p, org, secret, READ);
    return this.secrets.listTeamAccess(org.id, secret.id);
  }

  /** Set one team (upsert), or `replace`: the list replaces every rule. OWNER, members-only. */
  async write(
    p: Principal,
    orgName: string,
    secretName: string,
    body: unknown,
    replace: boolean,
  ): Promise<GenericOperationResult> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    const secret = await this.secrets.findByName(org.id, secretName);
    if (!secret) throw new NotFoundText(`Secret not found: ${secretName}`);
    await this.access.assert(p, org, secret, OWN);
    const entries = await parseEntries(body, replace);
    const rules: { teamId: string; level: AccessLevel }[] = [];
    for (const entry of entries) rules.push({ teamId: await this.resolveTeam(org, entry), level: entry.level });
    await this.tx.run(async (em) => {
      if (!(await this.secrets.lockForChange(org.id, secret.id, em))) {
        throw new NotFoundText(`Secret not found: ${secretName}`);
      }
      await this.secrets.writeTeamAccess(secret.id, rules, replace, em);
      await this.audit.record(em, {
        object: 'SECRET',
        action: 'UPDATE',
        details: {
          orgId: org.id,
          secretId: secret.id,
          name: secret.name,
          access: { replace, teams: rules.map((r) => ({ id: r.teamId, level: r.level })) },
        },
      });
    });
    return done('UPDATED');
  }

  /** A team of the secret's own org, by id or by (org, name); anything else is a 400 naming it. */
  private async resolveTeam(org: OrgEntity, entry: AccessEntryDto): Promise<string> {
    if (entry.teamId) {
      const team = await this.teams.findById(org.id, entry.teamId.toLowerCase());
      if (!team) throw new ValidationFailed(`Team not found in organization '${org.name}': ${entry.teamId}`);
      return team.id;
    }
    if (!entry.teamName) throw new ValidationFailed('You must specify a team id, or an organization and a team name.');
    if (entry.orgName && entry.orgName !== org.name) {
      throw new ValidationFailed(`Team '${entry.teamName}' must belong to the secret's organization '${org.name}'`);
    }
    const team = await this.teams.findByName(org.id, entry.teamName);
    if (!team) throw new ValidationFailed(`Team not found: ${entry.teamName}`);
    return team.id;
  }
}

/** Concord's ResourceAccessEntry body: one entry, or (`replace`) the array that replaces every rule. */
export async function parseEntries(body: unknown, replace: boolean): Promise<AccessEntryDto[]> {
  let raw: unknown[] = [body];
  if (replace) {
    // No body (or JSON null, which the strict JSON parser turns away) is Concord's "null list".
    const empty = body === null || body === undefined || (typeof body === 'object' && Object.keys(body).length === 0);
    if (empty && !Array.isArray(body)) throw new BadRequest('List of teams is null.');
    if (!Array.isArray(body)) throw new BadRequest('Expected a JSON array of access entries');
    raw = body;
  }
  const entries: AccessEntryDto[] = [];
  for (const [index, item] of raw.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new ValidationFailed('Expected an access entry object', replace ? `[${index}]` : '*');
    }
    const dto = plainToInstance(AccessEntryDto, item);
    const errors = await validate(dto);
    if (errors.length > 0) {
      const first = errors[0];
      const message = Object.values(first.constraints ?? {})[0] ?? 'invalid value';
      throw new ValidationFailed(message, replace ? `[${index}].${first.property}` : first.property);
    }
    if (dto.teamId && !isUuid(dto.teamId)) throw new ValidationFailed(`Invalid team id: ${dto.teamId}`, 'teamId');
    entries.push(dto);
  }
  return entries;
}
