import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { AppConfig } from '../config/config';
import { ServiceBusy } from '../common/errors';
import { removeDataDir, testCryptoConfig } from './crypto-test-config';
import {
  NotPasswordProtected,
  SealedSecret,
  SecretCrypto,
  SecretDecryptFailed,
  StorePasswordRequired,
  WrongStorePassword,
} from './secret-crypto.service';
import { encodePayload } from './secret-payload';
import { formatKey, keyFilePath, newServerKey, readKeyFile } from './server-keyring';
import { ServerKeyring } from './server-keyring.service';

const flip = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x01;
  return copy;
};

describe('SecretCrypto', () => {
  let config: AppConfig;
  let crypto: SecretCrypto;
  const payloads = [
    encodePayload({ type: 'DATA', data: Buffer.from([0, 1, 2, 3, 254, 255]) }),
    encodePayload({ type: 'KEY_PAIR', publicKey: Buffer.from('PUB'), privateKey: Buffer.from('PRIV') }),
    encodePayload({ type: 'USERNAME_PASSWORD', username: 'bob', password: 'pä' }),
  ];

  beforeEach(() => {
    config = testCryptoConfig();
    crypto = new SecretCrypto(config, new ServerKeyring(config));
  });
  afterEach(() => removeDataDir(config));

  it.each(payloads.map((p, i) => [i, p]))('round-trips payload %i under the server key', async (_i, payload) => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payload);
    expect(sealed).toMatchObject({ formatVersion: 1, encryptedBy: 'SERVER_KEY', keyId: crypto.activeKeyId() });
    expect(sealed.kdfSalt).toBeNull();
    expect(sealed.kdfParams).toBeNull();
    expect(sealed.ciphertext.length).toBe(payload.length + 28);
    expect(sealed.ciphertext.includes(payload)).toBe(payload.length === 0);
    expect(await crypto.open(id, sealed)).toEqual(payload);
  });

  it.each(payloads.map((p, i) => [i, p]))('round-trips payload %i under a store password', async (_i, payload) => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payload, 'Q1w2e3r4T');
    expect(sealed).toMatchObject({ encryptedBy: 'PASSWORD', keyId: null, kdfParams: config.secrets.argon2 });
    expect(sealed.kdfSalt).toHaveLength(16);
    expect(await crypto.open(id, sealed, 'Q1w2e3r4T')).toEqual(payload);
  });

  it('wraps with the default argon2id parameters (m=19456 KiB, t=2, p=1) when config keeps them', async () => {
    const defaults = testCryptoConfig({ STRONGROOM_ARGON2_MEMORY_KIB: '', STRONGROOM_ARGON2_ITERATIONS: '' });
    try {
      const standard = new SecretCrypto(defaults, new ServerKeyring(defaults));
      const id = randomUUID();
      const sealed = await standard.seal(id, payloads[2], 'Q1w2e3r4T');
      expect(sealed.kdfParams).toEqual({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
      // Stored parameters win over config: a cheaper-configured instance still opens the row.
      expect(await crypto.open(id, sealed, 'Q1w2e3r4T')).toEqual(payloads[2]);
    } finally {
      removeDataDir(defaults);
    }
  });

  it('uses a fresh data key, nonce and salt on every seal', async () => {
    const id = randomUUID();
    const a = await crypto.seal(id, payloads[0], 'pw');
    const b = await crypto.seal(id, payloads[0], 'pw');
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedKey.equals(b.wrappedKey)).toBe(false);
    expect(a.kdfSalt!.equals(b.kdfSalt!)).toBe(false);
  });

  it('refuses a wrong store password with WrongStorePassword, never garbage', async () => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payloads[0], 'Q1w2e3r4T');
    await expect(crypto.open(id, sealed, 'q1w2e3r4T')).rejects.toBeInstanceOf(WrongStorePassword);
    await expect(crypto.open(id, sealed, '')).rejects.toBeInstanceOf(WrongStorePassword);
  });

  it('says when a password is missing or not expected', async () => {
    const id = randomUUID();
    const withPassword = await crypto.seal(id, payloads[0], 'pw');
    await expect(crypto.open(id, withPassword)).rejects.toBeInstanceOf(StorePasswordRequired);
    const withServerKey = await crypto.seal(id, payloads[0]);
    await expect(crypto.open(id, withServerKey, 'pw')).rejects.toBeInstanceOf(NotPasswordProtected);
  });

  describe('refuses altered or moved rows with SecretDecryptFailed', () => {
    const cases: [string, (s: SealedSecret) => SealedSecret][] = [
      ['tampered ciphertext body', (s) => ({ ...s, ciphertext: flip(s.ciphertext, 13) })],
      ['tampered ciphertext nonce', (s) => ({ ...s, ciphertext: flip(s.ciphertext, 0) })],
      ['tampered ciphertext tag', (s) => ({ ...s, ciphertext: flip(s.ciphertext, s.ciphertext.length - 1) })],
      ['truncated ciphertext', (s) => ({ ...s, ciphertext: s.ciphertext.subarray(0, 20) })],
      ['tampered wrapped key', (s) => ({ ...s, wrappedKey: flip(s.wrappedKey, 20) })],
      ['unknown key id', (s) => ({ ...s, keyId: 'no-such-key' })],
      ['missing key id', (s) => ({ ...s, keyId: null })],
      ['unknown format version', (s) => ({ ...s, formatVersion: 2 })],
    ];
    it.each(cases)('%s', async (_name, alter) => {
      const id = randomUUID();
      const sealed = await crypto.seal(id, payloads[2]);
      const error = await crypto.open(id, alter(sealed)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretDecryptFailed);
      expect((error as Error).message).not.toContain(readKeyFile(config.dataDir)[0].key.toString('base64'));
    });

    it('a whole server-key row copied onto another secret id', async () => {
      const sealed = await crypto.seal(randomUUID(), payloads[0]);
      await expect(crypto.open(randomUUID(), sealed)).rejects.toBeInstanceOf(SecretDecryptFailed);
    });

    it("a ciphertext copied onto another password secret's row", async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const sealedA = await crypto.seal(a, payloads[0], 'pw');
      const sealedB = await crypto.seal(b, payloads[1], 'pw');
      const moved = { ...sealedB, ciphertext: sealedA.ciphertext };
      await expect(crypto.open(b, moved, 'pw')).rejects.toBeInstanceOf(SecretDecryptFailed);
    });

    it('out-of-range stored argon2 parameters, before deriving anything', async () => {
      const id = randomUUID();
      const sealed = await crypto.seal(id, payloads[0], 'pw');
      const huge = { ...sealed, kdfParams: { memoryKiB: 64 * 1048576, iterations: 1, parallelism: 1 } };
      await expect(crypto.open(id, huge, 'pw')).rejects.toBeInstanceOf(SecretDecryptFailed);
    });
  });

  it('a password change keeps the data readable with the new password only', async () => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payloads[2], 'Old1pass');
    await expect(crypto.rewrapWithPassword(id, sealed, 'wrong', 'New1pass')).rejects.toBeInstanceOf(WrongStorePassword);
    const changed = await crypto.rewrapWithPassword(id, sealed, 'Old1pass', 'New1pass');
    expect(changed.ciphertext).toEqual(sealed.ciphertext);
    expect(changed.kdfSalt!.equals(sealed.kdfSalt!)).toBe(false);
    expect(await crypto.open(id, changed, 'New1pass')).toEqual(payloads[2]);
    await expect(crypto.open(id, changed, 'Old1pass')).rejects.toBeInstanceOf(WrongStorePassword);
    const serverRow = await crypto.seal(id, payloads[2]);
    await expect(crypto.rewrapWithPassword(id, serverRow, 'a', 'b')).rejects.toBeInstanceOf(NotPasswordProtected);
  });

  it('reseal replaces the data under the same password and checks the current one', async () => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payloads[0], 'pw');
    await expect(crypto.reseal(id, sealed, payloads[1], 'wrong')).rejects.toBeInstanceOf(WrongStorePassword);
    const updated = await crypto.reseal(id, sealed, payloads[1], 'pw');
    expect(updated.kdfSalt).toEqual(sealed.kdfSalt);
    expect(await crypto.open(id, updated, 'pw')).toEqual(payloads[1]);
    const serverRow = await crypto.reseal(id, await crypto.seal(id, payloads[0]), payloads[2]);
    expect(await crypto.open(id, serverRow)).toEqual(payloads[2]);
  });

  it('rotation re-wraps to a new active key; old keys still open old rows', async () => {
    const id = randomUUID();
    const oldRow = await crypto.seal(id, payloads[1]);
    const oldKeyId = crypto.activeKeyId();
    expect(crypto.rewrapToActiveKey(id, oldRow)).toBeNull();

    const newKey = newServerKey();
    const file = keyFilePath(config.dataDir);
    const existing = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    fs.writeFileSync(file, [formatKey(newKey), ...existing].join('\n') + '\n');
    const rotated = new SecretCrypto(config, new ServerKeyring(config));
    expect(rotated.activeKeyId()).toBe(newKey.id);

    const moved = rotated.rewrapToActiveKey(id, oldRow)!;
    expect(moved).toMatchObject({ keyId: newKey.id, encryptedBy: 'SERVER_KEY' });
    expect(moved.ciphertext).toEqual(oldRow.ciphertext);
    expect(rotated.rewrapToActiveKey(id, moved)).toBeNull();
    expect(await rotated.open(id, moved)).toEqual(payloads[1]);
    expect(await rotated.open(id, oldRow)).toEqual(payloads[1]);
    // The first instance never saw the new key: it re-reads the key file on the unknown id.
    expect(await crypto.open(id, moved)).toEqual(payloads[1]);
    expect(oldKeyId).not.toBe(newKey.id);

    const passwordRow = await rotated.seal(id, payloads[0], 'pw');
    expect(rotated.rewrapToActiveKey(id, passwordRow)).toBeNull();
    expect(() => rotated.rewrapToActiveKey(randomUUID(), oldRow)).toThrow(SecretDecryptFailed);
  });

  it('server-key seal and open do not wait for the argon2 pool', async () => {
    const id = randomUUID();
    const sealed = await crypto.seal(id, payloads[0]);
    const spy = jest.spyOn(crypto.kdf.limiter, 'run');
    await crypto.open(id, sealed);
    await crypto.seal(id, payloads[0]);
    expect(spy).not.toHaveBeenCalled();
    await crypto.open(id, await crypto.seal(id, payloads[0], 'pw'), 'pw');
    expect(spy).toHaveBeenCalled();
  });

  it('answers 503 when too many password derivations are waiting', async () => {
    const busy = testCryptoConfig({ STRONGROOM_KDF_CONCURRENCY: '1', STRONGROOM_KDF_QUEUE_LIMIT: '1' });
    try {
      const limited = new SecretCrypto(busy, new ServerKeyring(busy));
      const id = randomUUID();
      const results = await Promise.allSettled([1, 2, 3].map(() => limited.seal(id, payloads[0], 'pw')));
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected).toHaveLength(1);
      expect(rejected[0].reason).toBeInstanceOf(ServiceBusy);
    } finally {
      removeDataDir(busy);
    }
  });
});
