import * as crypto from 'node:crypto';

/** Concord's generated keys always carry this comment. */
export const KEY_COMMENT = 'concord-server';

function sshString(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** RFC 4251 mpint of a non-negative big-endian integer: minimal, with a 0x00 when the top bit is set. */
function sshMpint(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const needsPad = trimmed.length > 0 && (trimmed[0] & 0x80) !== 0;
  return sshString(needsPad ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** `ssh-rsa <base64 of string "ssh-rsa" ‖ mpint e ‖ mpint n> concord-server\n` from an SPKI DER public key. */
export function opensshRsaPublicLine(spkiDer: Buffer): string {
  const jwk = crypto.createPublicKey({ key: spkiDer, format: 'der', type: 'spki' }).export({ format: 'jwk' });
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('Expected an RSA public key');
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    sshMpint(Buffer.from(jwk.e, 'base64url')),
    sshMpint(Buffer.from(jwk.n, 'base64url')),
  ]);
  return `ssh-rsa ${blob.toString('base64')} ${KEY_COMMENT}\n`;
}

function wrapLines(base64: string, width: number): string {
  return base64.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');
}

/**
 * An unencrypted OpenSSH key pair from Ed25519 raw keys (32-byte public key, 32-byte seed), in the
 * `openssh-key-v1` format ssh-keygen writes. Built here rather than with ssh2's generator, which
 * strips leading zero bytes from the public key and so writes an unreadable key about 1 time in 256.
 */
export function opensshEd25519Pair(publicKey: Buffer, seed: Buffer): { publicKey: string; privateKey: string } {
  const name = Buffer.from('ssh-ed25519');
  const publicBlob = Buffer.concat([sshString(name), sshString(publicKey)]);
  const check = crypto.randomBytes(4);
  const section = Buffer.concat([
    check,
    check,
    sshString(name),
    sshString(publicKey),
    sshString(Buffer.concat([seed, publicKey])),
    sshString(Buffer.from(KEY_COMMENT)),
  ]);
  // Unencrypted sections are padded to the 8-byte block size with the bytes 1, 2, 3...
  const padding = Buffer.from(Array.from({ length: (8 - (section.length % 8)) % 8 }, (_, i) => i + 1));
  const none = sshString(Buffer.from('none'));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    none,
    none,
    sshString(Buffer.alloc(0)),
    Buffer.from([0, 0, 0, 1]),
    sshString(publicBlob),
    sshString(Buffer.concat([section, padding])),
  ]);
  return {
    publicKey: `ssh-ed25519 ${publicBlob.toString('base64')} ${KEY_COMMENT}\n`,
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrapLines(body.toString('base64'), 70)}\n-----END OPENSSH PRIVATE KEY-----\n`,
  };
}
