import { Injectable } from '@nestjs/common';
import { OrgAccess } from '../../access/org-access';
import { AuditLog } from '../../audit/audit-log.service';
import type { Principal } from '../../identity/principal';
import { AppError } from '../../common/errors';
import { decodePayload } from '../../crypto/secret-payload';
import { SecretDataService } from '../../secrets/secret-data.service';
import { SecretsRepository } from '../../secrets/secrets.repository';
import { ValidationDetail, checkJob } from './metronome-job';

export interface ResolvedJobSecrets {
  env: Record<string, string>;
  files: { containerPath: string; data: string; mode: 'RO' }[];
}

export type ResolveOutcome = { ok: true; result: ResolvedJobSecrets } | { ok: false; details: ValidationDetail[] };

interface Opened {
  ref: string;
  orgId: string;
  secretId: string;
  name: string;
  type: 'DATA' | 'KEY_PAIR' | 'USERNAME_PASSWORD';
  bytes: Buffer;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Metronome-style job secrets: validates the job as Metronome does, then resolves every ref with the
 * caller's own rights. Any ref that fails makes the whole answer a 422 naming it: nothing is resolved.
 */
@Injectable()
export class MetronomeService {
  constructor(
    private readonly orgAccess: OrgAccess,
    private readonly data: SecretDataService,
    private readonly secrets: SecretsRepository,
    private readonly audit: AuditLog,
  ) {}

  async resolve(p: Principal, orgName: string, body: unknown): Promise<ResolveOutcome> {
    await this.orgAccess.resolve(orgName);
    const checked = checkJob(body);
    if (!checked.ok) return checked;
    const { env, volumes, sources } = checked.refs;

    const opened = new Map<string, Opened>();
    const details: ValidationDetail[] = [];
    for (const [ref, source] of sources) {
      try {
        opened.set(ref, await this.open(p, orgName, ref, source));
      } catch (error) {
        details.push({ path: `/secrets/${ref}/source`, errors: [unresolvable(ref, source, error)] });
      }
    }
    const result: ResolvedJobSecrets = { env: {}, files: [] };
    for (const [variable, ref] of env) {
      const secret = opened.get(ref);
      if (!secret) continue;
      const text = secret.type === 'DATA' ? utf8(secret.bytes) : undefined;
      if (text === undefined) {
        details.push({
          path: `/env/${variable}`,
          errors: [
            `Secret reference '${ref}' cannot be an environment variable: only UTF-8 text DATA secrets can; mount it as a file`,
          ],
        });
      } else result.env[variable] = text;
    }
    for (const volume of volumes) {
      const secret = opened.get(volume.ref);
      if (!secret) continue;
      const bytes = fileBytes(secret);
      if (!bytes) {
        details.push({
          path: `/volumes`,
          errors: [`Secret reference '${volume.ref}' cannot be a file: ${secret.type} secrets have no single value`],
        });
      } else result.files.push({ containerPath: volume.containerPath, data: bytes.toString('base64'), mode: 'RO' });
    }
    if (details.length > 0) return { ok: false, details };

    await Promise.all(
      [...opened.values()].map((s) =>
        this.audit.recordAccess({
          object: 'SECRET',
          action: 'ACCESS',
          details: { orgId: s.orgId, secretId: s.secretId, name: s.name, ref: s.ref, via: 'secret-refs/resolve' },
        }),
      ),
    );
    return { ok: true, result };
  }

  /** `name` or `/name` in the caller's org, `/otherOrg/name` elsewhere; read with the caller's rights. */
  private async open(p: Principal, orgName: string, ref: string, source: string): Promise<Opened> {
    const parts = source.replace(/^\//, '').split('/');
    if (parts.length > 2 || parts.some((s) => s.length === 0)) {
      throw new RefError(`'${source}' is not a secret path (expected name, /name or /org/name)`);
    }
    const [secretOrg, name] = parts.length === 2 ? parts : [orgName, parts[0]];
    const value = await this.data.read(p, secretOrg, name);
    const org = await this.orgAccess.resolve(secretOrg);
    const meta = await this.secrets.findByName(org.id, name);
    if (!meta) throw new RefError('the secret was deleted while it was being read');
    return { ref, orgId: org.id, secretId: meta.id, name, type: value.type, bytes: value.bytes };
  }
}

class RefError extends Error {}

function unresolvable(ref: string, source: string, error: unknown): string {
  if (error instanceof RefError || error instanceof AppError) {
    const reason = error.message || (error instanceof AppError && error.status === 404 ? 'not found' : 'refused');
    return `Secret reference '${ref}' (source '${source}') cannot be resolved: ${reason}`;
  }
  throw error;
}

function utf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function fileBytes(secret: Opened): Buffer | undefined {
  if (secret.type === 'DATA') return secret.bytes;
  if (secret.type === 'KEY_PAIR') {
    const payload = decodePayload('KEY_PAIR', secret.bytes);
    return payload.type === 'KEY_PAIR' ? payload.privateKey : undefined;
  }
  return undefined;
}
