import * as crypto from 'node:crypto';
import { Client } from 'pg';
import { AppConfig } from '../src/config/config';
import { SecretCrypto } from '../src/crypto/secret-crypto.service';
import { ServerKeyring } from '../src/crypto/server-keyring.service';
import { toSealedColumns } from '../src/secrets/secrets.repository';

export interface SeededOrg {
  id: string;
  name: string;
  /** Secret names and ids, same order (empty for orgs that are only listed or written). */
  names: string[];
  ids: string[];
}

export interface Seeded {
  userId: string;
  apiKey: string;
  main: SeededOrg;
  small: SeededOrg;
  large: SeededOrg;
  create: SeededOrg;
  bareCreate: SeededOrg;
  passwordNames: string[];
  storePassword: string;
}

export interface SeedCounts {
  main: number;
  small: number;
  large: number;
  password: number;
}

const STORE_PASSWORD = 'Str0ng-Vault-Pw';
const VALUE_BYTES = 1024;
const BATCH = 500;

async function call(url: string, key: string, method: string, path: string, body?: unknown) {
  const isForm = body instanceof FormData;
  const res = await fetch(url + path, {
    method,
    headers: isForm ? { Authorization: key } : { Authorization: key, 'Content-Type': 'application/json' },
    body: isForm ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${method} ${path} failed: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Test data: a non-admin user (the orgs' owner, so reads take Strongroom's ordinary access path)
 * with an API key, its orgs, and the password secrets over HTTP; the bulk rows directly in SQL,
 * sealed by the app's own SecretCrypto with the server's keys so they decrypt like any other row.
 */
export async function seed(
  url: string,
  adminKey: string,
  databaseUrl: string,
  config: AppConfig,
  counts: SeedCounts,
): Promise<Seeded> {
  const tag = crypto.randomBytes(3).toString('hex');
  const user = await call(url, adminKey, 'POST', '/api/v1/user', { username: `bench-runner-${tag}`, type: 'LOCAL' });
  const userId = String(user.id);
  const apiKey = String((await call(url, adminKey, 'POST', '/api/v1/apikey', { userId })).key);
  const org = async (label: string): Promise<SeededOrg> => {
    const name = `bench-${label}-${tag}`;
    const created = await call(url, adminKey, 'POST', '/api/v1/org', { name, owner: { id: userId } });
    return { id: String(created.id), name, names: [], ids: [] };
  };
  const seeded: Seeded = {
    userId,
    apiKey,
    main: await org('main'),
    small: await org('list-small'),
    large: await org('list-large'),
    create: await org('create'),
    bareCreate: await org('bare-create'),
    passwordNames: [],
    storePassword: STORE_PASSWORD,
  };
  for (let i = 0; i < counts.password; i++) {
    const form = new FormData();
    const name = `pwd-${i}`;
    form.set('name', name);
    form.set('type', 'data');
    form.set('storePassword', STORE_PASSWORD);
    form.set('data', new Blob([crypto.randomBytes(VALUE_BYTES)]), 'data.bin');
    await call(url, apiKey, 'POST', `/api/v1/org/${seeded.main.name}/secret`, form);
    seeded.passwordNames.push(name);
  }

  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const sealer = new SecretCrypto(config, new ServerKeyring(config));
    await insertSealed(db, sealer, seeded.main, 's', counts.main, userId);
    await insertSealed(db, sealer, seeded.small, 'm', counts.small, userId);
    await insertShared(db, sealer, seeded.large, counts.large, userId);
    await db.query('ANALYZE secrets');
  } finally {
    await db.end();
  }
  return seeded;
}

const COLUMNS = [
  'id',
  'org_id',
  'name',
  'type',
  'encrypted_by',
  'visibility',
  'owner_id',
  'format_version',
  'ciphertext',
  'wrapped_key',
  'key_id',
] as const;

/** Rows that are read (`/data`, metadata): each sealed for its own id, with its own 1 KiB value. */
async function insertSealed(
  db: Client,
  sealer: SecretCrypto,
  org: SeededOrg,
  prefix: string,
  count: number,
  ownerId: string,
): Promise<void> {
  for (let start = 0; start < count; start += BATCH) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const id = crypto.randomUUID();
      const name = `${prefix}-${String(i).padStart(6, '0')}`;
      const sealed = toSealedColumns(await sealer.seal(id, crypto.randomBytes(VALUE_BYTES)));
      const row = [id, org.id, name, 'DATA', sealed.encryptedBy, 'PUBLIC', ownerId, sealed.formatVersion];
      values.push(...row, sealed.ciphertext, sealed.wrappedKey, sealed.keyId);
      const base = tuples.length * COLUMNS.length;
      tuples.push(`(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(', ')})`);
      org.names.push(name);
      org.ids.push(id);
    }
    await db.query(`INSERT INTO secrets (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}

/**
 * The large org's rows are only ever listed, never decrypted, so they share one sealed value (sealed
 * for a throwaway id, so it would not even decrypt): only their ids and names differ. This keeps
 * seeding 100,000 rows to a single INSERT ... SELECT.
 */
async function insertShared(db: Client, sealer: SecretCrypto, org: SeededOrg, count: number, ownerId: string) {
  const sealed = toSealedColumns(await sealer.seal(crypto.randomUUID(), crypto.randomBytes(VALUE_BYTES)));
  await db.query(
    `INSERT INTO secrets (${COLUMNS.join(', ')})
     SELECT gen_random_uuid(), $1, 'l-' || lpad(i::text, 6, '0'), 'DATA', $2, 'PUBLIC', $3, $4, $5, $6, $7
       FROM generate_series(0, $8::int - 1) AS i`,
    [
      org.id,
      sealed.encryptedBy,
      ownerId,
      sealed.formatVersion,
      sealed.ciphertext,
      sealed.wrappedKey,
      sealed.keyId,
      count,
    ],
  );
}
