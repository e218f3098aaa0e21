import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log.service';
import { logger } from '../common/json-logger';
import { SecretCrypto } from '../crypto/secret-crypto.service';
import { SecretPayload, decodePayload } from '../crypto/secret-payload';
import { SecretsRepository } from '../secrets/secrets.repository';
import { CiSecretRow, IntegrationRow, IntegrationsRepository } from './integrations.repository';

/** One value as CI systems see it: a secret may yield several (`x_username`, `x_password`). */
export interface CiValue {
  name: string;
  value: string;
  /** The secret it came from, with the CI limits stored on it. */
  secret: CiSecretRow;
  /** Which part of the secret: `value` (DATA), `username`/`password`, `private`/`public`. */
  field: 'value' | 'username' | 'password' | 'private' | 'public';
}

export interface CiLookup {
  projectId: string | null;
  /** Only secrets allowed for this event (an empty `events` list allows every event). */
  event?: string;
  /** Only this secret. */
  name?: string;
  /** Only this part of it (Drone 1.x asks for one field). */
  field?: CiValue['field'];
  /** Extra audit facts (repo, event, protocol). */
  context: Record<string, unknown>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Chooses, opens and audits the secrets an integration is sent (ci-adapters.md "Integrations").
 * Every secret sent has its ACCESS event stored before the values are returned (fail closed).
 */
@Injectable()
export class CiSecrets {
  constructor(
    private readonly integrations: IntegrationsRepository,
    private readonly secrets: SecretsRepository,
    private readonly crypto: SecretCrypto,
    private readonly audit: AuditLog,
  ) {}

  async lookup(integration: IntegrationRow, q: CiLookup): Promise<CiValue[]> {
    const rows = await this.integrations.ciSecrets(integration.orgId, integration.teamId, q.projectId, q.name);
    const allowed = rows.filter((r) => q.event === undefined || eventAllowed(r.events, q.event));
    const values: CiValue[] = [];
    const sent: CiSecretRow[] = [];
    for (const row of allowed) {
      const payload = await this.open(integration.orgId, row);
      if (!payload) continue;
      const expanded = expand(row, payload).filter((v) => q.field === undefined || v.field === q.field);
      if (expanded.length === 0) continue;
      values.push(...expanded);
      sent.push(row);
    }
    await Promise.all(
      sent.map((row) =>
        this.audit.recordAccess({
          object: 'SECRET',
          action: 'ACCESS',
          userId: null,
          details: {
            orgId: integration.orgId,
            secretId: row.id,
            name: row.name,
            integrationId: integration.id,
            integrationKind: integration.kind,
            ...q.context,
          },
        }),
      ),
    );
    return values;
  }

  private async open(orgId: string, row: CiSecretRow): Promise<SecretPayload | undefined> {
    const sealed = await this.secrets.findSealed(orgId, row.id);
    if (!sealed || sealed.encryptedBy !== 'SERVER_KEY') return undefined;
    try {
      return decodePayload(row.type, await this.crypto.open(row.id, sealed));
    } catch (error) {
      logger.warn(`Secret ${row.id} could not be opened for CI: ${(error as Error)?.message}`, 'CiSecrets');
      return undefined;
    }
  }
}

/** Glob match (`*`, `?`) of the secret's event patterns against the build event; empty allows all. */
export function eventAllowed(patterns: readonly string[], event: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => globToRegExp(p).test(event));
}

function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** DATA as UTF-8 text (skipped with a log line when it is not); pairs as two values. */
function expand(row: CiSecretRow, payload: SecretPayload): CiValue[] {
  const v = (name: string, value: string, field: CiValue['field']): CiValue => ({ name, value, secret: row, field });
  switch (payload.type) {
    case 'DATA':
      try {
        return [v(row.name, UTF8.decode(payload.data), 'value')];
      } catch {
        logger.log(`Secret ${row.id} is not UTF-8 text: not sent to CI`, 'CiSecrets');
        return [];
      }
    case 'USERNAME_PASSWORD':
      return [
        v(`${row.name}_username`, payload.username, 'username'),
        v(`${row.name}_password`, payload.password, 'password'),
      ];
    case 'KEY_PAIR':
      return [
        v(row.name, payload.privateKey.toString('utf8'), 'private'),
        v(`${row.name}_public`, payload.publicKey.toString('utf8'), 'public'),
      ];
  }
}
