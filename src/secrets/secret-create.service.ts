import { Inject, Injectable } from '@nestjs/common';
import type { AccessLevel } from '../access/levels';
import { OrgAccess } from '../access/org-access';
import { AuditLog } from '../audit/audit-log.service';
import type { Principal } from '../identity/principal';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BadRequest, ValidationFailed } from '../common/errors';
import type { MultipartForm } from '../http/multipart';
import { assertValidName } from '../common/names';
import { randomUuid } from '../crypto/random';
import { SecretCrypto } from '../crypto/secret-crypto.service';
import { encodePayload } from '../crypto/secret-payload';
import { SshKeys } from '../crypto/ssh-keys';
import { generateStorePassword } from '../crypto/store-password';
import { isUniqueViolation } from '../database/transaction';
import type { SecretCreatedResult } from './dto/secret-entry.dto';
import { parseCiList, parseSecretType, parseStoreType, parseVisibility, readPayload } from './secret-form';
import { SecretLookup } from './secret-lookup';
import { SecretsRepository, toSealedColumns } from './secrets.repository';
import { storePasswordProblem } from './store-password-rules';

/** Creates a secret from a multipart form, in Concord's order of checks (docs/compatibility.md#creating-a-secret). */
@Injectable()
export class SecretCreateService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly orgAccess: OrgAccess,
    private readonly lookup: SecretLookup,
    private readonly secrets: SecretsRepository,
    private readonly crypto: SecretCrypto,
    private readonly keys: SshKeys,
    private readonly audit: AuditLog,
  ) {}

  /** `rules`: team rules the new secret starts with (a CI integration's team owns what it creates). */
  async create(
    p: Principal,
    orgName: string,
    form: MultipartForm,
    rules: readonly { teamId: string; level: AccessLevel }[] = [],
  ): Promise<SecretCreatedResult> {
    const org = await this.orgAccess.resolveAsMember(p, orgName);
    const type = parseSecretType(form.text('type'));
    const storeType = parseStoreType(form.text('storeType'));
    const name = form.text('name');
    if (name === undefined) throw new BadRequest('name not specified');
    assertValidName(name, 'secret name', 'name');
    if (await this.secrets.nameTaken(org.id, name)) throw new ValidationFailed(`Secret already exists: ${name}`);

    let storePassword = form.payloadText('storePassword');
    if (storePassword !== undefined) {
      const problem = storePasswordProblem(storePassword, p.username);
      if (problem) throw new BadRequest(`Invalid password: ${problem}`);
    } else if (form.bool('generatePassword')) {
      storePassword = generateStorePassword();
    }
    const visibility = parseVisibility(form.text('visibility')) ?? this.config.secrets.defaultVisibility;
    const projectIds = await this.lookup.resolveProjects(org, ...projectRefs(form));
    const events = parseCiList(form, 'events') ?? [];
    const images = parseCiList(form, 'images') ?? [];
    const { payload, publicKey } = await readPayload(form, type, this.keys, this.config.secrets.maxDataSize);

    const id = randomUuid();
    const sealed = await this.crypto.seal(id, encodePayload(payload), storePassword);
    try {
      await this.secrets.insertAudited(
        {
          id,
          orgId: org.id,
          name,
          type,
          storeType,
          visibility,
          ownerId: p.userId,
          events,
          images,
          createdAt: new Date(),
          lastUpdatedAt: null,
          ...toSealedColumns(sealed),
        },
        projectIds,
        this.audit.rowFor({
          object: 'SECRET',
          action: 'CREATE',
          details: {
            orgId: org.id,
            secretId: id,
            name,
            type,
            storeType,
            projectIds,
            encryptedBy: sealed.encryptedBy,
            ...(rules.length > 0 ? { access: { teams: rules.map((r) => ({ id: r.teamId, level: r.level })) } } : {}),
          },
        }),
        rules,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new ValidationFailed(`Secret already exists: ${name}`);
      throw error;
    }
    const result: SecretCreatedResult = { ok: true, id, result: 'CREATED' };
    if (storePassword !== undefined) result.password = storePassword;
    if (publicKey !== undefined) result.publicKey = publicKey;
    return result;
  }
}

/** The project fields of a form: `projectIds`/`projects`, else the legacy single `projectId`/`project`. */
export function projectRefs(form: MultipartForm): [string[], string[]] {
  const ids = form.list('projectIds') ?? [];
  const names = ids.length === 0 ? (form.list('projects') ?? []) : [];
  if (ids.length > 0 || names.length > 0) return [ids, names];
  const legacyId = form.text('projectId');
  const legacyName = form.text('project');
  return [legacyId ? [legacyId] : [], legacyId ? [] : legacyName ? [legacyName] : []];
}
