/*
 * What an import did (or, with --dry-run, would do). It holds names, ids, counts and reasons only:
 * never a value, a password, a key or a key hash.
 */

export type Outcome = 'created' | 'updated' | 'unchanged';

export class Tally {
  created = 0;
  updated = 0;
  unchanged = 0;
  removed = 0;
  skipped = 0;

  add(outcome: Outcome): void {
    this[outcome] += 1;
  }

  get total(): number {
    return this.created + this.updated + this.unchanged + this.removed + this.skipped;
  }

  describe(): string {
    const parts = [`${this.created} created`, `${this.updated} updated`, `${this.unchanged} unchanged`];
    if (this.removed > 0) parts.push(`${this.removed} removed`);
    if (this.skipped > 0) parts.push(`${this.skipped} skipped`);
    return parts.join(', ');
  }
}

export interface Skip {
  what: string;
  reason: string;
}

export const SECRET_TYPES = ['KEY_PAIR', 'USERNAME_PASSWORD', 'DATA'] as const;

export class OrgReport {
  outcome: Outcome | 'skipped' | 'failed' = 'unchanged';
  readonly teams = new Tally();
  readonly members = new Tally();
  readonly projects = new Tally();
  readonly secrets: Record<string, Tally> = {};
  readonly secretLinks = new Tally();
  readonly secretRules = new Tally();
  readonly projectRules = new Tally();
  readonly skips: Skip[] = [];
  readonly notes: string[] = [];
  /** Store-password secrets that still hold Concord's ciphertext after this run. */
  legacy = 0;
  /** Secrets an earlier import wrote that Concord no longer has (left in place). */
  goneFromConcord = 0;

  constructor(readonly name: string) {}

  secretTally(type: string): Tally {
    return (this.secrets[type] ??= new Tally());
  }

  skip(what: string, reason: string, tally?: Tally): void {
    this.skips.push({ what, reason });
    if (tally) tally.skipped += 1;
  }
}

export class ImportReport {
  readonly users = new Tally();
  readonly apiKeys = new Tally();
  readonly skips: Skip[] = [];
  readonly notes: string[] = [];
  readonly orgs: OrgReport[] = [];

  constructor(
    readonly source: string,
    readonly dryRun: boolean,
  ) {}

  skip(what: string, reason: string, tally: Tally): void {
    this.skips.push({ what, reason });
    tally.skipped += 1;
  }

  get failed(): boolean {
    return this.orgs.some((o) => o.outcome === 'failed');
  }

  get legacy(): number {
    return this.orgs.reduce((n, o) => n + o.legacy, 0);
  }

  lines(): string[] {
    const out: string[] = [];
    out.push(
      this.dryRun ? `Dry run of the import from ${this.source}: nothing was written.` : `Imported from ${this.source}.`,
    );
    out.push(`Users: ${this.users.describe()}.`);
    out.push(`API keys: ${this.apiKeys.describe()}.`);
    for (const s of this.skips) out.push(`  skipped ${s.what}: ${s.reason}`);
    for (const n of this.notes) out.push(`  note: ${n}`);
    for (const org of this.orgs) out.push(...orgLines(org));
    const secrets = new Tally();
    for (const org of this.orgs) for (const t of Object.values(org.secrets)) mergeInto(secrets, t);
    out.push(
      `Total: ${this.orgs.length} org(s); secrets ${secrets.describe()}; ` +
        `${this.legacy} store-password secret(s) still hold Concord's encryption until their first read.`,
    );
    if (this.failed)
      out.push('Some orgs failed and were rolled back (see above): fix the cause and run the import again.');
    return out;
  }
}

function mergeInto(sum: Tally, t: Tally): void {
  sum.created += t.created;
  sum.updated += t.updated;
  sum.unchanged += t.unchanged;
  sum.removed += t.removed;
  sum.skipped += t.skipped;
}

function orgLines(org: OrgReport): string[] {
  const out = [`Org '${org.name}': ${org.outcome}.`];
  if (org.outcome === 'skipped' || org.outcome === 'failed') {
    for (const s of org.skips) out.push(`  ${s.what}: ${s.reason}`);
    return out;
  }
  out.push(`  teams: ${org.teams.describe()}; members: ${org.members.describe()}`);
  out.push(`  projects: ${org.projects.describe()}; project team rules: ${org.projectRules.describe()}`);
  for (const type of SECRET_TYPES) {
    if (org.secrets[type]) out.push(`  ${type} secrets: ${org.secrets[type].describe()}`);
  }
  for (const [type, tally] of Object.entries(org.secrets)) {
    if (!(SECRET_TYPES as readonly string[]).includes(type)) out.push(`  ${type} secrets: ${tally.describe()}`);
  }
  out.push(`  secret project links: ${org.secretLinks.describe()}; secret team rules: ${org.secretRules.describe()}`);
  out.push(`  still legacy (store password, re-sealed on the first read with it): ${org.legacy}`);
  if (org.goneFromConcord > 0) {
    out.push(`  ${org.goneFromConcord} secret(s) imported earlier are no longer in Concord; left in place`);
  }
  for (const s of org.skips) out.push(`  skipped ${s.what}: ${s.reason}`);
  for (const n of org.notes) out.push(`  note: ${n}`);
  return out;
}
