import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CiSecrets } from '../ci-secrets';
import { IntegrationAuth } from '../integration-auth';
import { IntegrationRow, IntegrationsRepository } from '../integrations.repository';
import { objectAt, optionalId, optionalObject, optionalString } from '../signatures/request-body';
import { SignatureRejected } from '../signatures/signature-rejected';
import { verifyWoodpeckerSignature } from './woodpecker-signature';

export interface WoodpeckerExtensionSecret {
  name: string;
  value: string;
  images: string[];
  events: string[];
}

@Injectable()
export class WoodpeckerService {
  constructor(
    private readonly auth: IntegrationAuth,
    private readonly integrationsRepo: IntegrationsRepository,
    private readonly ciSecrets: CiSecrets,
  ) {}

  /** Verifies the Ed25519 signature (and refuses replays) before anything else is read. */
  verify(req: Request, id: string, allowCavage: boolean): Promise<IntegrationRow> {
    return this.auth.authenticate(id, 'woodpecker', async (row, credentials) => {
      if (!credentials.publicKey) throw new SignatureRejected('The integration has no public key');
      const verified = verifyWoodpeckerSignature(req, row.id, credentials.publicKey, allowCavage);
      await this.auth.assertNotReplayed(row.id, verified.replayKey, verified.ttlSeconds);
    });
  }

  /** Woodpecker 3.x secret extension: `{repo, pipeline, netrc?}` → the pipeline's secrets, or null (204). */
  async extension(req: Request, id: string): Promise<{ secrets: WoodpeckerExtensionSecret[] } | null> {
    const integration = await this.verify(req, id, false);
    // `netrc` holds the forge token: it is never read, logged or stored.
    const request = objectAt(req.body, '$');
    const repo = objectAt(request.repo, 'repo');
    const pipeline = optionalObject(request.pipeline, 'pipeline');
    const event = optionalString(pipeline, 'event');
    const repoName = optionalString(repo, 'name');
    const projectId = await this.integrationsRepo.projectFor(integration.orgId, {
      woodpeckerId: optionalId(repo, 'id'),
      name: repoName,
    });
    const values = await this.ciSecrets.lookup(integration, {
      projectId,
      event,
      context: { protocol: 'woodpecker', repo: optionalString(repo, 'full_name') ?? repoName, event },
    });
    if (values.length === 0) return null;
    return {
      secrets: values.map((v) => ({
        name: v.name,
        value: v.value,
        images: [...v.secret.images],
        events: [...v.secret.events],
      })),
    };
  }
}
