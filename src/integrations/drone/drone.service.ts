import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { BadRequest } from '../../common/errors';
import { droneAesGcm, openIntegrationToken } from '../../crypto/integration-token';
import { constantTimeEqual, sha256Hex } from '../../crypto/random';
import { ServerKeyring } from '../../crypto/server-keyring.service';
import { CiSecrets, CiValue, eventAllowed } from '../ci-secrets';
import { IntegrationAuth } from '../integration-auth';
import { IntegrationsRepository } from '../integrations.repository';
import { objectAt, optionalObject, optionalString, stringAt } from '../signatures/request-body';
import { SignatureRejected, headerOf } from '../signatures/signature-rejected';
import { DRONE_REPLAY_TTL_SECONDS, verifyDroneSignature } from './drone-signature';

/** Drone 0.8's answer item (seed drone-global-secrets-endpoint.md), plus the 0.8 model's `image`. */
export interface DroneLegacySecret {
  name: string;
  value: string;
  event: string[];
  image: string[];
}

/** drone-go `drone.Secret`, with the deprecated `pull` and `fork` that runners still read. */
export interface DroneSecret {
  name: string;
  data: string;
  pull: boolean;
  pull_request: boolean;
  pull_request_push: boolean;
  fork: boolean;
}

export type DroneAnswer = { status: 200; json: DroneSecret } | { status: 200; encrypted: Buffer } | { status: 404 };

/** `name` of a Drone 1.x request → the part of the secret it asks for. */
const FIELDS: Record<string, CiValue['field']> = {
  '': 'value',
  value: 'value',
  username: 'username',
  password: 'password',
  private: 'private',
  public: 'public',
};

@Injectable()
export class DroneService {
  constructor(
    private readonly auth: IntegrationAuth,
    private readonly integrationsRepo: IntegrationsRepository,
    private readonly ciSecrets: CiSecrets,
    private readonly keyring: ServerKeyring,
  ) {}

  /** Drone 0.8 global secrets endpoint: the URL token is the only credential (Drone 0.8 signs nothing). */
  async legacy(id: string, token: string, body: unknown): Promise<DroneLegacySecret[]> {
    const integration = await this.auth.authenticate(id, 'drone-legacy', (_, credentials) => {
      if (!credentials.tokenHash || !constantTimeEqual(sha256Hex(token), credentials.tokenHash)) {
        throw new SignatureRejected('Invalid token for this Drone integration');
      }
    });
    const request = objectAt(body, '$');
    const repo = optionalObject(request.repo, 'repo');
    const event = stringAt(objectAt(request.build, 'build'), 'event', 'build.event');
    const repoName = optionalString(repo, 'name');
    const projectId = await this.integrationsRepo.projectFor(integration.orgId, { name: repoName });
    const values = await this.ciSecrets.lookup(integration, {
      projectId,
      event,
      context: { protocol: 'drone-0.8', repo: optionalString(repo, 'full_name') ?? repoName, event },
    });
    return values.map((v) => ({
      name: v.name,
      value: v.value,
      event: [...v.secret.events],
      image: [...v.secret.images],
    }));
  }

  /** Drone 1.x secret extension: one secret (`path`), one field (`name`), 404 when absent or not for this event. */
  async extension(req: Request, id: string): Promise<DroneAnswer> {
    let token: Buffer | undefined;
    const integration = await this.auth.authenticate(id, 'drone', async (row, credentials) => {
      if (!credentials.tokenSealed || !credentials.tokenKeyId)
        throw new SignatureRejected('The integration has no token');
      token = openIntegrationToken(this.keyring, row.id, {
        keyId: credentials.tokenKeyId,
        sealed: credentials.tokenSealed,
      });
      if (!token) throw new SignatureRejected('The integration token cannot be opened with the current server keys');
      const replayKey = verifyDroneSignature(req, row.id, token);
      await this.auth.assertNotReplayed(row.id, replayKey, DRONE_REPLAY_TTL_SECONDS);
    });
    const request = objectAt(req.body, '$');
    const path = stringAt(request, 'path', 'path');
    const fieldName = typeof request.name === 'string' ? request.name : '';
    const build = optionalObject(request.build, 'build');
    const repo = optionalObject(request.repo, 'repo');
    const event = optionalString(build, 'event');
    const field = FIELDS[fieldName.toLowerCase()];
    if (!field || event === undefined) return { status: 404 };

    const repoName = optionalString(repo, 'name');
    const projectId = await this.integrationsRepo.projectFor(integration.orgId, { name: repoName });
    const [value] = await this.ciSecrets.lookup(integration, {
      projectId,
      event,
      name: path,
      field,
      context: { protocol: 'drone', repo: optionalString(repo, 'slug') ?? repoName, event, field },
    });
    if (!value) return { status: 404 };
    const events = value.secret.events;
    const pull = eventAllowed(events, 'pull_request');
    const secret: DroneSecret = {
      name: fieldName || path,
      data: value.value,
      pull,
      pull_request: pull,
      pull_request_push: pull,
      // Fork pull requests only when the secret names pull requests explicitly.
      fork: events.length > 0 && pull,
    };
    if ((headerOf(req, 'accept-encoding') ?? '').toLowerCase().includes('aesgcm')) {
      const encrypted = droneAesGcm(token!, Buffer.from(JSON.stringify(secret), 'utf8'));
      if (!encrypted) throw new BadRequest('aesgcm needs a token of at least 32 characters');
      return { status: 200, encrypted };
    }
    return { status: 200, json: secret };
  }
}
