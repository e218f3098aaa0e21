import { decodeModifiedUtf8, encodeModifiedUtf8 } from './modified-utf8';

/** What gets encrypted, laid out as Concord does (docs/compatibility.md#the-value-bytes), so `/data` returns Concord's bytes. */
export type SecretType = 'KEY_PAIR' | 'USERNAME_PASSWORD' | 'DATA';

export type SecretPayload =
  | { type: 'DATA'; data: Buffer }
  | { type: 'KEY_PAIR'; publicKey: Buffer; privateKey: Buffer }
  | { type: 'USERNAME_PASSWORD'; username: string; password: string };

/** Raised for bytes that do not follow the layout of their type; the message never quotes the bytes. */
export class MalformedPayload extends Error {}

const MAX_USERNAME_BYTES = 0xffff;

function int32Prefixed(value: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(value.length);
  return Buffer.concat([length, value]);
}

/** DATA raw; KEY_PAIR int32 len ‖ pub ‖ int32 len ‖ priv; USERNAME_PASSWORD uint16 len ‖ modified UTF-8 ‖ int32 len ‖ UTF-8. */
export function encodePayload(payload: SecretPayload): Buffer {
  switch (payload.type) {
    case 'DATA':
      return payload.data;
    case 'KEY_PAIR':
      return Buffer.concat([int32Prefixed(payload.publicKey), int32Prefixed(payload.privateKey)]);
    case 'USERNAME_PASSWORD': {
      const username = encodeModifiedUtf8(payload.username);
      if (username.length > MAX_USERNAME_BYTES) {
        throw new MalformedPayload(`Username too long: ${username.length} bytes encoded (max ${MAX_USERNAME_BYTES})`);
      }
      const length = Buffer.alloc(2);
      length.writeUInt16BE(username.length);
      return Buffer.concat([length, username, int32Prefixed(Buffer.from(payload.password, 'utf8'))]);
    }
  }
}

/** Reads fields front to back and refuses short, overlong or trailing data. */
class Reader {
  private offset = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly type: SecretType,
  ) {}

  take(length: number, field: string): Buffer {
    if (length < 0 || this.offset + length > this.bytes.length) {
      throw new MalformedPayload(`Malformed ${this.type} payload: ${field} runs past the end`);
    }
    const slice = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return Buffer.from(slice);
  }

  int32Prefixed(field: string): Buffer {
    return this.take(this.take(4, `${field} length`).readInt32BE(), field);
  }

  uint16Prefixed(field: string): Buffer {
    return this.take(this.take(2, `${field} length`).readUInt16BE(), field);
  }

  end(): void {
    if (this.offset !== this.bytes.length) {
      throw new MalformedPayload(`Malformed ${this.type} payload: ${this.bytes.length - this.offset} trailing bytes`);
    }
  }
}

export function decodePayload(type: SecretType, bytes: Buffer): SecretPayload {
  switch (type) {
    case 'DATA':
      return { type, data: bytes };
    case 'KEY_PAIR': {
      const reader = new Reader(bytes, type);
      const publicKey = reader.int32Prefixed('public key');
      const privateKey = reader.int32Prefixed('private key');
      reader.end();
      return { type, publicKey, privateKey };
    }
    case 'USERNAME_PASSWORD': {
      const reader = new Reader(bytes, type);
      let username: string;
      try {
        username = decodeModifiedUtf8(reader.uint16Prefixed('username'));
      } catch (error) {
        if (error instanceof MalformedPayload) throw error;
        throw new MalformedPayload(`Malformed ${type} payload: the username is not valid modified UTF-8`);
      }
      const password = reader.int32Prefixed('password').toString('utf8');
      reader.end();
      return { type, username, password };
    }
  }
}
