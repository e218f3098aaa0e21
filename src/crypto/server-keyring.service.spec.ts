import * as fs from 'node:fs';
import { AppConfig } from '../config/config';
import { setLogSink } from '../common/json-logger';
import { removeDataDir, testCryptoConfig } from './crypto-test-config';
import { formatKey, keyFilePath, newServerKey, ServerKey } from './server-keyring';
import { ServerKeyring } from './server-keyring.service';

function writeKeyFile(config: AppConfig, keys: ServerKey[]): void {
  fs.writeFileSync(keyFilePath(config.dataDir), `# test keys, first active\n${keys.map(formatKey).join('\n')}\n`);
}

describe('ServerKeyring', () => {
  let config: AppConfig;
  beforeEach(() => (config = testCryptoConfig()));
  afterEach(() => removeDataDir(config));

  it('creates the key file once and reads the same key back', () => {
    const first = new ServerKeyring(config);
    expect(fs.statSync(keyFilePath(config.dataDir)).mode & 0o777).toBe(0o600);
    const second = new ServerKeyring(config);
    expect(second.active()).toEqual(first.active());
    expect(first.active().key).toHaveLength(32);
    expect(first.get(first.active().id)).toEqual(first.active());
  });

  it('re-reads the key file when asked for an unknown id', () => {
    const keyring = new ServerKeyring(config);
    const old = keyring.active();
    const added = newServerKey();
    writeKeyFile(config, [added, old]);
    expect(keyring.ids()).toEqual([old.id]);
    expect(keyring.get(added.id)).toEqual(added);
    expect(keyring.active()).toEqual(added);
    expect(keyring.get('never-there')).toBeUndefined();
  });

  it('keeps its keys when the file is unreadable on reload', () => {
    const keyring = new ServerKeyring(config);
    const old = keyring.active();
    fs.writeFileSync(keyFilePath(config.dataDir), 'not a key\n');
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      expect(keyring.get('other')).toBeUndefined();
    } finally {
      setLogSink(previous);
    }
    expect(keyring.active()).toEqual(old);
    expect(lines.join('\n')).toContain('Could not re-read the server key file, keeping the loaded keys');
  });

  it('notices a rotated key file from active() after a while', () => {
    const now = jest.spyOn(Date, 'now');
    try {
      now.mockReturnValue(1_000_000);
      const keyring = new ServerKeyring(config);
      const old = keyring.active();
      const added = newServerKey();
      writeKeyFile(config, [added, old]);
      expect(keyring.active()).toEqual(old);
      now.mockReturnValue(1_000_000 + 60_000);
      expect(keyring.active()).toEqual(added);
    } finally {
      now.mockRestore();
    }
  });

  it('never reloads keys that came from STRONGROOM_SERVER_KEYS', () => {
    const env = newServerKey();
    const fixed = testCryptoConfig({ STRONGROOM_SERVER_KEYS: formatKey(env) });
    try {
      const keyring = new ServerKeyring(fixed);
      expect(fs.existsSync(keyFilePath(fixed.dataDir))).toBe(false);
      writeKeyFile(fixed, [newServerKey()]);
      expect(keyring.get('anything')).toBeUndefined();
      expect(keyring.active()).toEqual(env);
    } finally {
      removeDataDir(fixed);
    }
  });
});
