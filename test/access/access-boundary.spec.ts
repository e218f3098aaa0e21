import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every allow/deny decision lives in src/access/: no other file asks a principal's roles or
 * permissions, or refuses a caller itself. A feature asks an access service, which decides.
 */
const DECISION = /\b(?:isAdmin|isGlobalReader|isGlobalWriter|hasPermission|hasRole)\(|\bnew AccessDenied\(/g;

const SRC = path.join(__dirname, '..', '..', 'src');
const ACCESS = path.join(SRC, 'access');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `file:line: text` for each decision made in the given source. */
function offences(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => {
    DECISION.lastIndex = 0;
    return DECISION.test(line) ? [`${path.relative(SRC, file)}:${i + 1}: ${line.trim()}`] : [];
  });
}

describe('the access boundary', () => {
  it('recognises a decision made outside src/access/', () => {
    const sample = "if (!isAdmin(p)) throw new AccessDenied('no');\nconst ok = hasPermission(p, 'createOrg');";
    expect(offences(path.join(SRC, 'users', 'x.ts'), sample)).toHaveLength(2);
  });

  it('finds none in src/ outside src/access/', () => {
    const outside = sourceFiles(SRC).filter((f) => !f.startsWith(ACCESS + path.sep));
    expect(outside.length).toBeGreaterThan(50);
    expect(outside.flatMap((f) => offences(f, fs.readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('keeps src/access/ below the features: it imports no feature service', () => {
    const imports = sourceFiles(ACCESS).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)].map((m) => `${path.basename(f)} → ${m[1]}`),
    );
    const allowed =
      /→ \.\.\/(?:identity\/principal|common\/|config\/config|database\/prepared-queries|http\/request-log)/;
    expect(imports.filter((i) => !allowed.test(i))).toEqual([]);
  });
});
