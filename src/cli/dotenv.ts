import { CliError, EXIT } from './exit-codes';

/**
 * The dotenv format of `export` and `import` (README "CLI"). Keys derive from secret names:
 * upper-cased, every character other than A-Z, 0-9 and '_' becomes '_', and a leading digit gets
 * a '_' in front (`db.password` → `DB_PASSWORD`, `1st-key` → `_1ST_KEY`).
 */
export function dotenvKey(secretName: string): string {
  const key = secretName.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return /^[0-9]/.test(key) ? `_${key}` : key;
}

const BARE = /^[A-Za-z0-9_./:@%+,=~^-]+$/;

/**
 * Plain when only safe characters; single-quoted (taken literally) when there is no quote or line
 * break; otherwise double-quoted, where `\\`, `\"`, `\n`, `\r` and `\$` are escapes.
 */
export function dotenvValue(value: string): string {
  if (BARE.test(value)) return value;
  if (!/['\r\n]/.test(value)) return `'${value}'`;
  const escaped = value.replace(/[\\"\n\r$]/g, (c) => ESCAPE_OF[c]);
  return `"${escaped}"`;
}

const ESCAPE_OF: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', $: '\\$' };
const UNESCAPE: Record<string, string> = { '\\': '\\', '"': '"', n: '\n', r: '\r', $: '$' };

export function formatDotenv(entries: [string, string][]): string {
  return entries.map(([key, value]) => `${key}=${dotenvValue(value)}\n`).join('');
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Reads what `formatDotenv` writes, and the usual hand-written forms: `export ` prefixes, blank
 * lines, `#` comments (after a value when preceded by a space), quoted values over several lines.
 * Errors name the line, never its value.
 */
export function parseDotenv(text: string, source: string): [string, string][] {
  const entries: [string, string][] = [];
  let i = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new CliError(EXIT.failure, `${source}, line ${line}: ${message}`);
  };
  const skipSpaces = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  while (i < text.length) {
    skipSpaces();
    if (text[i] === '\n' || text[i] === '\r') {
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      continue;
    }
    if (text[i] === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('export ', i)) {
      i += 'export '.length;
      skipSpaces();
    }
    const eq = text.indexOf('=', i);
    const newline = text.indexOf('\n', i);
    if (eq < 0 || (newline >= 0 && newline < eq)) fail('expected KEY=VALUE');
    const key = text.slice(i, eq).trim();
    if (!KEY.test(key)) fail('the key is not a variable name');
    i = eq + 1;
    skipSpaces();
    const startLine = line;
    let value: string;
    const quote = text[i];
    if (quote === "'" || quote === '"') {
      i++;
      value = '';
      for (;;) {
        if (i >= text.length) {
          line = startLine;
          fail(`the ${quote === '"' ? 'double' : 'single'} quote is never closed`);
        }
        const c = text[i];
        if (c === quote) break;
        if (c === '\n') line++;
        if (quote === '"' && c === '\\' && UNESCAPE[text[i + 1]] !== undefined) {
          value += UNESCAPE[text[i + 1]];
          i += 2;
          continue;
        }
        value += c;
        i++;
      }
      i++;
      skipSpaces();
      if (i < text.length && text[i] !== '\n' && text[i] !== '\r' && text[i] !== '#') {
        fail('unexpected text after the closing quote');
      }
      while (i < text.length && text[i] !== '\n') i++;
    } else {
      const end = newline < 0 ? text.length : newline;
      const raw = text.slice(i, end);
      const comment = raw.search(/\s#/);
      value = (comment < 0 ? raw : raw.slice(0, comment)).trim();
      i = end;
    }
    entries.push([key, value]);
  }
  return entries;
}
