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
 * A word every pattern below needs (case-insensitive: `passw` covers password, passwd and the store
 * passwords; `private key` the PEM armour). Most log text (paths, methods, ids) has none, and one scan
 * instead of five keeps the access log off the hot routes' profile.
 */
const MAY_HOLD_CREDENTIAL = /authorization|basic|bearer|passw|apikey|api_key|token|private key|postgres/i;

/** Strips credential-shaped fragments from free text (e.g. an error message quoting a header). */
export function redactText(text: string): string {
  if (!MAY_HOLD_CREDENTIAL.test(text)) return text;
  return (
    text
      .replace(/(authorization\s*[:=]\s*)(basic|bearer)?\s*[^\s,;"']+/gi, '$1[redacted]')
      // A credential after the scheme name (it has a digit or base64 punctuation, unlike an English word).
      .replace(/\b(basic|bearer)(\s+)(?=[A-Za-z0-9+/._~-]*[0-9+/=])[A-Za-z0-9+/._~-]{8,}={0,2}/gi, '$1$2[redacted]')
      .replace(
        /(["']?\b(?:password|storePassword|newStorePassword|passwd|apiKey|api_key|token)["']?\s*[:=]\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}]+)/gi,
        '$1[redacted]',
      )
      .replace(
        /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
        '[redacted private key]',
      )
      .replace(/(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/gi, '$1[redacted]@')
  );
}
