import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.service';
import { ROLES } from '../identity/principal';
import type { SecretCrypto } from '../crypto/secret-crypto.service';
import { USER_TYPES } from '../users/user.entity';
import { ConcordKeys, planSecret } from './concord-secret-plan';
import { ImportAborted } from './concord-schema';
import type { ConcordOrg, ConcordOrgContent, ConcordSource } from './concord-source';
import { ImportReport, OrgReport } from './import-report';
import { ImportRecords } from './import-records';
import { ImportUnits } from './import-units';
import { API_KEYS, ImportWriter, Row, USERS } from './import-writer';
import { DATA_BATCH, DELETED_HERE, OrgImport, UserFacts } from './org-import';

export interface ImportOptions {
  /** Import only these orgs (and the users they refer to); empty: everything. */
  orgNames: string[];
  dryRun: boolean;
  keys: ConcordKeys;
}

/**
 * Moves a Concord database into Strongroom (README, "Moving from Concord"): users and their API key
 * hashes in one transaction, then each org (teams, members, projects, secrets, project links, team
 * rules) in a transaction of its own. Concord's ids are kept, and a later run applies only what
 * changed in Concord since the last one (see import-records.ts).
 */
export class ConcordImporter {
  constructor(
    private readonly source: ConcordSource,
    private readonly dataSource: DataSource,
    private readonly crypto: SecretCrypto,
    private readonly audit: AuditLog,
    private readonly options: ImportOptions,
    private readonly progress: (line: string) => void = () => undefined,
  ) {}

  async run(): Promise<ImportReport> {
    const report = new ImportReport(this.source.description, this.options.dryRun);
    const orgs = this.selectOrgs(await this.source.orgs());
    const contents = new Map<string, ConcordOrgContent>();
    for (const org of orgs) contents.set(org.id, await this.source.orgContent(org.id));
    await this.checkServerPassword(orgs, contents);

    const wanted =
      this.options.orgNames.length > 0 ? await this.source.referencedUserIds(orgs.map((o) => o.id)) : undefined;
    const records = await ImportRecords.load(this.dataSource);
    const units = await ImportUnits.start(this.dataSource, this.options.dryRun);
    try {
      this.progress('Importing users and API keys...');
      const users: UserFacts = {
        imported: await units.run((em) => this.importUsers(new ImportWriter(em, records), wanted, report)),
        concord: await this.source.userIds(),
      };
      for (const [index, org] of orgs.entries()) {
        this.progress(`Importing org '${org.name}' (${index + 1} of ${orgs.length})...`);
        report.orgs.push(await this.importOrg(units, records, org, contents.get(org.id)!, users));
      }
    } finally {
      await units.finish();
    }
    const ldapRoles = await this.source.ldapRoleMappings();
    if (ldapRoles > 0) {
      report.notes.push(`${ldapRoles} LDAP-group role mapping(s) not imported: Strongroom grants roles per user only`);
    }
    return report;
  }

  private selectOrgs(all: ConcordOrg[]): ConcordOrg[] {
    if (this.options.orgNames.length === 0) return all;
    const missing = this.options.orgNames.filter((name) => !all.some((o) => o.name === name));
    if (missing.length > 0) {
      const known = all.map((o) => o.name);
      const shown = known.slice(0, 20).join(', ') + (known.length > 20 ? ', ...' : '');
      throw new ImportAborted(
        `${this.source.description} has no org named ${missing.map((m) => `'${m}'`).join(', ')} ` +
          `(names are case-sensitive; its orgs: ${shown || 'none'})`,
      );
    }
    return all.filter((o) => this.options.orgNames.includes(o.name));
  }

  /**
   * ECB has no MAC, so a wrong server password shows only as rows that fail the padding or layout
   * checks. When most server-key rows fail, the password (or salt) is wrong, not the rows: stop
   * before writing anything rather than report them all as damaged.
   */
  private async checkServerPassword(orgs: ConcordOrg[], contents: Map<string, ConcordOrgContent>): Promise<void> {
    let checked = 0;
    let failed = 0;
    for (const org of orgs) {
      const rows = contents.get(org.id)!.secrets.filter((s) => s.encryptedBy === 'SERVER_KEY' && s.hasData);
      for (let i = 0; i < rows.length; i += DATA_BATCH) {
        const batch = rows.slice(i, i + DATA_BATCH);
        const data = await this.source.secretData(batch.map((s) => s.id));
        for (const secret of batch) {
          const plan = planSecret(secret, data.get(secret.id), this.options.keys);
          if (plan.kind === 'server-key') plan.plaintext.fill(0);
          if (plan.kind === 'server-key' || (plan.kind === 'skip' && plan.undecryptable)) checked += 1;
          if (plan.kind === 'skip' && plan.undecryptable) failed += 1;
        }
      }
    }
    if (checked > 0 && failed * 2 > checked) {
      throw new ImportAborted(
        `${failed} of ${checked} server-key secrets do not decrypt with the given server password: the file given ` +
          "to --server-password-file must hold Concord's secretStore.serverPassword exactly as in its configuration " +
          '(base64), and --secret-store-salt-file its secretStore.secretStoreSalt. Nothing was written.',
      );
    }
  }

  private async importUsers(w: ImportWriter, wanted: Set<string> | undefined, report: ImportReport) {
    const imported = new Set<string>();
    const otherRoles = new Map<string, number>();
    for (const u of await this.source.users(wanted)) {
      const label = `${u.type} user '${u.username}'`;
      const type = USER_TYPES.find((t) => t === u.type);
      if (!type) {
        report.skip(label, `unknown user type '${u.type}'`, report.users);
        continue;
      }
      const username = u.username.toLowerCase();
      const domain = u.domain?.toLowerCase() ?? null;
      const clash = await w.otherHolder(
        USERS,
        `lower(username) = $1 AND coalesce(lower(domain), '') = coalesce($2, '') AND type = $3`,
        [username, domain, type],
        u.id,
      );
      if (clash) {
        const reason = `Strongroom already has this user under another id (${clash}); its memberships, keys and ownerships are left out`;
        report.skip(label, reason, report.users);
        continue;
      }
      const roles = u.roles.filter((r) => ROLES.some((known) => known === r));
      for (const r of u.roles) if (!roles.includes(r)) otherRoles.set(r, (otherRoles.get(r) ?? 0) + 1);
      const desired: Row = {
        username,
        domain,
        display_name: u.displayName,
        email: u.email,
        type,
        roles,
        disabled: u.disabled,
        permanently_disabled: u.permanentlyDisabled,
        disabled_date: u.disabledDate,
      };
      const outcome = await w.reconcileById(USERS, 'user', u.id, desired);
      if (outcome === 'deleted') {
        report.skip(label, DELETED_HERE, report.users);
        continue;
      }
      report.users.add(outcome);
      imported.add(u.id);
    }
    for (const [role, n] of otherRoles) {
      report.notes.push(`role '${role}' of ${n} user(s) not imported: Strongroom knows only ${ROLES.join(', ')}`);
    }
    await this.importApiKeys(w, wanted ? imported : undefined, imported, report);
    await w.audit(this.audit, {
      object: 'USER',
      action: 'UPDATE',
      userId: null,
      details: { import: 'concord', users: { ...report.users }, apiKeys: { ...report.apiKeys } },
    });
    return imported;
  }

  private async importApiKeys(
    w: ImportWriter,
    only: Set<string> | undefined,
    users: Set<string>,
    report: ImportReport,
  ) {
    const skip = (what: string, reason: string) => report.skip(what, reason, report.apiKeys);
    for (const key of await this.source.apiKeys(only)) {
      const label = `API key '${key.name}'`;
      if (!key.userId) {
        skip(label, "it belongs to no user (Concord's agent key): Strongroom has no agents");
        continue;
      }
      if (!users.has(key.userId)) {
        skip(label, 'its user was not imported');
        continue;
      }
      const hash = storedKeyHash(key.hash);
      if (!hash) {
        skip(label, 'its stored value is not the SHA-256 hash Strongroom compares keys with');
        continue;
      }
      if (await w.otherHolder(API_KEYS, 'key_hash = $1', [hash], key.id)) {
        skip(label, 'Strongroom already has the same key under another id');
        continue;
      }
      if (await w.otherHolder(API_KEYS, 'user_id = $1 AND name = $2', [key.userId, key.name], key.id)) {
        skip(label, 'its user already has a key of this name in Strongroom');
        continue;
      }
      const desired: Row = { user_id: key.userId, name: key.name, key_hash: hash, expired_at: key.expiredAt };
      const outcome = await w.reconcileById(API_KEYS, 'api-key', key.id, desired);
      if (outcome === 'deleted') skip(label, DELETED_HERE);
      else report.apiKeys.add(outcome);
    }
  }

  /** One org in one unit of work; a failure rolls back this org only and is reported. */
  private async importOrg(
    units: ImportUnits,
    records: ImportRecords,
    org: ConcordOrg,
    content: ConcordOrgContent,
    users: UserFacts,
  ): Promise<OrgReport> {
    const report = new OrgReport(org.name);
    try {
      await units.run((em) =>
        new OrgImport(new ImportWriter(em, records), this.crypto, this.audit, this.source, this.options.keys).run(
          org,
          content,
          users,
          report,
        ),
      );
      return report;
    } catch (error) {
      const failed = new OrgReport(org.name);
      failed.outcome = 'failed';
      failed.skips.push({
        what: 'rolled back',
        reason: `nothing of this org was written: ${(error as Error).message}`,
      });
      return failed;
    }
  }
}

/** Concord stores base64 (no padding) of SHA-256 over the key's bytes, as Strongroom does. */
function storedKeyHash(stored: string): string | undefined {
  const trimmed = stored.trim().replace(/=$/, '');
  return /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/.test(trimmed) ? trimmed : undefined;
}
