#!/usr/bin/env node
// Counts the imports between the folders of src/ and lists those that run from a lower layer to a
// higher one (docs/architecture.md describes the layers). Usage: node scripts/layers.mjs [--list]
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = process.env.LAYERS_SRC ?? path.resolve(import.meta.dirname, '..', 'src');

/** Lower numbers sit lower; a file may import its own layer's folders and any layer below. */
const LAYERS = {
  common: 0,
  config: 0,
  identity: 1,
  crypto: 1,
  database: 1,
  http: 1,
  metrics: 1,
  access: 2,
  auth: 3,
  users: 3,
  orgs: 3,
  teams: 3,
  projects: 3,
  secrets: 3,
  'api-keys': 3,
  audit: 3,
  integrations: 3,
  console: 3,
  server: 3,
  'concord-import': 3,
  'web-console': 3,
  'audit-query': 4,
  'console-compat': 4,
  'hot-routes': 4,
  openapi: 4,
  startup: 5,
  bin: 5,
  cli: 5,
  '(root)': 5,
};

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return files(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function folderOf(file) {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? '(root)' : rel[0];
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g;
let crossing = 0;
const upward = [];
const pairs = new Set();
for (const file of files(SRC)) {
  const from = folderOf(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), m[1] ?? m[2]);
    if (!target.startsWith(SRC)) continue;
    const to = folderOf(target + '.ts');
    if (to === from) continue;
    crossing += 1;
    pairs.add(`${from} -> ${to}`);
    const [a, b] = [LAYERS[from], LAYERS[to]];
    if (a === undefined || b === undefined) throw new Error(`no layer for ${a === undefined ? from : to}`);
    if (a < b) upward.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)} (${from} ${a} -> ${to} ${b})`);
  }
}
console.log(`imports between folders: ${crossing} (${pairs.size} folder pairs); upward: ${upward.length}`);
if (process.argv.includes('--list')) for (const line of upward.sort()) console.log(`  ${line}`);
