/**
 * Last line of defence for log lines: anything that looks like a credential or secret material is
 * replaced before it is written. Callers still must not log such values; this catches mistakes.
 */
const SENSITIVE_KEYS =
  /(password|passwd|passphrase|token|authorization|cookie|apikey|api_key|privatekey|private_key|hash|^(key|secret|value|data|private|public|body|netrc|rawbody|files?)$)/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SENSITIVE_KEYS.test(k) ? '[redacted]' : redact(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string') return redactText(value);
  return value;
}

/**
 * Each credential pattern with the words it cannot match without (case-insensitive: `passw` covers
 * password, passwd and the store passwords). Most log text (paths, methods, ids) holds none of them, so
 * one scan for the words replaces five scans for the patterns on the access log's hot path; keeping a
 * pattern's words beside it keeps that shortcut true when patterns change.
 */
const CREDENTIAL_PATTERNS: { needs: string[]; pattern: RegExp; replacement: string }[] = [
  {
    needs: ['authorization'],
    pattern: /(authorization\s*[:=]\s*)(basic|bearer)?\s*[^\s,;"']+/gi,
    replacement: '$1[redacted]',
  },
  {
    // A credential after the scheme name (it has a digit or base64 punctuation, unlike an English word).
    needs: ['basic', 'bearer'],
    pattern: /\b(basic|bearer)(\s+)(?=[A-Za-z0-9+/._~-]*[0-9+/=])[A-Za-z0-9+/._~-]{8,}={0,2}/gi,
    replacement: '$1$2[redacted]',
  },
  {
    needs: ['passw', 'apikey', 'api_key', 'token'],
    pattern:
      /(["']?\b(?:password|storePassword|newStorePassword|passwd|apiKey|api_key|token)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}]+)/gi,
    replacement: '$1[redacted]',
  },
  {
    needs: ['private key'],
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replacement: '[redacted private key]',
  },
  {
    // Drone 0.8 cannot send a header, so its integration token is in the URL path: everything after
    // the integration id (or after the prefix, when no id leads) is hidden.
    needs: ['drone-legacy'],
    pattern: /(\/drone-legacy\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/)?[^\s?#"',;]+/gi,
    replacement: '$1$2[redacted]',
  },
  {
    needs: ['postgres'],
    pattern: /(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/gi,
    replacement: '$1[redacted]@',
  },
];

const MAY_HOLD_CREDENTIAL = new RegExp(CREDENTIAL_PATTERNS.flatMap((p) => p.needs).join('|'), 'i');

/** Strips credential-shaped fragments from free text (e.g. an error message quoting a header). */
export function redactText(text: string): string {
  if (!MAY_HOLD_CREDENTIAL.test(text)) return text;
  return CREDENTIAL_PATTERNS.reduce((out, p) => out.replace(p.pattern, p.replacement), text);
}
