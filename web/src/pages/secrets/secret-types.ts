import type { Schemas } from '../../api/client';

export type SecretType = Schemas['SecretEntry']['type'];

export const TYPE_LABELS: Record<SecretType, string> = {
  DATA: 'Data',
  USERNAME_PASSWORD: 'Username and password',
  KEY_PAIR: 'Key pair',
};

/** The value `/data` returns, split as its type lays it out (Concord's binary format). */
export type RevealedValue =
  | { type: 'DATA'; bytes: Uint8Array; text?: string }
  | { type: 'USERNAME_PASSWORD'; username: string; password: string }
  | { type: 'KEY_PAIR'; publicKey: string; privateKey: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * DATA is the raw bytes; KEY_PAIR is int32 length, public key, int32 length, private key;
 * USERNAME_PASSWORD is uint16 length, username (modified UTF-8, plain UTF-8 for ordinary text),
 * int32 length, password. Lengths are big-endian.
 */
export function decodeValue(type: string, buffer: ArrayBuffer): RevealedValue {
  const bytes = new Uint8Array(buffer);
  if (type !== 'KEY_PAIR' && type !== 'USERNAME_PASSWORD') return { type: 'DATA', bytes, text: text(bytes) };
  const view = new DataView(buffer);
  const decoder = new TextDecoder();
  let at = 0;
  const field = (lengthBytes: 2 | 4) => {
    if (at + lengthBytes > bytes.length) throw new Error('The server sent a value that does not fit its type');
    const length = lengthBytes === 2 ? view.getUint16(at) : view.getInt32(at);
    at += lengthBytes;
    if (length < 0 || at + length > bytes.length) throw new Error('The server sent a value that does not fit its type');
    const value = decoder.decode(bytes.subarray(at, at + length));
    at += length;
    return value;
  };
  if (type === 'KEY_PAIR') {
    const publicKey = field(4);
    return { type, publicKey, privateKey: field(4) };
  }
  const username = field(2);
  return { type, username, password: field(4) };
}
