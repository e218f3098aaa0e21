import {
  concordDataFingerprint,
  concordKeyDerivation,
  concordLegacyDerivation,
  concordPayloadProblem,
  decryptConcord,
  isConclusive,
  legacySealed,
  openLegacy,
} from './concord-legacy';

// Concord's published test vector: salt 00..0f, password Q1w2e3r4T, plaintext "hello".
const SALT = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
const PASSWORD = Buffer.from('Q1w2e3r4T', 'utf8');
const SHA256_CIPHERTEXT = Buffer.from('0597634544cfbf0aa4cfd4d9c8cb51cd', 'hex');
const MD5_CIPHERTEXT = Buffer.from('ecdb6ff7380540e83549b5d5aead1135', 'hex');

describe('Concord legacy decryption', () => {
  it('opens the SHA-256 and the MD5 test vectors', () => {
    const sha = decryptConcord(SHA256_CIPHERTEXT, PASSWORD, SALT, 'SHA-256');
    expect(sha?.bytes.toString('utf8')).toBe('hello');
    expect(sha?.paddingBytes).toBe(11);
    const md5 = decryptConcord(MD5_CIPHERTEXT, PASSWORD, SALT, 'MD5');
    expect(md5?.bytes.toString('utf8')).toBe('hello');
  });

  it('refuses the wrong derivation, the wrong password and damaged lengths', () => {
    expect(decryptConcord(SHA256_CIPHERTEXT, PASSWORD, SALT, 'MD5')).toBeUndefined();
    expect(decryptConcord(MD5_CIPHERTEXT, PASSWORD, SALT, 'SHA-256')).toBeUndefined();
    expect(decryptConcord(SHA256_CIPHERTEXT, Buffer.from('Q1w2e3r4t'), SALT, 'SHA-256')).toBeUndefined();
    expect(decryptConcord(SHA256_CIPHERTEXT.subarray(0, 15), PASSWORD, SALT, 'SHA-256')).toBeUndefined();
    expect(decryptConcord(Buffer.alloc(0), PASSWORD, SALT, 'SHA-256')).toBeUndefined();
  });

  it('reads HASH_ALGORITHM as Concord does: anything but SHA-256 is MD5', () => {
    expect(concordKeyDerivation('SHA-256')).toBe('SHA-256');
    expect(concordKeyDerivation('md5')).toBe('MD5');
    expect(concordKeyDerivation(null)).toBe('MD5');
    expect(concordKeyDerivation('sha-256')).toBe('MD5');
  });

  it('marks legacy rows with a format version of their own and opens them with the store password', () => {
    const sealed = legacySealed(SHA256_CIPHERTEXT, SALT, 'SHA-256');
    expect(concordLegacyDerivation(sealed)).toBe('SHA-256');
    expect(concordLegacyDerivation(legacySealed(MD5_CIPHERTEXT, SALT, 'MD5'))).toBe('MD5');
    expect(concordLegacyDerivation({ formatVersion: 1 })).toBeUndefined();
    expect(openLegacy(sealed, 'Q1w2e3r4T')?.bytes.toString('utf8')).toBe('hello');
    expect(openLegacy(sealed, 'wrong')).toBeUndefined();
  });

  it('checks the payload layout of each type', () => {
    expect(concordPayloadProblem('DATA', Buffer.from('anything'))).toBeUndefined();
    const pair = Buffer.from('000000035055420000000450524956', 'hex');
    expect(concordPayloadProblem('KEY_PAIR', pair)).toBeUndefined();
    expect(concordPayloadProblem('KEY_PAIR', Buffer.from('0000ffff5055', 'hex'))).toMatch(/runs past the end/);
    const big = Buffer.alloc(4 + 8193 + 4 + 1);
    big.writeInt32BE(8193, 0);
    big.writeInt32BE(1, 4 + 8193);
    expect(concordPayloadProblem('KEY_PAIR', big)).toMatch(/longer than 8192/);
    expect(concordPayloadProblem('USERNAME_PASSWORD', Buffer.from('0003626f620000000370c3a4', 'hex'))).toBeUndefined();
    expect(concordPayloadProblem('USERNAME_PASSWORD', Buffer.from('0003626f620000000370c3a400', 'hex'))).toMatch(
      /trailing/,
    );
  });

  it('counts one byte of DATA padding as inconclusive', () => {
    expect(isConclusive('DATA', { bytes: Buffer.alloc(15), paddingBytes: 1 })).toBe(false);
    expect(isConclusive('DATA', { bytes: Buffer.alloc(14), paddingBytes: 2 })).toBe(true);
    expect(isConclusive('KEY_PAIR', { bytes: Buffer.alloc(15), paddingBytes: 1 })).toBe(true);
  });

  it('fingerprints every part of the stored data', () => {
    const base = {
      type: 'DATA',
      encryptedBy: 'PASSWORD',
      derivation: 'SHA-256',
      salt: SALT,
      ciphertext: MD5_CIPHERTEXT,
    };
    const fp = concordDataFingerprint(base);
    expect(concordDataFingerprint({ ...base })).toEqual(fp);
    expect(concordDataFingerprint({ ...base, derivation: 'MD5' })).not.toEqual(fp);
    expect(concordDataFingerprint({ ...base, salt: Buffer.alloc(16) })).not.toEqual(fp);
    expect(concordDataFingerprint({ ...base, type: 'KEY_PAIR' })).not.toEqual(fp);
  });
});
