import type { Test } from 'supertest';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';
import { describePolicy } from '../helpers/policy-table';
import { useTestApp } from '../helpers/test-app';

/**
 * Every caller kind × team operation, through real HTTP. The expected answers are the policy table
 * below, written from the rules (README "Access model"), never from the implementation: team roles
 * are MEMBER < MAINTAINER < OWNER; a MAINTAINER manages members but only an OWNER (or the org's
 * owner, or an admin) grants OWNER or takes it away; the members-only routes refuse strangers first.
 */

type CallerId =
  | 'anonymous'
  | 'stranger'
  | 'orgMember'
  | 'teamMember'
  | 'teamMaintainer'
  | 'teamOwner'
  | 'otherTeamOwner'
  | 'orgOwner'
  | 'admin'
  | 'globalReader';

const ACTIONS = [
  'get team',
  'list members',
  'update description',
  'add a MEMBER',
  'make a MAINTAINER',
  'grant OWNER',
  'demote an OWNER',
  'remove a MEMBER',
  'remove an OWNER',
  'replace, keeping the OWNERs',
  'replace, dropping an OWNER',
  'delete team',
  'create a team',
] as const;
type Action = (typeof ACTIONS)[number];

// prettier-ignore
/** The policy: one row per caller, one column per action (in the order of ACTIONS). */
const POLICY: Record<CallerId, string> = {
  //               get list desc addM mkMt grO  demO rmM  rmO  repK repD del  create
  anonymous:      '401 401  401  401  401  401  401  401  401  401  401  401  401',
  stranger:       '403 403  403  403  403  403  403  403  403  403  403  403  403',
  orgMember:      '200 200  403  403  403  403  403  403  403  403  403  403  403',
  teamMember:     '200 200  403  403  403  403  403  403  403  403  403  403  403',
  teamMaintainer: '200 200  200  200  200  403  403  200  403  200  403  403  403',
  teamOwner:      '200 200  200  200  200  200  200  200  200  200  200  200  200',
  otherTeamOwner: '200 200  403  403  403  403  403  403  403  403  403  403  200',
  orgOwner:       '200 200  200  200  200  200  200  200  200  200  200  200  200',
  admin:          '200 200  200  200  200  200  200  200  200  200  200  200  200',
  globalReader:   '200 200  403  403  403  403  403  403  403  403  403  403  403',
};

/** Actions that change the team: cells share a team until one is allowed; the next gets a fresh one. */
const CHANGES_THE_TEAM: ReadonlySet<Action> = new Set(
  ACTIONS.filter((a) => !a.startsWith('get') && a !== 'list members'),
);

describe('access matrix: team roles', () => {
  let org: TestOrg;
  const users = {} as Record<Exclude<CallerId, 'anonymous' | 'admin'>, TestUser> & {
    subjectOwner: TestUser;
    subjectMember: TestUser;
    newcomer: TestUser;
  };
  const pristine = new Map<Action, string>();
  let shared: string;

  const t = useTestApp();
  beforeAll(async () => {
    const names = [
      'stranger',
      'orgMember',
      'teamMember',
      'teamMaintainer',
      'teamOwner',
      'otherTeamOwner',
      'orgOwner',
      'subjectOwner',
      'subjectMember',
      'newcomer',
    ] as const;
    const made = await Promise.all(names.map(() => createUser(t)));
    names.forEach((n, i) => (users[n] = made[i]));
    users.globalReader = await createUser(t, { roles: ['concordSystemReader'] });
    org = await createOrg(t, { owner: users.orgOwner });
    const strangers = await createOrg(t);
    await addToTeam(t, strangers.name, 'default', users.stranger.id);
    await addToTeam(t, org.name, 'default', users.orgMember.id);
    await addToTeam(t, org.name, 'default', users.newcomer.id);
    const other = uniqueName('other');
    await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name: other }).expect(200);
    await addToTeam(t, org.name, other, users.otherTeamOwner.id, 'OWNER');
    shared = await freshTeam();
  });

  /** The team every cell acts on: an OWNER, a MAINTAINER and a MEMBER among the callers, plus two subjects. */
  function roster(): { userId: string; role: string }[] {
    return [
      { userId: users.teamOwner.id, role: 'OWNER' },
      { userId: users.teamMaintainer.id, role: 'MAINTAINER' },
      { userId: users.teamMember.id, role: 'MEMBER' },
      { userId: users.subjectOwner.id, role: 'OWNER' },
      { userId: users.subjectMember.id, role: 'MEMBER' },
    ];
  }

  async function freshTeam(): Promise<string> {
    const name = uniqueName('team');
    await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
    await t.http
      .put(`/api/v1/org/${org.name}/team/${name}/users`)
      .query({ replace: 'true' })
      .set(auth(t.adminKey))
      .send(roster())
      .expect(200);
    return name;
  }

  async function teamFor(action: Action): Promise<string> {
    if (!CHANGES_THE_TEAM.has(action)) return shared;
    let name = pristine.get(action);
    if (name === undefined) {
      name = await freshTeam();
      pristine.set(action, name);
    }
    return name;
  }

  function as(req: Test, caller: CallerId): Test {
    if (caller === 'anonymous') return req;
    return req.set(auth(caller === 'admin' ? t.adminKey : users[caller].apiKey));
  }

  async function perform(action: Action, caller: CallerId): Promise<number> {
    const team = await teamFor(action);
    const base = `/api/v1/org/${org.name}/team`;
    const members = (body: object[], replace = false) =>
      as(t.http.put(`${base}/${team}/users`).query(replace ? { replace: 'true' } : {}), caller).send(body);
    const remove = (user: TestUser) => as(t.http.delete(`${base}/${team}/users`), caller).send([user.username]);
    const res = await (() => {
      switch (action) {
        case 'get team':
          return as(t.http.get(`${base}/${team}`), caller);
        case 'list members':
          return as(t.http.get(`${base}/${team}/users`), caller);
        case 'update description':
          return as(t.http.post(base), caller).send({ name: team, description: uniqueName('d') });
        case 'add a MEMBER':
          return members([{ userId: users.newcomer.id, role: 'MEMBER' }]);
        case 'make a MAINTAINER':
          return members([{ userId: users.subjectMember.id, role: 'MAINTAINER' }]);
        case 'grant OWNER':
          return members([{ userId: users.subjectMember.id, role: 'OWNER' }]);
        case 'demote an OWNER':
          return members([{ userId: users.subjectOwner.id, role: 'MEMBER' }]);
        case 'remove a MEMBER':
          return remove(users.subjectMember);
        case 'remove an OWNER':
          return remove(users.subjectOwner);
        case 'replace, keeping the OWNERs':
          return members(roster(), true);
        case 'replace, dropping an OWNER':
          return members(
            roster().filter((m) => m.userId !== users.subjectOwner.id),
            true,
          );
        case 'delete team':
          return as(t.http.delete(`${base}/${team}`), caller);
        case 'create a team':
          return as(t.http.post(base), caller).send({ name: uniqueName('new') });
      }
    })();
    if (res.status !== 401 && res.status !== 403) pristine.delete(action);
    return res.status;
  }

  describePolicy(POLICY, ACTIONS, perform);
});
