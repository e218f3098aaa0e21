/** HTTP Basic credentials as sent: `login` is the part before the first colon, `password` the rest. */
export interface BasicCredentials {
  login: string;
  password: string;
}

/**
 * Decodes the value after `Basic `, or says why it is not base64 of `login:password`. Shared by
 * authentication and the input gate, so both read the same login out of the same header.
 */
export function decodeBasic(encoded: string): BasicCredentials | 'bad base64' | 'no colon' {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return 'bad base64';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return 'no colon';
  return { login: decoded.slice(0, colon).trim(), password: decoded.slice(colon + 1) };
}
