import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from './factories';
import { uniqueName } from './names';
import { createSecret } from './secrets';
import type { TestApp } from './test-app';

/**
 * The fixture of the authorization matrix (test/access/access-matrix.spec.ts): one org with teams holding
 * secret rules at each level, a caller of every kind, and secrets of every visibility × linking.
 */

export type Level = 'READER' | 'WRITER' | 'OWNER';
export type Visibility = 'PUBLIC' | 'PRIVATE';

export type CallerId =
  | 'anonymous'
  | 'otherOrgUser'
  | 'member'
  | 'teamReader'
  | 'teamWriter'
  | 'teamOwner'
  | 'secretOwner'
  | 'orgOwner'
  | 'admin'
  | 'globalReader'
  | 'globalWriter'
  | 'linkedProjectKey'
  | 'otherProjectKey';

export interface SecretVariant {
  label: string;
  visibility: Visibility;
  linked: boolean;
}

export const VARIANTS: readonly SecretVariant[] = [
  { label: 'PUBLIC unlinked', visibility: 'PUBLIC', linked: false },
  { label: 'PUBLIC linked', visibility: 'PUBLIC', linked: true },
  { label: 'PRIVATE unlinked', visibility: 'PRIVATE', linked: false },
  { label: 'PRIVATE linked', visibility: 'PRIVATE', linked: true },
];

/** The teams of the org that get a rule on every secret, by level. */
export const RULE_TEAMS: Record<Level, string> = { READER: 'readers', WRITER: 'writers', OWNER: 'owners' };
/** A team without members: the target of the access-rule writes, so a write changes nobody's access. */
export const BYSTANDER_TEAM = 'bystanders';

export interface MatrixWorld {
  org: TestOrg;
  /** A second org where every authenticated caller is a member: the destination of moves. */
  targetOrg: TestOrg;
  linkedProject: string;
  /** The ids of the rule teams, for the bulk rule write that provisions each secret. */
  ruleTeamIds: Record<Level, string>;
  /** Authorization header per caller (none for the anonymous caller). */
  keys: Record<CallerId, string | undefined>;
  secretOwner: TestUser;
  /** The user that owner changes hand secrets to. */
  heir: TestUser;
  /** The shared secrets of the read-only and idempotent operations, per variant label. */
  shared: Record<string, { data: string; keyPair: string }>;
}

function fail(what: string, res: { status: number; text: string }): never {
  throw new Error(`${what} failed: ${res.status} ${res.text}`);
}

async function createTeam(t: TestApp, org: string, name: string): Promise<string> {
  const res = await t.http.post(`/api/v1/org/${org}/team`).set(auth(t.adminKey)).send({ name });
  if (res.status !== 200) fail(`team ${name}`, res);
  return (res.body as { id: string }).id;
}

async function createProject(t: TestApp, org: string, name: string): Promise<void> {
  const res = await t.http.post(`/api/v1/org/${org}/project`).set(auth(t.adminKey)).send({ name });
  if (res.status !== 200) fail(`project ${name}`, res);
}

/** An API key of `user` that acts for one project (issue 4 item 3). */
async function projectKey(t: TestApp, user: TestUser, orgName: string, projectName: string): Promise<string> {
  const res = await t.http.post('/api/v1/apikey').set(auth(t.adminKey)).send({ userId: user.id, orgName, projectName });
  if (res.status !== 200) fail(`project key for ${projectName}`, res);
  return (res.body as { key: string }).key;
}

export async function setupWorld(t: TestApp): Promise<MatrixWorld> {
  const [stranger, member, reader, writer, teamOwner, secretOwner, orgOwner, heir, linkedUser, otherUser] =
    await Promise.all(Array.from({ length: 10 }, () => createUser(t)));
  const [globalReader, globalWriter] = await Promise.all([
    createUser(t, { roles: ['concordSystemReader'] }),
    createUser(t, { roles: ['concordSystemWriter'] }),
  ]);

  // Never the `Default` org: every user created through the API is a member of its default team.
  const org = await createOrg(t, { owner: { id: orgOwner.id } });
  const otherOrg = await createOrg(t);
  const targetOrg = await createOrg(t);
  await addToTeam(t, otherOrg.name, 'default', stranger.id);

  const ruleTeamIds: Record<Level, string> = {
    READER: await createTeam(t, org.name, RULE_TEAMS.READER),
    WRITER: await createTeam(t, org.name, RULE_TEAMS.WRITER),
    OWNER: await createTeam(t, org.name, RULE_TEAMS.OWNER),
  };
  await createTeam(t, org.name, BYSTANDER_TEAM);
  await addToTeam(t, org.name, RULE_TEAMS.READER, reader.id);
  await addToTeam(t, org.name, RULE_TEAMS.WRITER, writer.id);
  await addToTeam(t, org.name, RULE_TEAMS.OWNER, teamOwner.id);
  for (const u of [member, secretOwner, linkedUser, otherUser]) await addToTeam(t, org.name, 'default', u.id);

  const everyone = [stranger, member, reader, writer, teamOwner, secretOwner, orgOwner, linkedUser, otherUser];
  for (const u of [...everyone, globalReader, globalWriter]) await addToTeam(t, targetOrg.name, 'default', u.id);

  const linkedProject = uniqueName('linked');
  const otherProject = uniqueName('other');
  await createProject(t, org.name, linkedProject);
  await createProject(t, org.name, otherProject);

  const keys: Record<CallerId, string | undefined> = {
    anonymous: undefined,
    otherOrgUser: stranger.apiKey,
    member: member.apiKey,
    teamReader: reader.apiKey,
    teamWriter: writer.apiKey,
    teamOwner: teamOwner.apiKey,
    secretOwner: secretOwner.apiKey,
    orgOwner: orgOwner.apiKey,
    admin: t.adminKey,
    globalReader: globalReader.apiKey,
    globalWriter: globalWriter.apiKey,
    linkedProjectKey: await projectKey(t, linkedUser, org.name, linkedProject),
    otherProjectKey: await projectKey(t, otherUser, org.name, otherProject),
  };

  const world: MatrixWorld = { org, targetOrg, linkedProject, ruleTeamIds, keys, secretOwner, heir, shared: {} };
  for (const v of VARIANTS) {
    const [data, keyPair] = await Promise.all([
      provisionSecret(t, world, v),
      provisionSecret(t, world, v, { keyPair: true }),
    ]);
    world.shared[v.label] = { data, keyPair };
  }
  return world;
}

/**
 * A secret of the variant, created by the secret owner (server-key encrypted), with a rule for each
 * rule team at its level (bulk rule route). DATA unless `keyPair` (generated pair, for the public-key route).
 */
export async function provisionSecret(
  t: TestApp,
  world: MatrixWorld,
  variant: SecretVariant,
  opts: { keyPair?: boolean } = {},
): Promise<string> {
  const name = uniqueName(opts.keyPair ? 'kp' : 'sec');
  const fields: Record<string, string> = opts.keyPair
    ? { name, type: 'key_pair', visibility: variant.visibility }
    : { name, type: 'data', data: 'matrix value', visibility: variant.visibility };
  if (variant.linked) fields.projects = world.linkedProject;
  const created = await createSecret(t, world.org.name, world.secretOwner.apiKey, fields);
  if (created.status !== 200) fail(`secret ${name}`, created);
  const rules = (Object.keys(RULE_TEAMS) as Level[]).map((level) => ({ teamId: world.ruleTeamIds[level], level }));
  const res = await t.http
    .post(`/api/v1/org/${world.org.name}/secret/${name}/access/bulk`)
    .set(auth(t.adminKey))
    .send(rules);
  if (res.status !== 200) fail(`rules on ${name}`, res);
  return name;
}
