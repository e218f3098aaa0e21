import { decodePayload, encodePayload, MalformedPayload, SecretPayload } from './secret-payload';
import { decodeModifiedUtf8, encodeModifiedUtf8 } from './modified-utf8';

const hex = (b: Buffer) => b.toString('hex');

describe('secret payload layouts (the value bytes Concord clients read)', () => {
  it('matches the USERNAME_PASSWORD test vector', () => {
    const bytes = encodePayload({ type: 'USERNAME_PASSWORD', username: 'bob', password: 'pä' });
    expect(hex(bytes)).toBe('0003626f620000000370c3a4');
    expect(decodePayload('USERNAME_PASSWORD', bytes)).toEqual({
      type: 'USERNAME_PASSWORD',
      username: 'bob',
      password: 'pä',
    });
  });

  it('matches the KEY_PAIR test vector', () => {
    const bytes = encodePayload({ type: 'KEY_PAIR', publicKey: Buffer.from('PUB'), privateKey: Buffer.from('PRIV') });
    expect(hex(bytes)).toBe('00000003505542' + '0000000450524956');
    const back = decodePayload('KEY_PAIR', bytes);
    expect(back).toEqual({ type: 'KEY_PAIR', publicKey: Buffer.from('PUB'), privateKey: Buffer.from('PRIV') });
  });

  it('keeps DATA as raw bytes', () => {
    const data = Buffer.from([0, 1, 2, 255]);
    expect(encodePayload({ type: 'DATA', data })).toEqual(data);
    expect(decodePayload('DATA', data)).toEqual({ type: 'DATA', data });
  });

  it('round-trips every type, including empty fields', () => {
    const payloads: SecretPayload[] = [
      { type: 'DATA', data: Buffer.alloc(0) },
      { type: 'KEY_PAIR', publicKey: Buffer.alloc(0), privateKey: Buffer.from('x') },
      { type: 'USERNAME_PASSWORD', username: '', password: '' },
      { type: 'USERNAME_PASSWORD', username: 'nul\u0000 and 😀 and é', password: '密码 😀' },
    ];
    for (const p of payloads) expect(decodePayload(p.type, encodePayload(p))).toEqual(p);
  });

  it('writes usernames in Java modified UTF-8 (C0 80 for NUL, surrogates one by one)', () => {
    expect(hex(encodeModifiedUtf8('\u0000'))).toBe('c080');
    expect(hex(encodeModifiedUtf8('é'))).toBe('c3a9');
    expect(hex(encodeModifiedUtf8('😀'))).toBe('eda0bdedb880');
    expect(decodeModifiedUtf8(Buffer.from('eda0bdedb880', 'hex'))).toBe('😀');
    expect(() => decodeModifiedUtf8(Buffer.from('c3', 'hex'))).toThrow();
    expect(() => decodeModifiedUtf8(Buffer.from('f09f9880', 'hex'))).toThrow();
  });

  it('refuses a username longer than 65535 encoded bytes', () => {
    const payload: SecretPayload = { type: 'USERNAME_PASSWORD', username: 'é'.repeat(40000), password: 'x' };
    expect(() => encodePayload(payload)).toThrow(MalformedPayload);
  });

  it.each([
    ['KEY_PAIR', ''],
    ['KEY_PAIR', '000000'],
    ['KEY_PAIR', '00000005505542'],
    ['KEY_PAIR', 'ffffffff'],
    ['KEY_PAIR', '0000000350555200000000ff'],
    ['KEY_PAIR', '00000003505542' + '0000000450524956' + '00'],
    ['USERNAME_PASSWORD', '00'],
    ['USERNAME_PASSWORD', '0003626f62'],
    ['USERNAME_PASSWORD', '0001ff00000000'],
    ['USERNAME_PASSWORD', '0003626f620000000370c3a4ff'],
  ] as const)('refuses malformed %s bytes %s', (type, bytes) => {
    expect(() => decodePayload(type, Buffer.from(bytes, 'hex'))).toThrow(MalformedPayload);
  });
});
