import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config';
import { loadKeyring } from '../../src/crypto/server-keyring';
import { startServer } from '../../src/startup/server';

const GOOD_MATERIAL = Buffer.alloc(32, 9).toString('base64');

function keyringError(serverKeys: string): ConfigError {
  try {
    const config = loadConfig({ STRONGROOM_SERVER_KEYS: serverKeys });
    loadKeyring(config.serverKeys, config.dataDir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  describe('STRONGROOM_SERVER_KEYS', () => {
    const cases: Array<[string, string, string, RegExp]> = [
      ['bad base64', 'k1:not*base64!material', 'not*base64!material', /entry 1 \(key 'k1'\) is not valid base64/],
      [
        'a key of the wrong length',
        `k1:${Buffer.alloc(16, 3).toString('base64')}`,
        Buffer.alloc(16, 3).toString('base64'),
        /entry 1 \(key 'k1'\) must decode to 32 bytes, got 16/,
      ],
      ['a missing id', GOOD_MATERIAL, GOOD_MATERIAL, /entry 1 is malformed: expected <id>:<base64 of 32 bytes>/],
      ['an empty id', `:${GOOD_MATERIAL}`, GOOD_MATERIAL, /entry 1 has an invalid key id/],
      [
        'a bad second entry',
        `k1:${GOOD_MATERIAL},k2:${GOOD_MATERIAL.slice(0, 20)}`,
        GOOD_MATERIAL.slice(0, 20),
        /entry 2 \(key 'k2'\)/,
      ],
    ];

    it.each(cases)('refuses %s with a clear message that does not echo the key', (_what, spec, material, message) => {
      const error = keyringError(spec);
      expect(error.message).toMatch(/^STRONGROOM_SERVER_KEYS: /);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(material);
    });

    it('refuses a repeated key id', () => {
      expect(keyringError(`k1:${GOOD_MATERIAL},k1:${GOOD_MATERIAL}`).message).toMatch(/repeats key id 'k1'/);
    });

    it('accepts a well-formed keyring, the first key active', () => {
      const other = Buffer.alloc(32, 1).toString('base64');
      const keys = loadKeyring(`new:${GOOD_MATERIAL}, old:${other}`, os.tmpdir());
      expect(keys.map((k) => k.id)).toEqual(['new', 'old']);
      expect(keys[0].key.length).toBe(32);
    });

    it('makes the server refuse to start, before touching the database', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-config-'));
      try {
        const config = loadConfig({ STRONGROOM_DATA_DIR: dataDir, STRONGROOM_SERVER_KEYS: 'k1:short' });
        await expect(startServer(config)).rejects.toThrow(ConfigError);
        expect(fs.readdirSync(dataDir)).toEqual([]);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('the generated key file', () => {
    it('is written once (0600) and read back on the next start', () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'strongroom-config-'));
      try {
        const first = loadKeyring(undefined, dataDir);
        const file = path.join(dataDir, 'server-keys');
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        const second = loadKeyring(undefined, dataDir);
        expect(second.map((k) => k.id)).toEqual(first.map((k) => k.id));
        expect(second[0].key.equals(first[0].key)).toBe(true);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });

  describe('PORT', () => {
    it.each(['abc', '70000', '-1', '80.5', '8001x'])("refuses PORT='%s'", (port) => {
      expect(() => loadConfig({ PORT: port })).toThrow(ConfigError);
      expect(() => loadConfig({ PORT: port })).toThrow(/^PORT must be/);
    });

    it('defaults to 8001 and accepts 0 (any free port)', () => {
      expect(loadConfig({}).port).toBe(8001);
      expect(loadConfig({ PORT: '0' }).port).toBe(0);
      expect(loadConfig({ PORT: '18001' }).port).toBe(18001);
    });
  });

  it('refuses a DATABASE_URL that is not postgres://', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
  });

  it('refuses an unknown log level and a malformed boolean', () => {
    expect(() => loadConfig({ STRONGROOM_LOG_LEVEL: 'chatty' })).toThrow(/STRONGROOM_LOG_LEVEL must be one of/);
    expect(() => loadConfig({ STRONGROOM_SECURE_COOKIES: 'maybe' })).toThrow(/STRONGROOM_SECURE_COOKIES must be/);
  });

  describe('operations', () => {
    it('has defaults an operator can live with', () => {
      expect(loadConfig({}).operations).toEqual({
        databaseWaitSeconds: 30,
        healthTimeoutMs: 1000,
        shutdownGraceSeconds: 5,
        metricsToken: undefined,
      });
      expect(loadConfig({}).tls).toBeUndefined();
      expect(loadConfig({}).secureCookies).toBe(false);
    });

    it('refuses malformed values, naming the variable and never echoing a token', () => {
      expect(() => loadConfig({ STRONGROOM_DATABASE_WAIT_SECONDS: 'soon' })).toThrow(
        /^STRONGROOM_DATABASE_WAIT_SECONDS must be a whole number/,
      );
      expect(() => loadConfig({ STRONGROOM_HEALTH_TIMEOUT_MS: '10' })).toThrow(
        /^STRONGROOM_HEALTH_TIMEOUT_MS must be between 100 and 60000/,
      );
      expect(() => loadConfig({ STRONGROOM_SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(ConfigError);
      const short = 'too-short-tok';
      expect(() => loadConfig({ STRONGROOM_METRICS_TOKEN: short })).toThrow(
        'STRONGROOM_METRICS_TOKEN must be at least 16 characters without spaces',
      );
      expect(() => loadConfig({ STRONGROOM_TLS_KEY: '/x.key' })).toThrow(/go together/);
    });

    it('makes session cookies Secure when it serves HTTPS itself', () => {
      const config = loadConfig({ STRONGROOM_TLS_CERT: 'c.pem', STRONGROOM_TLS_KEY: 'k.pem' });
      expect(config.secureCookies).toBe(true);
      expect(config.tls?.certFile).toMatch(/\/c\.pem$/);
    });
  });
});
