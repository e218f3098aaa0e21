import { uniqueName } from './names';
import type { TestApp } from './test-app';

/** Test data made through the public API (admin key), so every spec owns its own users and orgs. */

export interface TestUser {
  id: string;
  username: string;
  /** A fresh API key of this user. */
  apiKey: string;
  /** Set when the user was created with a password (Basic login). */
  password?: string;
}

export interface CreateUserOptions {
  username?: string;
  password?: string;
  roles?: string[];
}

export interface TestOrg {
  id: string;
  name: string;
}

export interface CreateOrgOptions {
  owner?: { id: string };
  visibility?: 'PUBLIC' | 'PRIVATE';
  name?: string;
}

export type TeamRoleName = 'MEMBER' | 'MAINTAINER' | 'OWNER';

/** Headers for an API-key request. */
export function auth(key: string): { Authorization: string } {
  return { Authorization: key };
}

function failure(what: string, res: { status: number; text: string }): Error {
  return new Error(`${what} failed: ${res.status} ${res.text}`);
}

/** A LOCAL user with an API key (admin POST /api/v1/user, then admin POST /api/v1/apikey). */
export async function createUser(t: TestApp, opts: CreateUserOptions = {}): Promise<TestUser> {
  const username = opts.username ?? uniqueName('user');
  const body: Record<string, unknown> = { username, type: 'LOCAL' };
  if (opts.password !== undefined) body.password = opts.password;
  if (opts.roles !== undefined) body.roles = opts.roles;
  const created = await t.http.post('/api/v1/user').set(auth(t.adminKey)).send(body);
  if (created.status !== 200) throw failure(`createUser(${username})`, created);
  const id = (created.body as { id: string }).id;

  const key = await t.http.post('/api/v1/apikey').set(auth(t.adminKey)).send({ userId: id });
  if (key.status !== 200) throw failure(`createUser(${username}) api key`, key);
  const user: TestUser = { id, username: (created.body as { username: string }).username, apiKey: key.body.key };
  if (opts.password !== undefined) user.password = opts.password;
  return user;
}

/** An org (admin POST /api/v1/org); the owner defaults to admin. */
export async function createOrg(t: TestApp, opts: CreateOrgOptions = {}): Promise<TestOrg> {
  const name = opts.name ?? uniqueName('org');
  const body: Record<string, unknown> = { name };
  if (opts.owner) body.owner = { id: opts.owner.id };
  if (opts.visibility) body.visibility = opts.visibility;
  const res = await t.http.post('/api/v1/org').set(auth(t.adminKey)).send(body);
  if (res.status !== 200) throw failure(`createOrg(${name})`, res);
  return { id: (res.body as { id: string }).id, name };
}

/** Adds (or re-roles) a user in a team (admin PUT /api/v1/org/{org}/team/{team}/users). */
export async function addToTeam(
  t: TestApp,
  orgName: string,
  teamName: string,
  userId: string,
  role: TeamRoleName = 'MEMBER',
): Promise<void> {
  const res = await t.http
    .put(`/api/v1/org/${encodeURIComponent(orgName)}/team/${encodeURIComponent(teamName)}/users`)
    .set(auth(t.adminKey))
    .send([{ userId, role }]);
  if (res.status !== 200) throw failure(`addToTeam(${orgName}/${teamName}, ${userId})`, res);
}

/** `Authorization: Basic base64(user:password)`. */
export function basic(username: string, password: string): { Authorization: string } {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}
