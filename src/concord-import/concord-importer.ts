import type { DataSource } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.service';
import { ROLES } from '../auth/principal';
import type { SealedSecret, SecretCrypto } from '../crypto/secret-crypto.service';
import { TEAM_ROLES } from '../teams/team.entity';
import { USER_TYPES } from '../users/user.entity';
import { ConcordKeys, planSecret } from './concord-secret-plan';
import { ImportAborted } from './concord-schema';
import type { ConcordOrg, ConcordOrgContent, ConcordSecret, ConcordSource } from './concord-source';
import { ImportReport, OrgReport, Tally } from './import-report';
import { factFingerprint, ImportRecords } from './import-records';
import { ImportUnits } from './import-units';
import {
  API_KEYS,
  ImportWriter,
  ORGS,
  PROJECTS,
  Row,
  SECRET_PROJECTS,
  SECRET_RULES,
  SECRETS,
  TableSpec,
  TEAM_MEMBERS,
  TEAMS,
  USERS,
} from './import-writer';

export interface ImportOptions {
  /** Import only these orgs (and the users they refer to); empty: everything. */
  orgNames: string[];
  dryRun: boolean;
  keys: ConcordKeys;
}

/** Ciphertexts fetched from Concord at a time: bounds memory whatever the org's size. */
const DATA_BATCH = 100;
const LEVELS = ['READER', 'WRITER', 'OWNER'];
const DELETED_HERE = 'deleted in Strongroom after an earlier import; not brought back';

/** What every org's import needs to know about the users. */
interface UserFacts {
  /** Concord users now in Strongroom under their Concord id. */
  imported: Set<string>;
  /** Every user id Concord has: memberships of other users (made in Strongroom) are left alone. */
  concord: Set<string>;
}

/**
 * Moves a Concord database into Strongroom (README, "Moving from Concord"): users and their API key
 * hashes in one transaction, then each org (teams, members, projects, secrets, project links, team
 * rules) in a transaction of its own. Concord's ids are kept, and a second run changes only what
 * changed in Concord: for the users, teams and projects Concord knows, Concord's facts win; what was
 * made in Strongroom alone is left as it is.
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
        report.users.skipped += 1;
        report.skips.push({ what: label, reason: `unknown user type '${u.type}'` });
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
        report.users.skipped += 1;
        report.skips.push({
          what: label,
          reason: `Strongroom already has this user under another id (${clash}); its memberships, keys and ownerships are left out`,
        });
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
      const outcome = await w.reconcile(
        USERS,
        'user',
        u.id,
        desired,
        await w.current(USERS, u.id, Object.keys(desired)),
      );
      if (outcome === 'deleted') {
        report.users.skipped += 1;
        report.skips.push({ what: label, reason: DELETED_HERE });
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
    const skip = (what: string, reason: string) => {
      report.apiKeys.skipped += 1;
      report.skips.push({ what, reason });
    };
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
      const outcome = await w.reconcile(
        API_KEYS,
        'api-key',
        key.id,
        desired,
        await w.current(API_KEYS, key.id, Object.keys(desired)),
      );
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

function visibility(value: string, what: string, report: OrgReport): 'PUBLIC' | 'PRIVATE' {
  if (value === 'PUBLIC' || value === 'PRIVATE') return value;
  report.notes.push(`${what}: unknown visibility '${value}', imported as PRIVATE`);
  return 'PRIVATE';
}

/** The writes of one org, inside its unit of work. */
class OrgImport {
  constructor(
    private readonly w: ImportWriter,
    private readonly crypto: SecretCrypto,
    private readonly audit: AuditLog,
    private readonly source: ConcordSource,
    private readonly keys: ConcordKeys,
  ) {}

  async run(org: ConcordOrg, content: ConcordOrgContent, users: UserFacts, report: OrgReport): Promise<void> {
    const clash = await this.w.otherHolder(ORGS, 'name = $1', [org.name], org.id);
    if (clash) {
      report.outcome = 'skipped';
      report.skips.push({
        what: 'org',
        reason: `Strongroom already has an org of this name under another id (${clash})`,
      });
      return;
    }
    const desired: Row = {
      name: org.name,
      owner_id: this.owner(org.ownerId, `org '${org.name}'`, users, report),
      visibility: visibility(org.visibility, `org '${org.name}'`, report),
      meta: org.meta,
      cfg: org.cfg,
    };
    const outcome = await this.w.reconcile(
      ORGS,
      'org',
      org.id,
      desired,
      await this.w.current(ORGS, org.id, Object.keys(desired)),
    );
    if (outcome === 'deleted') {
      report.outcome = 'skipped';
      report.skips.push({ what: 'org', reason: DELETED_HERE });
      return;
    }
    report.outcome = outcome;

    const teams = await this.importTeams(org, content, users, report);
    const projects = await this.importProjects(org, content, users, report);
    await this.importSecrets(org, content, users, { teams, projects }, report);

    report.goneFromConcord = await this.w.importedSecretsNotIn(
      org.id,
      content.secrets.map((s) => s.id),
    );
    report.legacy = await this.w.legacyCount(org.id);
    for (const [what, n] of Object.entries(content.notImported)) {
      if (n > 0) report.notes.push(`${n} ${what} not imported: Strongroom has no place for them yet`);
    }
    await this.w.audit(this.audit, {
      object: 'ORGANIZATION',
      action: report.outcome === 'created' ? 'CREATE' : 'UPDATE',
      userId: null,
      details: {
        orgId: org.id,
        name: org.name,
        import: 'concord',
        teams: { ...report.teams },
        projects: { ...report.projects },
        secrets: Object.fromEntries(Object.entries(report.secrets).map(([type, t]) => [type, { ...t }])),
        legacy: report.legacy,
      },
    });
  }

  private owner(id: string | null, what: string, users: UserFacts, report: OrgReport): string | null {
    if (id === null || users.imported.has(id)) return id;
    report.notes.push(`${what}: its owner was not imported, so it has none`);
    return null;
  }

  /**
   * Where a team, project or secret goes: `current` is its row in Strongroom (undefined when new).
   * Undefined, reported as skipped, when its id belongs to another org or its name to another row.
   */
  private async place(spec: TableSpec, id: string, desired: Row, label: string, tally: Tally, report: OrgReport) {
    const current = await this.w.current(spec, id, Object.keys(desired));
    if (current && current.org_id !== desired.org_id) {
      report.skip(label, 'its id belongs to another org in Strongroom', tally);
      return undefined;
    }
    const clash = await this.w.otherHolder(spec, 'org_id = $1 AND name = $2', [desired.org_id, desired.name], id);
    if (clash) {
      report.skip(label, `the org already has one of this name under another id (${clash})`, tally);
      return undefined;
    }
    return { current };
  }

  private async importTeams(org: ConcordOrg, content: ConcordOrgContent, users: UserFacts, report: OrgReport) {
    const imported = new Set<string>();
    for (const team of content.teams) {
      const desired: Row = { org_id: org.id, name: team.name, description: team.description };
      const label = `team '${team.name}'`;
      const place = await this.place(TEAMS, team.id, desired, label, report.teams, report);
      if (!place) continue;
      const outcome = await this.w.reconcile(TEAMS, 'team', team.id, desired, place.current);
      if (outcome === 'deleted') {
        report.skip(label, DELETED_HERE, report.teams);
        continue;
      }
      report.teams.add(outcome);
      imported.add(team.id);
    }
    let notImported = 0;
    for (const team of content.teams.filter((x) => imported.has(x.id))) {
      const desired = new Map<string, string>();
      for (const m of content.memberships.filter((x) => x.teamId === team.id)) {
        if (!users.imported.has(m.userId)) {
          notImported += 1;
          continue;
        }
        const role = TEAM_ROLES.find((r) => r === m.role);
        if (!role)
          report.notes.push(`a member of team '${team.name}' has the unknown role '${m.role}': imported as MEMBER`);
        desired.set(m.userId, role ?? 'MEMBER');
      }
      addCounts(
        report.members,
        await this.w.reconcileLinks(TEAM_MEMBERS, 'team-members', team.id, desired, users.concord),
      );
    }
    if (notImported > 0)
      report.notes.push(`${notImported} team membership(s) of users that were not imported left out`);
    return imported;
  }

  private async importProjects(org: ConcordOrg, content: ConcordOrgContent, users: UserFacts, report: OrgReport) {
    const imported = new Set<string>();
    for (const project of content.projects) {
      const label = `project '${project.name}'`;
      const desired: Row = {
        org_id: org.id,
        name: project.name,
        description: project.description,
        visibility: visibility(project.visibility, label, report),
        owner_id: this.owner(project.ownerId, label, users, report),
        meta: project.meta,
        cfg: project.cfg,
      };
      if (project.createdAt) desired.created_at = project.createdAt;
      const place = await this.place(PROJECTS, project.id, desired, label, report.projects, report);
      if (!place) continue;
      const outcome = await this.w.reconcile(PROJECTS, 'project', project.id, desired, place.current);
      if (outcome === 'deleted') {
        report.skip(label, DELETED_HERE, report.projects);
        continue;
      }
      report.projects.add(outcome);
      imported.add(project.id);
    }
    return imported;
  }

  private async importSecrets(
    org: ConcordOrg,
    content: ConcordOrgContent,
    users: UserFacts,
    imported: { teams: Set<string>; projects: Set<string> },
    report: OrgReport,
  ) {
    const known = {
      teams: new Set(content.teams.map((t) => t.id)),
      projects: new Set(content.projects.map((p) => p.id)),
    };
    for (let i = 0; i < content.secrets.length; i += DATA_BATCH) {
      const batch = content.secrets.slice(i, i + DATA_BATCH);
      const data = await this.source.secretData(batch.filter((s) => s.hasData).map((s) => s.id));
      for (const secret of batch) {
        const plan = planSecret(secret, data.get(secret.id), this.keys);
        try {
          await this.importSecret(org, secret, plan, content, users, imported, known, report);
        } finally {
          if (plan.kind === 'server-key') plan.plaintext.fill(0);
        }
      }
    }
  }

  private async importSecret(
    org: ConcordOrg,
    secret: ConcordSecret,
    plan: ReturnType<typeof planSecret>,
    content: ConcordOrgContent,
    users: UserFacts,
    imported: { teams: Set<string>; projects: Set<string> },
    known: { teams: Set<string>; projects: Set<string> },
    report: OrgReport,
  ): Promise<void> {
    const tally = report.secretTally(secret.type);
    const label = `secret '${secret.name}'`;
    if (plan.kind === 'skip') return report.skip(label, plan.reason, tally);
    const links = content.links.filter((l) => l.secretId === secret.id).map((l) => l.projectId);
    const unlinked = links.filter((p) => !imported.projects.has(p));
    if (unlinked.length > 0) {
      // Without its project links a secret would be readable outside those projects.
      return report.skip(label, `its project(s) ${unlinked.join(', ')} were not imported`, tally);
    }
    const desired: Row = {
      org_id: org.id,
      name: secret.name,
      type: plan.type,
      encrypted_by: secret.encryptedBy,
      store_type: 'concord',
      visibility: visibility(secret.visibility, label, report),
      owner_id: this.owner(secret.ownerId, label, users, report),
    };
    if (secret.createdAt) desired.created_at = secret.createdAt;
    const place = await this.place(SECRETS, secret.id, desired, label, tally, report);
    if (!place) return;

    const records = this.w.records;
    if (!place.current && (records.previous('secret', secret.id) || records.previous('secret-data', secret.id))) {
      return report.skip(label, DELETED_HERE, tally);
    }
    // Its metadata is Concord's, unless an earlier import applied these very facts (then Strongroom's
    // stand); its data is rewritten only when Concord's copy changed since the last import, so a
    // store-password secret re-sealed by a read since then stays re-sealed.
    const metaPrint = factFingerprint(desired);
    const metaChanged = !records.previous('secret', secret.id)?.equals(metaPrint);
    const rewrite = !place.current || !records.previous('secret-data', secret.id)?.equals(plan.fingerprint);
    const row: Row = metaChanged || !place.current ? { ...desired } : {};
    if (rewrite) {
      const sealed = plan.kind === 'server-key' ? await this.crypto.seal(secret.id, plan.plaintext) : plan.sealed;
      // When the data was last written belongs to the data: Strongroom sets it on its own updates.
      Object.assign(row, sealedColumns(sealed), { last_updated_at: secret.lastUpdatedAt });
    }
    tally.add(
      Object.keys(row).length === 0 ? 'unchanged' : await this.w.upsert(SECRETS, secret.id, row, place.current),
    );
    if (metaChanged) await this.w.record('secret', secret.id, metaPrint);
    if (rewrite) await this.w.record('secret-data', secret.id, plan.fingerprint);

    const linked = new Map(links.map((p) => [p, '']));
    addCounts(
      report.secretLinks,
      await this.w.reconcileLinks(SECRET_PROJECTS, 'secret-projects', secret.id, linked, known.projects),
    );
    const rules = new Map<string, string>();
    let dropped = 0;
    for (const rule of content.rules.filter((r) => r.secretId === secret.id)) {
      if (imported.teams.has(rule.teamId) && LEVELS.includes(rule.level)) rules.set(rule.teamId, rule.level);
      else dropped += 1;
    }
    if (dropped > 0) {
      report.secretRules.skipped += dropped;
      report.notes.push(
        `${label}: ${dropped} team rule(s) left out (team not imported or of another org, or unknown level)`,
      );
    }
    addCounts(
      report.secretRules,
      await this.w.reconcileLinks(SECRET_RULES, 'secret-rules', secret.id, rules, known.teams),
    );
  }
}

function sealedColumns(sealed: SealedSecret): Row {
  return {
    format_version: sealed.formatVersion,
    ciphertext: sealed.ciphertext,
    wrapped_key: sealed.wrappedKey,
    key_id: sealed.keyId,
    kdf_salt: sealed.kdfSalt,
    kdf_params: sealed.kdfParams,
  };
}

function addCounts(tally: Tally, counts: { created: number; updated: number; unchanged: number; removed: number }) {
  tally.created += counts.created;
  tally.updated += counts.updated;
  tally.unchanged += counts.unchanged;
  tally.removed += counts.removed;
}
