import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { IntegrationAccess } from '../../access/integration-access';
import { CI_CREATED_SECRET_LEVEL } from '../../access/integration-policy';
import { OrgAccess } from '../../access/org-access';
import { toPrincipal } from '../../auth/auth.service';
import type { Principal } from '../../identity/principal';
import { BadRequest, NotFoundText } from '../../common/errors';
import { MultipartForm } from '../../http/multipart';
import { currentRequest } from '../../common/request-context';
import { SecretChanges } from '../../secrets/secret-changes';
import { SecretCreateService } from '../../secrets/secret-create.service';
import { parseCiList } from '../../secrets/secret-form';
import { SecretUpdateService } from '../../secrets/secret-update.service';
import { SecretMetadata, SecretsRepository } from '../../secrets/secrets.repository';
import type { UserEntity } from '../../users/user.entity';
import { SecretsService } from '../../secrets/secrets.service';
import { UsersRepository } from '../../users/users.repository';
import { CiSecrets, CiValue } from '../ci-secrets';
import { IntegrationRow, IntegrationsRepository } from '../integrations.repository';
import { objectAt } from '../signatures/request-body';
import { WoodpeckerService } from './woodpecker.service';
import { SecretInput, WoodpeckerSecret, numericId, readSecretInput, toWoodpeckerSecret } from './woodpecker-secret';

interface RepoScope {
  integration: IntegrationRow;
  orgName: string;
  projectId: string;
  repoId: string;
}

const SUFFIXES: [string, CiValue['field']][] = [
  ['_username', 'username'],
  ['_password', 'password'],
  ['_public', 'public'],
];

/**
 * The alpha "secrets extension" CRUD routes (seed woodpecker-secrets-extension.md) for the repo
 * mapped to a project by `meta.woodpeckerRepoId`. Reads return that repo's CI secrets with values
 * (audited). Writes need what a user of the integration's team would need (src/access/
 * integration-policy.ts), go through the Concord secrets services recorded as the integration's
 * creator, and only touch secrets linked to the repo's project (org-wide secrets stay read-only).
 */
@Injectable()
export class WoodpeckerCrudService {
  constructor(
    private readonly woodpecker: WoodpeckerService,
    private readonly integrations: IntegrationsRepository,
    private readonly ciSecrets: CiSecrets,
    private readonly orgAccess: OrgAccess,
    private readonly access: IntegrationAccess,
    private readonly users: UsersRepository,
    private readonly secrets: SecretsRepository,
    private readonly creates: SecretCreateService,
    private readonly updates: SecretUpdateService,
    private readonly secretsService: SecretsService,
  ) {}

  async list(req: Request, id: string, repoId: string): Promise<WoodpeckerSecret[]> {
    const scope = await this.scope(req, id, repoId);
    const values = await this.ciSecrets.lookup(scope.integration, {
      projectId: scope.projectId,
      context: { protocol: 'woodpecker-crud', repoId },
    });
    return values.map((v) => toWoodpeckerSecret(v, repoId, true));
  }

  async get(req: Request, id: string, repoId: string, name: string): Promise<WoodpeckerSecret> {
    const scope = await this.scope(req, id, repoId);
    const candidates: [string, CiValue['field'] | undefined][] = [[name, undefined]];
    for (const [suffix, field] of SUFFIXES) {
      if (name.endsWith(suffix)) candidates.push([name.slice(0, -suffix.length), field]);
    }
    for (const [secretName, field] of candidates) {
      const values = await this.ciSecrets.lookup(scope.integration, {
        projectId: scope.projectId,
        name: secretName,
        field: field ?? (await this.primaryField(scope, secretName)),
        context: { protocol: 'woodpecker-crud', repoId },
      });
      const match = values.find((v) => v.name === name);
      if (match) return toWoodpeckerSecret(match, repoId, true);
    }
    throw new NotFoundText(`Secret not found: ${name}`);
  }

  async create(req: Request, id: string, repoId: string): Promise<WoodpeckerSecret> {
    const scope = await this.scope(req, id, repoId);
    const input = readSecretInput(objectAt(req.body, '$'));
    if (input.name === undefined) throw new BadRequest("'name' is required");
    if (input.value === undefined) throw new BadRequest("'value' is required");
    const p = this.actAs(this.access.assertCiCreate(scope.integration, await this.creatorOf(scope.integration)));
    const parts = [
      text('name', input.name),
      text('type', 'DATA'),
      { name: 'data', value: Buffer.from(input.value, 'utf8'), isFile: true },
      // Linked to the repo's project, so Concord routes only open it for global readers (project scope, docs/security-model.md#access-rules).
      text('visibility', 'PUBLIC'),
      text('projectIds', scope.projectId),
    ];
    if (input.events) parts.push(text('events', input.events.join(',')));
    if (input.images) parts.push(text('images', input.images.join(',')));
    // What an integration creates, its team owns, so the integration may later change and delete it.
    const owners = [{ teamId: scope.integration.teamId!, level: CI_CREATED_SECRET_LEVEL }];
    const created = await this.creates.create(p, scope.orgName, new MultipartForm(parts), owners);
    return this.written(scope, created.id, input);
  }

  async update(req: Request, id: string, repoId: string, name: string): Promise<WoodpeckerSecret> {
    const scope = await this.scope(req, id, repoId);
    const input = readSecretInput(objectAt(req.body, '$'));
    if (input.name !== undefined && input.name !== name)
      throw new BadRequest('Renaming a secret is not supported here');
    const secret = await this.ownedByRepo(scope, name);
    const p = await this.actAsWriter(scope.integration, 'update', secret);
    const limits = new MultipartForm([
      ...(input.events ? [text('events', input.events.join(','))] : []),
      ...(input.images ? [text('images', input.images.join(','))] : []),
    ]);
    const changes: SecretChanges = { events: parseCiList(limits, 'events'), images: parseCiList(limits, 'images') };
    if (input.value !== undefined) {
      const data = Buffer.from(input.value, 'utf8');
      changes.newPayload = async () => ({ type: 'DATA', data });
    }
    await this.updates.update(p, scope.orgName, name, changes);
    return this.written(scope, secret.id, { ...input, name });
  }

  async delete(req: Request, id: string, repoId: string, name: string): Promise<void> {
    const scope = await this.scope(req, id, repoId);
    const secret = await this.ownedByRepo(scope, name);
    const p = await this.actAsWriter(scope.integration, 'delete', secret);
    await this.secretsService.delete(p, scope.orgName, name);
  }

  /** Signature first, then the repo id and the project it maps to. */
  private async scope(req: Request, id: string, repoId: string): Promise<RepoScope> {
    const integration = await this.woodpecker.verify(req, id, true);
    if (!/^[0-9]{1,18}$/.test(repoId)) throw new BadRequest(`Invalid repository id: ${repoId}`);
    const projectId = await this.integrations.projectFor(integration.orgId, { woodpeckerId: repoId });
    if (!projectId) {
      throw new NotFoundText(`No project is mapped to Woodpecker repository ${repoId} (set meta.woodpeckerRepoId)`);
    }
    const org = await this.orgAccess.resolveById(integration.orgId);
    return { integration, orgName: org.name, projectId, repoId };
  }

  private async primaryField(scope: RepoScope, name: string): Promise<CiValue['field'] | undefined> {
    const secret = await this.secrets.findByName(scope.integration.orgId, name);
    if (secret?.type === 'DATA') return 'value';
    if (secret?.type === 'KEY_PAIR') return 'private';
    return undefined;
  }

  private async ownedByRepo(scope: RepoScope, name: string): Promise<SecretMetadata> {
    const secret = await this.secrets.findByName(scope.integration.orgId, name);
    if (!secret || !(await this.integrations.isLinkedTo(secret.id, scope.projectId))) {
      throw new NotFoundText(`Secret not found in repository ${scope.repoId}: ${name}`);
    }
    return secret;
  }

  /** A change is checked for the integration's team first, then made as its creator (whose own rights apply too). */
  private async actAsWriter(
    integration: IntegrationRow,
    kind: 'update' | 'delete',
    secret: SecretMetadata,
  ): Promise<Principal> {
    return this.actAs(await this.access.assertCiChange(integration, await this.creatorOf(integration), kind, secret));
  }

  private async creatorOf(integration: IntegrationRow): Promise<UserEntity | null> {
    return integration.createdBy ? this.users.findById(integration.createdBy) : null;
  }

  /** Writes are recorded as the user who registered the integration, and the usual checks apply to them. */
  private actAs(user: UserEntity): Principal {
    const p = toPrincipal(user, 'apikey');
    const ctx = currentRequest();
    if (ctx) ctx.principal = p;
    return p;
  }

  private async written(scope: RepoScope, secretId: string, input: SecretInput): Promise<WoodpeckerSecret> {
    const secret = await this.secrets.findByName(scope.integration.orgId, input.name!);
    return {
      id: numericId(secretId),
      org_id: 0,
      repo_id: Number(scope.repoId),
      name: input.name!,
      images: secret?.images ?? [],
      events: secret?.events ?? [],
    };
  }
}

function text(name: string, value: string) {
  return { name, value: Buffer.from(value, 'utf8'), isFile: false };
}
