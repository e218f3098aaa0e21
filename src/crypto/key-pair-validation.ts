import * as crypto from 'node:crypto';
import { ParsedKey, utils } from 'ssh2';
import { opensshEd25519Pair } from './openssh-format';

/** Concord's reader refuses longer halves, so longer uploads are refused up front. */
export const MAX_KEY_BYTES = 8192;

/** Why an uploaded key pair was refused; the message is safe to show (it never quotes the key). */
export class InvalidKeyPair extends Error {}

type Half = 'public' | 'private';

/**
 * ssh2 cannot read PKCS#8 (`BEGIN PRIVATE KEY`, what `openssl genpkey` writes) though Concord's JSch
 * can, so such keys are re-expressed in a form ssh2 reads. Undefined when the text is not PKCS#8.
 */
function parsePkcs8(bytes: Buffer): ParsedKey | Error | undefined {
  const text = bytes.toString('utf8').trim();
  if (text.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----'))
    return new Error('Encrypted PKCS#8 key needs a passphrase');
  if (!text.startsWith('-----BEGIN PRIVATE KEY-----')) return undefined;
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey({ key: text, format: 'pem' });
  } catch {
    return new Error('Malformed PKCS#8 private key');
  }
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return utils.parseKey(key.export({ type: 'pkcs1', format: 'pem' }));
  if (type === 'ec') return utils.parseKey(key.export({ type: 'sec1', format: 'pem' }));
  if (type === 'ed25519') {
    const { x, d } = key.export({ format: 'jwk' });
    if (!x || !d) return new Error('Malformed PKCS#8 private key');
    return utils.parseKey(opensshEd25519Pair(Buffer.from(x, 'base64url'), Buffer.from(d, 'base64url')).privateKey);
  }
  return new Error(`Unsupported PKCS#8 key type: ${type ?? 'unknown'}`);
}

function parseHalf(bytes: Buffer, half: Half): ParsedKey {
  if (bytes.length > MAX_KEY_BYTES) {
    throw new InvalidKeyPair(`Key too long: the ${half} key is ${bytes.length} bytes (max ${MAX_KEY_BYTES} bytes)`);
  }
  const pkcs8 = half === 'private' ? parsePkcs8(bytes) : undefined;
  // Typed wider than ssh2 declares: an OpenSSH file holding zero keys parses to undefined.
  const parsed: ParsedKey | Error | undefined = pkcs8 ?? utils.parseKey(bytes);
  if (parsed instanceof Error) {
    const reason = /passphrase/i.test(parsed.message)
      ? 'the key is protected by a passphrase; upload it without one'
      : parsed.message;
    throw new InvalidKeyPair(`Invalid ${half} key: ${reason}`);
  }
  if (!parsed) throw new InvalidKeyPair(`Invalid ${half} key: no key found`);
  if (half === 'public' && parsed.isPrivateKey()) {
    // The public half is returned to any reader, so a private key must never be stored there.
    throw new InvalidKeyPair('Invalid public key: this is a private key');
  }
  if (half === 'private' && !parsed.isPrivateKey()) {
    throw new InvalidKeyPair('Invalid private key: this is a public key');
  }
  return parsed;
}

/** Each half parses (OpenSSH, PEM, PKCS#8 or PuTTY formats), is at most 8192 bytes, and the halves belong together. */
export function validateKeyPair(publicKey: Buffer, privateKey: Buffer): void {
  const pub = parseHalf(publicKey, 'public');
  const priv = parseHalf(privateKey, 'private');
  if (pub.type !== priv.type || !pub.getPublicSSH().equals(priv.getPublicSSH())) {
    throw new InvalidKeyPair('The public key does not match the private key');
  }
}
