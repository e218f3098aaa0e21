import * as fs from 'node:fs';
import * as path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byPackage: [string, number][];
  byFunction: [string, number][];
  /** Inclusive time of frames from these packages or files, however deep (e.g. typeorm under our code). */
  inclusive: [string, number][];
}

/** Where a frame's code lives: a package, one of our files, node internals, or V8's own buckets. */
function bucket(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node:internal';
  const m = /\/(src|bench)\/(.*)$/.exec(url);
  return m ? `${m[1]}/${m[2].replace(/\.js$/, '')}` : path.basename(url);
}

/** Self time by package and by function, and inclusive time by package, from a .cpuprofile. */
export function summarize(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const pkg = new Map<string, number>();
  const fn = new Map<string, number>();
  const incl = new Map<string, number>();
  let totalMs = 0;
  const inInspector = (id: number) => {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      if (byId.get(cur)!.callFrame.url === 'node:inspector') return true;
    }
    return false;
  };
  for (const [id, ms] of self) {
    // Serializing the profile itself (Profiler.stop) is not the server's work.
    if (inInspector(id)) continue;
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const b = bucket(url, functionName);
    totalMs += ms;
    pkg.set(b, (pkg.get(b) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'} ${b}:${lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + ms);
    // Inclusive: each bucket on the stack once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const cb = bucket(f.url, f.functionName);
      if (seen.has(cb)) continue;
      seen.add(cb);
      incl.set(cb, (incl.get(cb) ?? 0) + ms);
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs, byPackage: sorted(pkg), byFunction: sorted(fn), inclusive: sorted(incl) };
}

export function formatSummary(name: string, s: ProfileSummary): string {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)}%`;
  const lines = [`## ${name}: ${(s.totalMs / 1000).toFixed(1)} s sampled`, '', 'Self time by package/file:'];
  for (const [k, ms] of s.byPackage) lines.push(`  ${pct(ms)}  ${k}`);
  lines.push('', 'Inclusive time by package/file (on the stack):');
  for (const [k, ms] of s.inclusive) lines.push(`  ${pct(ms)}  ${k}`);
  lines.push('', 'Self time by function:');
  for (const [k, ms] of s.byFunction) lines.push(`  ${pct(ms)}  ${k}`);
  return lines.join('\n');
}

if (require.main === module) {
  for (const file of process.argv.slice(2))
    process.stdout.write(formatSummary(path.basename(file), summarize(file)) + '\n\n');
}
