import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { logger } from '../common/json-logger';
import { isUuid } from '../common/names';
import type { IntegrationKind } from './integration.entity';
import { IntegrationCredentials, IntegrationRow, IntegrationsRepository } from './integrations.repository';
import { SignatureRejected } from './signatures/signature-rejected';
import { SignatureReplaysRepository } from './signatures/signature-replays.repository';

export type CredentialCheck = (
  integration: IntegrationRow,
  credentials: IntegrationCredentials,
) => Promise<void> | void;

/**
 * The prologue of every /api/ext route: find the integration named in the path and run its
 * credential check before anything else. A refusal is a 401 with the reason and an audit event;
 * an unexpected error inside a check is still a refusal, never a 500.
 */
@Injectable()
export class IntegrationAuth {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly replays: SignatureReplaysRepository,
    private readonly audit: AuditLog,
  ) {}

  async authenticate(id: string, kind: IntegrationKind, check: CredentialCheck): Promise<IntegrationRow> {
    let orgId: string | undefined;
    try {
      if (!isUuid(id)) throw new SignatureRejected(`Unknown integration: ${id}`);
      const integration = await this.integrations.findById(id.toLowerCase());
      if (!integration || integration.kind !== kind) throw new SignatureRejected(`Unknown ${kind} integration: ${id}`);
      orgId = integration.orgId;
      const credentials = await this.integrations.credentials(integration.id);
      if (!credentials) throw new SignatureRejected(`Unknown ${kind} integration: ${id}`);
      await check(integration, credentials);
      return integration;
    } catch (error) {
      const rejection =
        error instanceof SignatureRejected
          ? error
          : new SignatureRejected('The request signature could not be verified');
      if (!(error instanceof SignatureRejected)) {
        logger.warn(`Signature check failed unexpectedly: ${(error as Error)?.message}`, 'IntegrationAuth');
      }
      await this.recordFailure(id, kind, orgId, rejection.message);
      throw rejection;
    }
  }

  /** Refuses a signature already accepted within its lifetime (on any replica). */
  async assertNotReplayed(integrationId: string, signatureKey: string, ttlSeconds: number): Promise<void> {
    if (!(await this.replays.remember(signatureKey, ttlSeconds))) {
      throw new SignatureRejected('This signature was already used: replayed requests are refused');
    }
  }

  private async recordFailure(id: string, kind: IntegrationKind, orgId: string | undefined, reason: string) {
    try {
      await this.audit.recordAccess({
        object: 'INTEGRATION',
        action: 'ACCESS',
        userId: null,
        details: { integrationId: id.slice(0, 64), kind, ...(orgId ? { orgId } : {}), reason },
      });
    } catch (error) {
      logger.error(`Could not audit a refused CI request: ${(error as Error)?.message}`, undefined, 'IntegrationAuth');
    }
  }
}
