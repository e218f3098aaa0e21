import type { Response, Test } from 'supertest';
import {
  BYSTANDER_TEAM,
  CallerId,
  Level,
  MatrixWorld,
  SecretVariant,
  VARIANTS,
  provisionSecret,
  setupWorld,
} from '../helpers/matrix';
import { useTestApp } from '../helpers/test-app';

/**
 * Every caller kind × secret visibility and linking × secrets operation, through real HTTP. The
 * expected answers come from the oracle below, written from Concord's rules and the deliberate
 * differences listed in docs/compatibility.md, never from the implementation. The team-role,
 * integration and Woodpecker CRUD matrices are in access-matrix-teams.spec.ts and
 * access-matrix-integrations.spec.ts.
 */

// ---------------------------------------------------------------------------------------------------
// The oracle
// ---------------------------------------------------------------------------------------------------

interface CallerFacts {
  authenticated: boolean;
  admin: boolean;
  globalReader: boolean;
  globalWriter: boolean;
  isSecretOwner: boolean;
  isOrgOwner: boolean;
  /** In some team of the secret's org (org membership). */
  inOrgTeam: boolean;
  /** The level of the rule on the secret held by one of the caller's teams. */
  teamLevel: Level | null;
  /** The project an API key acts for (project scope). */
  boundProject: 'linked' | 'other' | null;
  memberOfTargetOrg: boolean;
}

type OperationId =
  | 'metadata'
  | 'missing metadata'
  | 'missing data'
  | 'data'
  | 'public key'
  | 'list'
  | 'update'
  | 'rename'
  | 'publish'
  | 'move'
  | 'owner change'
  | 'delete'
  | 'access rules read'
  | 'access rules write';

type Expected = 200 | 401 | 403 | 404 | 'present' | 'absent';

const RANK: Record<Level, number> = { READER: 0, WRITER: 1, OWNER: 2 };

/** Concord's `assertAccess(secret, level, membersOnly)`, in its order (the secret exists here). */
function secretCheck(c: CallerFacts, s: SecretVariant, level: Level, membersOnly: boolean): boolean {
  if (c.admin) return true;
  if (level === 'READER' && (c.globalReader || c.globalWriter)) return true;
  if (level === 'WRITER' && c.globalWriter) return true;
  if (c.isSecretOwner) return true;
  if (membersOnly && s.visibility === 'PUBLIC' && level === 'READER' && c.inOrgTeam) return true;
  if (c.isOrgOwner) return true;
  if (membersOnly || s.visibility === 'PRIVATE') return c.teamLevel !== null && RANK[c.teamLevel] >= RANK[level];
  return true;
}

/** A "member": admin, global reader or writer, the org owner, or in any team of the org. */
function routeMember(c: CallerFacts): boolean {
  return c.admin || c.globalReader || c.globalWriter || c.isOrgOwner || c.inOrgTeam;
}

/** Project scope: a linked secret decrypts only for a global reader (either role) or a key of a linked project. */
function projectScope(c: CallerFacts, s: SecretVariant): boolean {
  return !s.linked || c.globalReader || c.globalWriter || c.boundProject === 'linked';
}

/** The list's row filter: what a caller sees listed. */
function listed(c: CallerFacts, s: SecretVariant): boolean {
  if (c.admin || c.globalReader || c.globalWriter) return true;
  return s.visibility === 'PUBLIC' || c.inOrgTeam || c.isSecretOwner || c.isOrgOwner;
}

/**
 * A secret that does not exist: Concord's 404 for those who act as org members, and for everyone
 * else the 403 a PRIVATE secret gets (ours: no existence oracle for strangers).
 */
function missingAnswer(c: CallerFacts): Expected {
  return routeMember(c) ? 404 : 403;
}

/** What each operation requires, with our deliberate differences (publish and move need OWNER). */
function oracle(c: CallerFacts, s: SecretVariant, op: OperationId): Expected {
  if (!c.authenticated) return 401;
  const allow = (ok: boolean): Expected => (ok ? 200 : 403);
  switch (op) {
    case 'missing metadata':
    case 'missing data':
      return missingAnswer(c);
    case 'metadata':
    case 'public key':
    case 'access rules read':
      return allow(secretCheck(c, s, 'READER', false));
    case 'data':
      return allow(secretCheck(c, s, 'READER', false) && projectScope(c, s));
    case 'list':
      return listed(c, s) ? 'present' : 'absent';
    case 'update':
    case 'rename':
      return allow(routeMember(c) && secretCheck(c, s, 'WRITER', false));
    case 'publish':
      // PRIVATE → PUBLIC needs OWNER; resending PUBLIC to a PUBLIC secret is a plain update.
      return allow(
        routeMember(c) &&
          secretCheck(c, s, 'WRITER', false) &&
          (s.visibility === 'PUBLIC' || secretCheck(c, s, 'OWNER', true)),
      );
    case 'move':
      return allow(
        routeMember(c) && secretCheck(c, s, 'WRITER', false) && secretCheck(c, s, 'OWNER', true) && c.memberOfTargetOrg,
      );
    case 'owner change':
      return allow(routeMember(c) && secretCheck(c, s, 'WRITER', false) && secretCheck(c, s, 'OWNER', true));
    case 'delete':
    case 'access rules write':
      return allow(routeMember(c) && secretCheck(c, s, 'OWNER', true));
  }
}

// ---------------------------------------------------------------------------------------------------
// The callers (facts are static so that every cell can be named before the fixture exists)
// ---------------------------------------------------------------------------------------------------

function facts(f: Partial<CallerFacts>): CallerFacts {
  return {
    authenticated: true,
    admin: false,
    globalReader: false,
    globalWriter: false,
    isSecretOwner: false,
    isOrgOwner: false,
    inOrgTeam: false,
    teamLevel: null,
    boundProject: null,
    // The fixture puts every authenticated caller in the target org's default team.
    memberOfTargetOrg: true,
    ...f,
  };
}

const CALLERS: readonly { id: CallerId; label: string; facts: CallerFacts }[] = [
  { id: 'anonymous', label: 'anonymous', facts: facts({ authenticated: false, memberOfTargetOrg: false }) },
  { id: 'otherOrgUser', label: 'user of another org', facts: facts({}) },
  { id: 'member', label: 'org member without rules', facts: facts({ inOrgTeam: true }) },
  { id: 'teamReader', label: 'team READER', facts: facts({ inOrgTeam: true, teamLevel: 'READER' }) },
  { id: 'teamWriter', label: 'team WRITER', facts: facts({ inOrgTeam: true, teamLevel: 'WRITER' }) },
  { id: 'teamOwner', label: 'team OWNER', facts: facts({ inOrgTeam: true, teamLevel: 'OWNER' }) },
  { id: 'secretOwner', label: 'secret owner', facts: facts({ inOrgTeam: true, isSecretOwner: true }) },
  // Whether the org owner also sits in a team changes no answer: the owner rule and membership cover them.
  { id: 'orgOwner', label: 'org owner', facts: facts({ isOrgOwner: true }) },
  { id: 'admin', label: 'admin', facts: facts({ admin: true }) },
  { id: 'globalReader', label: 'global reader', facts: facts({ globalReader: true }) },
  { id: 'globalWriter', label: 'global writer', facts: facts({ globalWriter: true }) },
  {
    id: 'linkedProjectKey',
    label: 'key bound to the linked project',
    facts: facts({ inOrgTeam: true, boundProject: 'linked' }),
  },
  {
    id: 'otherProjectKey',
    label: 'key bound to another project',
    facts: facts({ inOrgTeam: true, boundProject: 'other' }),
  },
];

const OPERATIONS: readonly OperationId[] = [
  'metadata',
  'missing metadata',
  'missing data',
  'data',
  'public key',
  'list',
  'access rules read',
  'update',
  'access rules write',
  'rename',
  'publish',
  'move',
  'owner change',
  'delete',
];

/** Operations on a secret that does not exist: the variant plays no part, so one is enough. */
const WITHOUT_A_SECRET: ReadonlySet<OperationId> = new Set(['missing metadata', 'missing data']);

/**
 * Operations that leave the secret changed or gone. Their cells share a secret per operation and
 * variant until one is allowed (or answers anything but 401/403); the next cell then gets a new one.
 */
const CHANGES_THE_SECRET: ReadonlySet<OperationId> = new Set(['rename', 'publish', 'move', 'owner change', 'delete']);

interface Cell {
  title: string;
  caller: CallerId;
  variant: SecretVariant;
  expected: Expected;
}

function cellsOf(op: OperationId): Cell[] {
  const variants = WITHOUT_A_SECRET.has(op) ? VARIANTS.slice(0, 1) : VARIANTS;
  return CALLERS.flatMap((c) =>
    variants.map((v) => {
      const expected = oracle(c.facts, v, op);
      return { title: `${c.label} × ${v.label} × ${op} → ${expected}`, caller: c.id, variant: v, expected };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------------

describe('access matrix (secret levels and project scope)', () => {
  let world: MatrixWorld;
  const pristine = new Map<string, string>();

  const t = useTestApp({ STRONGROOM_RSA_BITS: '2048' });
  beforeAll(async () => {
    world = await setupWorld(t);
  });

  function as(req: Test, caller: CallerId): Test {
    const key = world.keys[caller];
    return key === undefined ? req : req.set('Authorization', key);
  }

  /** A v2 update with text fields; the visibility is always resent unchanged. */
  function updateV2(caller: CallerId, name: string, variant: SecretVariant, fields: Record<string, string>): Test {
    let req = as(t.http.post(`/api/v2/org/${world.org.name}/secret/${name}`), caller);
    for (const [field, value] of Object.entries({ visibility: variant.visibility, ...fields })) {
      req = req.field(field, value);
    }
    return req;
  }

  /** The secret a cell works on: the shared one, or an untouched one for the changing operations. */
  async function secretFor(op: OperationId, variant: SecretVariant): Promise<string> {
    if (!CHANGES_THE_SECRET.has(op)) return world.shared[variant.label].data;
    const slot = `${op}/${variant.label}`;
    let name = pristine.get(slot);
    if (name === undefined) {
      name = await provisionSecret(t, world, variant);
      pristine.set(slot, name);
    }
    return name;
  }

  function spend(op: OperationId, variant: SecretVariant, res: Response): void {
    if (res.status !== 401 && res.status !== 403) pristine.delete(`${op}/${variant.label}`);
  }

  async function perform(op: OperationId, caller: CallerId, variant: SecretVariant): Promise<Response> {
    const shared = world.shared[variant.label];
    const name = await secretFor(op, variant);
    const v1 = `/api/v1/org/${world.org.name}/secret/${name}`;
    switch (op) {
      case 'metadata':
        return as(t.http.get(`/api/v2/org/${world.org.name}/secret/${name}`), caller);
      case 'missing metadata':
        return as(t.http.get(`/api/v2/org/${world.org.name}/secret/${name}-missing`), caller);
      case 'missing data':
        return as(t.http.post(`${v1}-missing/data`), caller).buffer(true);
      case 'data':
        return as(t.http.post(`${v1}/data`), caller).buffer(true);
      case 'public key':
        return as(t.http.get(`/api/v1/org/${world.org.name}/secret/${shared.keyPair}/public`), caller);
      case 'list':
        return as(t.http.get(`/api/v2/org/${world.org.name}/secret`).query({ filter: name }), caller);
      case 'access rules read':
        return as(t.http.get(`${v1}/access`), caller);
      case 'access rules write':
        return as(t.http.post(`${v1}/access`), caller).send({ teamName: BYSTANDER_TEAM, level: 'READER' });
      case 'update':
        return updateV2(caller, name, variant, { events: 'push' });
      case 'rename':
        return updateV2(caller, name, variant, { name: `${name}-renamed` });
      case 'publish':
        return updateV2(caller, name, variant, { visibility: 'PUBLIC' });
      case 'move':
        return updateV2(caller, name, variant, { org: world.targetOrg.name });
      case 'owner change':
        return updateV2(caller, name, variant, { ownerId: world.heir.id });
      case 'delete':
        return as(t.http.delete(v1), caller);
    }
  }

  function outcome(op: OperationId, res: Response, variant: SecretVariant): number | 'present' | 'absent' {
    if (op !== 'list' || res.status !== 200) return res.status;
    const rows = res.body as { name: string }[];
    return rows.some((r) => r.name === world.shared[variant.label].data) ? 'present' : 'absent';
  }

  describe.each(OPERATIONS)('%s', (op) => {
    it.each(cellsOf(op))('$title', async ({ caller, variant, expected }) => {
      const res = await perform(op, caller, variant);
      spend(op, variant, res);
      const actual = outcome(op, res, variant);
      // The body rides along so that a failing cell says why the server refused or allowed.
      const body = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.text;
      expect({ actual, body: actual === expected ? '' : body }).toEqual({ actual: expected, body: '' });
    });
  });
});
