import type { AuditLog } from '../audit/audit-log.service';
import type { SealedSecret, SecretCrypto } from '../crypto/secret-crypto.service';
import { TEAM_ROLES } from '../access/levels';
import { ConcordKeys, planSecret } from './concord-secret-plan';
import type { ConcordOrg, ConcordOrgContent, ConcordSecret, ConcordSource } from './concord-source';
import { OrgReport, Tally } from './import-report';
import { factFingerprint, RecordKind } from './import-records';
import {
  ImportWriter,
  ORGS,
  PROJECTS,
  Row,
  SECRET_PROJECTS,
  PROJECT_RULES,
  SECRET_RULES,
  SECRETS,
  TableSpec,
  TEAM_MEMBERS,
  TEAMS,
} from './import-writer';

/** Ciphertexts fetched from Concord at a time: bounds memory whatever the org's size. */
export const DATA_BATCH = 100;
export const DELETED_HERE = 'deleted in Strongroom after an earlier import; not brought back';
const LEVELS = ['READER', 'WRITER', 'OWNER'];

/** What every org's import needs to know about the users. */
export interface UserFacts {
  /** Concord users now in Strongroom under their Concord id. */
  imported: Set<string>;
  /** Every user id Concord has: memberships of other users (made in Strongroom) are left alone. */
  concord: Set<string>;
}

function visibility(value: string, what: string, report: OrgReport): 'PUBLIC' | 'PRIVATE' {
  if (value === 'PUBLIC' || value === 'PRIVATE') return value;
  report.notes.push(`${what}: unknown visibility '${value}', imported as PRIVATE`);
  return 'PRIVATE';
}

/** The writes of one org (its teams, members, projects, secrets, links and rules), inside its unit of work. */
export class OrgImport {
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
    const outcome = await this.w.reconcileById(ORGS, 'org', org.id, desired);
    if (outcome === 'deleted') {
      report.outcome = 'skipped';
      report.skips.push({ what: 'org', reason: DELETED_HERE });
      return;
    }
    report.outcome = outcome;

    const teams = await this.importTeams(org, content, users, report);
    const projects = await this.importProjects(org, content, users, report);
    await this.importProjectRules(content, { teams, projects }, report);
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

  /** Places and reconciles a team or project; true when it is in Strongroom afterwards. */
  private async apply(
    spec: TableSpec,
    kind: RecordKind,
    id: string,
    desired: Row,
    label: string,
    tally: Tally,
    report: OrgReport,
  ): Promise<boolean> {
    const place = await this.place(spec, id, desired, label, tally, report);
    if (!place) return false;
    const outcome = await this.w.reconcile(spec, kind, id, desired, place.current);
    if (outcome === 'deleted') {
      report.skip(label, DELETED_HERE, tally);
      return false;
    }
    tally.add(outcome);
    return true;
  }

  private async importTeams(org: ConcordOrg, content: ConcordOrgContent, users: UserFacts, report: OrgReport) {
    const imported = new Set<string>();
    for (const team of content.teams) {
      const desired: Row = { org_id: org.id, name: team.name, description: team.description };
      if (await this.apply(TEAMS, 'team', team.id, desired, `team '${team.name}'`, report.teams, report)) {
        imported.add(team.id);
      }
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
      if (await this.apply(PROJECTS, 'project', project.id, desired, label, report.projects, report)) {
        imported.add(project.id);
      }
    }
    return imported;
  }

  /** Team levels on the imported projects, by the same rules as a secret's team rules. */
  private async importProjectRules(
    content: ConcordOrgContent,
    imported: { teams: Set<string>; projects: Set<string> },
    report: OrgReport,
  ): Promise<void> {
    const known = new Set(content.teams.map((t) => t.id));
    for (const project of content.projects.filter((p) => imported.projects.has(p.id))) {
      const rules = new Map<string, string>();
      let dropped = 0;
      for (const rule of content.projectRules.filter((r) => r.projectId === project.id)) {
        if (imported.teams.has(rule.teamId) && LEVELS.includes(rule.level)) rules.set(rule.teamId, rule.level);
        else dropped += 1;
      }
      if (dropped > 0) {
        report.projectRules.skipped += dropped;
        report.notes.push(
          `project '${project.name}': ${dropped} team rule(s) left out (team not imported or of another org, or unknown level)`,
        );
      }
      addCounts(
        report.projectRules,
        await this.w.reconcileLinks(PROJECT_RULES, 'project-rules', project.id, rules, known),
      );
    }
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
