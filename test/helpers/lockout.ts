import { TestApp } from './test-app';
import { createOrg, createUser } from './factories';
import { createSecret, readSecretData } from './secrets';
import { uniqueName } from './names';

export const LOCK_LIMIT = 10;
export const PARALLEL = 40;
export const RIGHT_PASSWORD = 'RiGhT1pAsS';

/** Cheap argon2id and four derivations at once: checks finish fast and overlap, the hardest case for a limit. */
export const LOCKOUT_ENV = {
  STRONGROOM_MAX_FAILED_ATTEMPTS: String(LOCK_LIMIT),
  STRONGROOM_LOCKOUT_SECONDS: '300',
  STRONGROOM_ARGON2_MEMORY_KIB: '1024',
  STRONGROOM_ARGON2_ITERATIONS: '1',
  STRONGROOM_KDF_CONCURRENCY: '4',
};

export type ApiClient = Pick<TestApp, 'http' | 'adminKey'>;
export interface PasswordSecret {
  org: string;
  key: string;
  name: string;
}

/** How many answers had each status. A checked wrong guess answers 400 (401 for a login); a refused one 429. */
export function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const s of statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** A DATA secret with RIGHT_PASSWORD as its store password, in a fresh org of a fresh owner. */
export async function passwordSecret(t: ApiClient): Promise<PasswordSecret> {
  const owner = await createUser(t as TestApp);
  const org = await createOrg(t as TestApp, { owner: { id: owner.id } });
  const name = uniqueName('locked');
  const fields = { name, type: 'data', data: 'v', storePassword: RIGHT_PASSWORD };
  await createSecret(t as TestApp, org.name, owner.apiKey, fields).expect(200);
  return { org: org.name, key: owner.apiKey, name };
}

/** `n` reads of `s` at once, spread over the servers in turn; their statuses. */
export async function readsAtOnce(
  servers: ApiClient[],
  s: PasswordSecret,
  n: number,
  password: (i: number) => string,
): Promise<number[]> {
  const responses = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      readSecretData(servers[i % servers.length] as TestApp, s.org, s.name, s.key, password(i)),
    ),
  );
  return responses.map((r) => r.status);
}
