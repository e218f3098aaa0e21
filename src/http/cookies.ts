import type { IncomingMessage } from 'node:http';

/**
 * The request's cookies, parsed from its Cookie header when something asks: `name=value` pairs split
 * on `;`, spaces and tabs around names and values dropped, a value in double quotes unquoted, values percent-decoded where
 * they decode (kept as sent where they do not), and the first of a repeated name kept.
 *
 * On demand rather than as a pipeline step: a step that set `cookies` (and cookie-parser's
 * `signedCookies` and `secret`) on every request cost the hot routes several percent of their
 * throughput (bench/README.md), and the API clients that call them send no cookies at all.
 */
export function requestCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  const header = req.headers.cookie;
  if (!header) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const name = trimmed(pair.slice(0, eq));
    if (name === '' || cookies.has(name)) continue;
    let value = trimmed(pair.slice(eq + 1));
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    cookies.set(name, value.includes('%') ? decoded(value) : value);
  }
  return cookies;
}

/** Without the spaces and tabs around it (only those: a browser sends nothing else there). */
function trimmed(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '');
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
