import * as crypto from 'node:crypto';
import { ParsedKey, utils } from 'ssh2';
import { AppConfig } from '../config/config';
import { removeDataDir, testCryptoConfig } from './crypto-test-config';
import { InvalidKeyPair, KeyPairText, SshKeys } from './ssh-keys';

const parse = (key: string | Buffer): ParsedKey => {
  const parsed = utils.parseKey(key);
  if (parsed instanceof Error) throw parsed;
  return parsed;
};

describe('SshKeys', () => {
  let config: AppConfig;
  let keys: SshKeys;
  let rsa: KeyPairText;

  beforeAll(async () => {
    config = testCryptoConfig();
    keys = new SshKeys(config);
    rsa = await keys.generateRsa();
  });
  afterAll(() => removeDataDir(config));

  it('generates RSA in Concord formats: one OpenSSH line and a PKCS#1 PEM', () => {
    expect(rsa.publicKey).toMatch(/^ssh-rsa [A-Za-z0-9+/]+=* concord-server\n$/);
    const lines = rsa.privateKey.split('\n');
    expect(lines[0]).toBe('-----BEGIN RSA PRIVATE KEY-----');
    expect(lines.at(-2)).toBe('-----END RSA PRIVATE KEY-----');
    expect(lines.at(-1)).toBe('');
    expect(rsa.privateKey).not.toContain('\r');
    const body = lines.slice(1, -2);
    expect(body.slice(0, -1).every((l) => l.length === 64)).toBe(true);

    const jwk = crypto.createPrivateKey(rsa.privateKey).export({ format: 'jwk' });
    expect(Buffer.from(jwk.n!, 'base64url')).toHaveLength(2048 / 8);
    expect(jwk.e).toBe('AQAB');
    // Our hand-built public line is what ssh2 derives from the private key.
    expect(parse(rsa.publicKey).getPublicSSH()).toEqual(parse(rsa.privateKey).getPublicSSH());
    expect(() => keys.validateUploadedPair(Buffer.from(rsa.publicKey), Buffer.from(rsa.privateKey))).not.toThrow();
  });

  it('generates Ed25519 as an OpenSSH line and an unencrypted OpenSSH private key', async () => {
    const pair = await keys.generateEd25519();
    expect(pair.publicKey).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=* concord-server\n$/);
    expect(pair.privateKey).toMatch(
      /^-----BEGIN OPENSSH PRIVATE KEY-----\n[\s\S]+\n-----END OPENSSH PRIVATE KEY-----\n$/,
    );
    const parsed = parse(pair.privateKey);
    expect(parsed).toMatchObject({ type: 'ssh-ed25519', comment: 'concord-server' });
    expect(() => keys.validateUploadedPair(Buffer.from(pair.publicKey), Buffer.from(pair.privateKey))).not.toThrow();
    // The private key signs and the public key verifies: both halves carry the same key.
    const signature = parsed.sign(Buffer.from('hello'));
    expect(parse(pair.publicKey).verify(Buffer.from('hello'), signature)).toBe(true);
  });

  it('writes readable Ed25519 keys every time (even when the public key starts with zero bytes)', async () => {
    const pairs = await Promise.all(Array.from({ length: 1000 }, () => keys.generateEd25519()));
    const unreadable = pairs.filter((p) => utils.parseKey(p.privateKey) instanceof Error);
    expect(unreadable).toEqual([]);
  });

  describe('validateUploadedPair', () => {
    const reject = (pub: string | Buffer, priv: string | Buffer): string => {
      try {
        keys.validateUploadedPair(Buffer.from(pub), Buffer.from(priv));
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidKeyPair);
        return (error as Error).message;
      }
      throw new Error('expected InvalidKeyPair');
    };

    it('accepts PKCS#8 private keys (what openssl genpkey writes)', async () => {
      const pkcs8Rsa = crypto.createPrivateKey(rsa.privateKey).export({ type: 'pkcs8', format: 'pem' });
      expect(pkcs8Rsa).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(() => keys.validateUploadedPair(Buffer.from(rsa.publicKey), Buffer.from(pkcs8Rsa))).not.toThrow();
      const ed = crypto.generateKeyPairSync('ed25519');
      const { x } = ed.publicKey.export({ format: 'jwk' });
      const blob = Buffer.concat([
        Buffer.from('0000000b', 'hex'),
        Buffer.from('ssh-ed25519'),
        Buffer.from('00000020', 'hex'),
      ]);
      const edPublic = `ssh-ed25519 ${Buffer.concat([blob, Buffer.from(x!, 'base64url')]).toString('base64')} me@host\n`;
      const edPrivate = ed.privateKey.export({ type: 'pkcs8', format: 'pem' });
      expect(() => keys.validateUploadedPair(Buffer.from(edPublic), Buffer.from(edPrivate))).not.toThrow();
      expect(reject(rsa.publicKey, edPrivate)).toBe('The public key does not match the private key');
      const encrypted = crypto
        .createPrivateKey(rsa.privateKey)
        .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' });
      expect(reject(rsa.publicKey, encrypted)).toBe(
        'Invalid private key: the key is protected by a passphrase; upload it without one',
      );
      expect(reject(rsa.publicKey, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toMatch(
        /^Invalid private key: /,
      );
    });

    it('refuses halves from different pairs', async () => {
      const other = await keys.generateEd25519();
      const another = await keys.generateEd25519();
      expect(reject(rsa.publicKey, other.privateKey)).toBe('The public key does not match the private key');
      expect(reject(another.publicKey, other.privateKey)).toBe('The public key does not match the private key');
    });

    it('refuses garbage in either half', () => {
      expect(reject('not a key', rsa.privateKey)).toMatch(/^Invalid public key: /);
      expect(reject(rsa.publicKey, 'not a key')).toMatch(/^Invalid private key: /);
      expect(reject('', rsa.privateKey)).toMatch(/^Invalid public key: /);
      const mangled = rsa.privateKey.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
      expect(reject(rsa.publicKey, mangled)).toMatch(/^Invalid private key: /);
    });

    it('refuses the halves swapped', () => {
      expect(reject(rsa.privateKey, rsa.privateKey)).toBe('Invalid public key: this is a private key');
      expect(reject(rsa.publicKey, rsa.publicKey)).toBe('Invalid private key: this is a public key');
    });

    it('refuses halves over 8192 bytes without parsing them', () => {
      const long = rsa.publicKey.trimEnd() + ' ' + 'x'.repeat(9000);
      expect(reject(long, rsa.privateKey)).toBe(
        `Key too long: the public key is ${long.length} bytes (max 8192 bytes)`,
      );
      const longPrivate = rsa.privateKey + '\n'.repeat(8200);
      expect(reject(rsa.publicKey, longPrivate)).toMatch(
        /^Key too long: the private key is \d+ bytes \(max 8192 bytes\)$/,
      );
    });

    it('explains that passphrase-protected private keys are refused', () => {
      const openssh = utils.generateKeyPairSync('rsa', {
        bits: 2048,
        passphrase: 'secret',
        cipher: 'aes256-ctr',
        rounds: 2,
      });
      expect(reject(openssh.public, openssh.private)).toBe(
        'Invalid private key: the key is protected by a passphrase; upload it without one',
      );
      const pem = crypto.generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
      });
      expect(reject(rsa.publicKey, pem.privateKey)).toBe(
        'Invalid private key: the key is protected by a passphrase; upload it without one',
      );
    });
  });
});

describe('SshKeys pool', () => {
  it('serves pre-generated pairs, refills after a take, and stops cleanly', async () => {
    const config = testCryptoConfig({ STRONGROOM_KEY_POOL_SIZE: '2' });
    const keys = new SshKeys(config);
    try {
      keys.onModuleInit();
      const deadline = Date.now() + 30_000;
      while (keys.rsaPool.available < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(keys.rsaPool.available).toBe(2);
      const a = await keys.generateRsa();
      const b = await keys.generateRsa();
      expect(a.publicKey).not.toBe(b.publicKey);
      expect(a.publicKey).toMatch(/^ssh-rsa /);
    } finally {
      keys.onModuleDestroy();
      removeDataDir(config);
    }
    expect(keys.rsaPool.available).toBe(0);
  });

  it('generates on demand, and keeps nothing running, with a pool size of 0', async () => {
    const config = testCryptoConfig({ STRONGROOM_KEY_POOL_SIZE: '0' });
    const keys = new SshKeys(config);
    keys.onModuleInit();
    const pair = await keys.generateRsa();
    expect(pair.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    expect(keys.rsaPool.available).toBe(0);
    keys.onModuleDestroy();
    removeDataDir(config);
  });

  it('runs at most two generations at once', async () => {
    const config = testCryptoConfig({ STRONGROOM_KEY_POOL_SIZE: '0' });
    const keys = new SshKeys(config);
    let running = 0;
    let peak = 0;
    const run = keys.limiter.run.bind(keys.limiter);
    jest.spyOn(keys.limiter, 'run').mockImplementation((task) =>
      run(async () => {
        peak = Math.max(peak, ++running);
        try {
          return await task();
        } finally {
          running--;
        }
      }),
    );
    await Promise.all([1, 2, 3, 4].map(() => keys.generateRsa()));
    expect(peak).toBe(2);
    removeDataDir(config);
  });
});
