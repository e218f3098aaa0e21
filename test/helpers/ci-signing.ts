import * as crypto from 'node:crypto';

/**
 * Signs requests exactly as each CI system's client does (ci-adapters.md A2, B1), so the tests
 * exercise the real wire format. Each function returns the headers to set; the body is sent as is.
 */

export type Headers = Record<string, string>;

function sha256b64(body: string | Buffer): string {
  return crypto.createHash('sha256').update(body).digest('base64');
}

/** Go's http.TimeFormat (IMF-fixdate). */
export function httpDate(at = new Date()): string {
  return at.toUTCString();
}

export interface DroneSignOptions {
  date?: Date;
  algorithm?: 'hmac-sha256' | 'hmac-sha1';
  /** The covered headers, in order; Drone's client covers these five. */
  headers?: string[];
  /** Leave out the Digest header (while still listing what `headers` says). */
  omitDigest?: boolean;
  acceptEncoding?: string;
}

/**
 * drone-go plugin/secret client: Accept, Accept-Encoding, Content-Type, Digest and Date, then a
 * draft-cavage `Signature` (99designs/httpsignatures-go) HMAC over `accept accept-encoding content-type date digest`.
 */
export function droneHeaders(token: string, body: string, opts: DroneSignOptions = {}): Headers {
  const headers: Headers = {
    accept: 'application/vnd.drone.secret.v1+json',
    'accept-encoding': opts.acceptEncoding ?? 'identity',
    'content-type': 'application/json',
    date: httpDate(opts.date),
    digest: `SHA-256=${sha256b64(body)}`,
  };
  const covered = opts.headers ?? ['accept', 'accept-encoding', 'content-type', 'date', 'digest'];
  const signingString = covered.map((h) => `${h}: ${headers[h]}`).join('\n');
  const algorithm = opts.algorithm ?? 'hmac-sha256';
  const mac = crypto
    .createHmac(algorithm === 'hmac-sha1' ? 'sha1' : 'sha256', Buffer.from(token, 'utf8'))
    .update(signingString)
    .digest('base64');
  const out: Headers = {
    Accept: headers.accept,
    'Accept-Encoding': headers['accept-encoding'],
    'Content-Type': headers['content-type'],
    Date: headers.date,
    Signature: `keyId="hmac-key",algorithm="${algorithm}",headers="${covered.join(' ')}",signature="${mac}"`,
  };
  if (!opts.omitDigest) out.Digest = headers.digest;
  return out;
}

export function ed25519Pair(): { publicKeyPem: string; privateKey: crypto.KeyObject } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey };
}

export interface WoodpeckerSignOptions {
  /** Unix seconds; defaults to now. */
  created?: number;
  components?: string[];
  omitContentDigest?: boolean;
  label?: string;
}

/**
 * Woodpecker 3 (yaronf/httpsign): Content-Digest, then an RFC 9421 Ed25519 signature labelled
 * `woodpecker-ci-extensions` over ("@request-target" "content-digest") with created and alg.
 */
export function woodpeckerHeaders(
  privateKey: crypto.KeyObject,
  target: string,
  body: string,
  opts: WoodpeckerSignOptions = {},
): Headers {
  const label = opts.label ?? 'woodpecker-ci-extensions';
  const contentDigest = `sha-256=:${sha256b64(body)}:`;
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const components = opts.components ?? ['@request-target', 'content-digest'];
  const params = `(${components.map((c) => `"${c}"`).join(' ')});created=${created};alg="ed25519"`;
  const values: Record<string, string> = { '@request-target': target, 'content-digest': contentDigest };
  const base = [...components.map((c) => `"${c}": ${values[c]}`), `"@signature-params": ${params}`].join('\n');
  const signature = crypto.sign(null, Buffer.from(base), privateKey).toString('base64');
  const out: Headers = {
    'Content-Type': 'application/json',
    'Signature-Input': `${label}=${params}`,
    Signature: `${label}=:${signature}:`,
  };
  if (!opts.omitContentDigest) out['Content-Digest'] = contentDigest;
  return out;
}

/**
 * The older Woodpecker form (go-ap/httpsig, keyId `woodpecker-ci-plugins`): draft-cavage Ed25519 over
 * `(request-target) date`, plus `digest` when there is a body.
 */
export function woodpeckerCavageHeaders(
  privateKey: crypto.KeyObject,
  method: string,
  target: string,
  body?: string,
  opts: { date?: Date; headers?: string[] } = {},
): Headers {
  const date = httpDate(opts.date);
  const values: Record<string, string> = { '(request-target)': `${method.toLowerCase()} ${target}`, date };
  if (body !== undefined) values.digest = `SHA-256=${sha256b64(body)}`;
  const covered =
    opts.headers ?? (body !== undefined ? ['(request-target)', 'date', 'digest'] : ['(request-target)', 'date']);
  const signingString = covered.map((h) => `${h}: ${values[h]}`).join('\n');
  const signature = crypto.sign(null, Buffer.from(signingString), privateKey).toString('base64');
  const created = Math.floor((opts.date ?? new Date()).getTime() / 1000);
  const out: Headers = {
    Date: date,
    Signature: `keyId="woodpecker-ci-plugins",algorithm="ed25519",created="${created}",expires="${created + 60}",headers="${covered.join(' ')}",signature="${signature}"`,
  };
  if (body !== undefined) {
    out['Content-Type'] = 'application/json';
    out.Digest = values.digest;
  }
  return out;
}
