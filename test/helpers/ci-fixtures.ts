import { DataSource } from 'typeorm';
import { auth, createOrg, createUser, TestOrg, TestUser } from './factories';
import { createSecret } from './secrets';
import type { TestApp } from './test-app';

/**
 * One org with a spread of secrets that CI must or must not see, owned by `owner`, plus a second
 * org whose secrets no integration of the first may ever see.
 */
export interface CiFixture {
  owner: TestUser;
  org: TestOrg;
  otherOrg: TestOrg;
}

export async function ciFixture(t: TestApp): Promise<CiFixture> {
  const owner = await createUser(t);
  const org = await createOrg(t, { owner });
  const otherOrg = await createOrg(t);
  const admin = t.adminKey;
  await project(t, org.name, 'hello-world', { woodpeckerRepoId: 42 });
  await project(t, org.name, 'other-repo', { woodpeckerRepoId: 43 });
  const data = (name: string, value: string, extra: Record<string, string> = {}) =>
    createSecret(t, org.name, admin, { name, type: 'data', data: Buffer.from(value), ...extra }).expect(200);
  await data('docker_password', 'dockerpw', { events: 'push,tag', images: 'plugins/docker' });
  await data('deploy_key', 'deploy-only', { events: 'deployment' });
  await data('any_event', 'everywhere');
  await data('pr_token', 'pr-ok', { events: 'pull_*' });
  await data('hw_only', 'hello-world-only', { projects: 'hello-world' });
  await data('other_only', 'other-repo-only', { projects: 'other-repo' });
  await data('locked', 'needs-a-password', { storePassword: 'LoCkEd1PwX' });
  await data('private_nogrant', 'private', { visibility: 'PRIVATE' });
  await createSecret(t, org.name, admin, {
    name: 'creds',
    type: 'username_password',
    username: 'bob',
    password: 'bobpw',
  }).expect(200);
  await createSecret(t, otherOrg.name, admin, { name: 'foreign', type: 'data', data: Buffer.from('x') }).expect(200);
  return { owner, org, otherOrg };
}

export async function project(t: TestApp, org: string, name: string, meta?: Record<string, unknown>): Promise<void> {
  await t.http.post(`/api/v1/org/${org}/project`).set(auth(t.adminKey)).send({ name, meta }).expect(200);
}

export async function createIntegration(
  t: TestApp,
  org: string,
  key: string,
  body: Record<string, unknown>,
): Promise<{ id: string; token?: string; endpoint: string }> {
  const res = await t.http.post(`/api/v1/org/${org}/integration`).set(auth(key)).send(body);
  if (res.status !== 200) throw new Error(`createIntegration failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Audit rows about an integration (object SECRET or INTEGRATION, action ACCESS). */
export async function auditRows(
  t: TestApp,
  object: 'SECRET' | 'INTEGRATION',
  integrationId: string,
): Promise<Record<string, unknown>[]> {
  const rows: { details: Record<string, unknown> }[] = await t.app.get(DataSource).query(
    // In the order they were written: callers read the newest as the last row, and a heap scan has no order.
    `SELECT details FROM audit_events WHERE object = $1 AND action = 'ACCESS' AND details->>'integrationId' = $2 ORDER BY seq`,
    [object, integrationId],
  );
  return rows.map((r) => r.details);
}
