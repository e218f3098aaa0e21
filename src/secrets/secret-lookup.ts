import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../access/org-access';
import type { Principal } from '../identity/principal';
import { READ } from '../access/secret-policy';
import { SecretAccess } from '../access/secret-access';
import { NotFoundEmpty, ValidationFailed } from '../common/errors';
import type { OrgEntity } from '../orgs/org.entity';
import { ProjectsRepository } from '../projects/projects.repository';
import { isUuid } from '../common/names';
import { SecretMetadata, SecretsRepository } from './secrets.repository';
import type { EntityManager } from 'typeorm';

export interface OrgAndSecret {
  org: OrgEntity;
  secret: SecretMetadata;
}

/** Route prologues shared by the secrets services: the org (400 if missing), then the secret (404). */
@Injectable()
export class SecretLookup {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly access: SecretAccess,
    private readonly secrets: SecretsRepository,
    private readonly projects: ProjectsRepository,
  ) {}

  /**
   * `membersOnly` routes (create, update, delete) also require org membership; on the others a
   * missing secret answers a stranger as a PRIVATE one would (src/access/secret-policy.ts).
   */
  async find(p: Principal, orgName: string, secretName: string, membersOnly: boolean): Promise<OrgAndSecret> {
    const org = membersOnly ? await this.orgAccess.resolveAsMember(p, orgName) : await this.orgAccess.resolve(orgName);
    const secret = await this.secrets.findByName(org.id, secretName);
    if (secret) return { org, secret };
    if (membersOnly) throw new NotFoundEmpty(`Secret not found: ${secretName}`);
    return this.access.missing(p, org, secretName, READ);
  }

  /**
   * Resolves project references within the org: ids (must exist in this org, which Concord does not
   * check) or names. Unknown projects are a 400 that names them.
   */
  async resolveProjects(org: OrgEntity, ids: string[], names: string[], em?: EntityManager): Promise<string[]> {
    const resolved = new Set<string>();
    for (const id of ids) {
      if (!isUuid(id)) throw new ValidationFailed(`Invalid project id: ${id}`, 'projectIds');
      const project = await this.projects.findById(org.id, id.toLowerCase(), em);
      if (!project) throw new ValidationFailed(`Project '${id}' does not belong to organization '${org.name}'`);
      resolved.add(project.id);
    }
    for (const name of names) {
      const project = await this.projects.findByName(org.id, name, em);
      if (!project) throw new ValidationFailed(`Project not found: ${name}`);
      resolved.add(project.id);
    }
    return [...resolved];
  }
}
