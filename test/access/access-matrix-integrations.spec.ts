import type * as crypto from 'node:crypto';
import type { Test } from 'supertest';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { createIntegration } from '../helpers/ci-fixtures';
import { ed25519Pair, woodpeckerCavageHeaders } from '../helpers/ci-signing';
import { uniqueName } from '../helpers/names';
import { expectedCell, describePolicy } from '../helpers/policy-table';
import { createSecret } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

/**
 * Who manages an org's integrations, and what an integration may do through the Woodpecker CRUD
 * routes, through real HTTP. The expected answers are the policy tables below, written from the
 * rules (README "Access model" and "CI systems"), never from the implementation.
 */

describe('access matrix: integrations', () => {
  const t = useTestApp();

  describe('managing integrations', () => {
    type CallerId =
      | 'anonymous'
      | 'stranger'
      | 'orgMember'
      | 'maintainerOfA'
      | 'ownerOfA'
      | 'ownerOfB'
      | 'orgOwner'
      | 'admin'
      | 'globalReader';

    const ACTIONS = [
      'create team-less',
      'create bound to A',
      'list',
      'get team-less',
      'get bound to A',
      'delete bound to A',
    ] as const;
    type Action = (typeof ACTIONS)[number];

    // prettier-ignore
    /**
     * One row per caller, one column per action. `A` in the list column: the listing shows the
     * integration bound to team A; `-`: it is left out.
     */
    const POLICY: Record<CallerId, string> = {
      //              none A    list get0 getA delA
      anonymous:     '401  401  401  401  401  401',
      stranger:      '403  403  403  403  403  403',
      orgMember:     '403  403  403  403  403  403',
      maintainerOfA: '403  403  403  403  403  403',
      ownerOfA:      '200  200  A    200  200  200',
      ownerOfB:      '200  403  -    200  403  403',
      orgOwner:      '200  200  A    200  200  200',
      admin:         '200  200  A    200  200  200',
      globalReader:  '403  403  403  403  403  403',
    };

    let org: TestOrg;
    const users = {} as Record<Exclude<CallerId, 'anonymous' | 'admin'>, TestUser>;
    let teamless: string;
    let boundToA: string;

    beforeAll(async () => {
      const names = ['stranger', 'orgMember', 'maintainerOfA', 'ownerOfA', 'ownerOfB', 'orgOwner'] as const;
      const made = await Promise.all(names.map(() => createUser(t)));
      names.forEach((n, i) => (users[n] = made[i]));
      users.globalReader = await createUser(t, { roles: ['concordSystemReader'] });
      org = await createOrg(t, { owner: users.orgOwner });
      const strangers = await createOrg(t);
      await addToTeam(t, strangers.name, 'default', users.stranger.id);
      await addToTeam(t, org.name, 'default', users.orgMember.id);
      for (const team of ['team-a', 'team-b']) {
        await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name: team }).expect(200);
      }
      await addToTeam(t, org.name, 'team-a', users.ownerOfA.id, 'OWNER');
      await addToTeam(t, org.name, 'team-a', users.maintainerOfA.id, 'MAINTAINER');
      await addToTeam(t, org.name, 'team-b', users.ownerOfB.id, 'OWNER');
      teamless = await integration();
      boundToA = await integration('team-a');
    });

    async function integration(teamName?: string): Promise<string> {
      const name = uniqueName('ci');
      await createIntegration(t, org.name, t.adminKey, { name, kind: 'drone', ...(teamName ? { teamName } : {}) });
      return name;
    }

    function as(req: Test, caller: CallerId): Test {
      if (caller === 'anonymous') return req;
      return req.set(auth(caller === 'admin' ? t.adminKey : users[caller].apiKey));
    }

    async function perform(action: Action, caller: CallerId): Promise<string> {
      const base = `/api/v1/org/${org.name}/integration`;
      const create = (teamName?: string) =>
        as(t.http.post(base), caller).send({
          name: uniqueName('ci'),
          kind: 'drone',
          ...(teamName ? { teamName } : {}),
        });
      switch (action) {
        case 'create team-less':
          return String((await create()).status);
        case 'create bound to A':
          return String((await create('team-a')).status);
        case 'list': {
          const res = await as(t.http.get(base), caller);
          if (res.status !== 200) return String(res.status);
          return (res.body as { name: string }[]).some((i) => i.name === boundToA) ? 'A' : '-';
        }
        case 'get team-less':
          return String((await as(t.http.get(`${base}/${teamless}`), caller)).status);
        case 'get bound to A':
          return String((await as(t.http.get(`${base}/${boundToA}`), caller)).status);
        case 'delete bound to A': {
          const res = await as(t.http.delete(`${base}/${boundToA}`), caller);
          if (res.status === 200) boundToA = await integration('team-a');
          return String(res.status);
        }
      }
    }

    describePolicy(POLICY, ACTIONS, perform);
  });

  describe('Woodpecker CRUD routes', () => {
    type IntegrationId = 'team-less' | 'bound to T';
    type VariantId =
      | 'PUBLIC, no rule'
      | 'PRIVATE, T READER'
      | 'PRIVATE, T WRITER'
      | 'PRIVATE, T OWNER'
      | 'PRIVATE, other team OWNER'
      | 'store password, T OWNER'
      | 'org-wide PUBLIC';

    const VARIANTS: Record<VariantId, { visibility: 'PUBLIC' | 'PRIVATE'; rule?: 'T' | 'other'; level?: string }> = {
      'PUBLIC, no rule': { visibility: 'PUBLIC' },
      'PRIVATE, T READER': { visibility: 'PRIVATE', rule: 'T', level: 'READER' },
      'PRIVATE, T WRITER': { visibility: 'PRIVATE', rule: 'T', level: 'WRITER' },
      'PRIVATE, T OWNER': { visibility: 'PRIVATE', rule: 'T', level: 'OWNER' },
      'PRIVATE, other team OWNER': { visibility: 'PRIVATE', rule: 'other', level: 'OWNER' },
      'store password, T OWNER': { visibility: 'PUBLIC', rule: 'T', level: 'OWNER' },
      'org-wide PUBLIC': { visibility: 'PUBLIC' },
    };

    // prettier-ignore
    /**
     * get / update / delete of a secret linked to the repository's project (the org-wide one is
     * linked to none: the repository routes only read it). Reads show what the integration is sent;
     * writes need what a user of its team would need, never touch password-protected secrets, and
     * a team-less integration writes nothing.
     */
    const POLICY: Record<IntegrationId, Record<VariantId, string>> = {
      'bound to T': {
        'PUBLIC, no rule':           '200 200 403',
        'PRIVATE, T READER':         '200 403 403',
        'PRIVATE, T WRITER':         '200 200 403',
        'PRIVATE, T OWNER':          '200 200 204',
        'PRIVATE, other team OWNER': '404 403 403',
        'store password, T OWNER':   '404 403 403',
        'org-wide PUBLIC':           '200 404 404',
      },
      'team-less': {
        'PUBLIC, no rule':           '200 403 403',
        'PRIVATE, T READER':         '404 403 403',
        'PRIVATE, T WRITER':         '404 403 403',
        'PRIVATE, T OWNER':          '404 403 403',
        'PRIVATE, other team OWNER': '404 403 403',
        'store password, T OWNER':   '404 403 403',
        'org-wide PUBLIC':           '200 404 404',
      },
    };
    /** Creating a secret in the repository. */
    const CREATE: Record<IntegrationId, number> = { 'bound to T': 200, 'team-less': 403 };
    const OPS = ['get', 'update', 'delete'] as const;

    const REPO_ID = 7100;
    let org: TestOrg;
    const integrations = {} as Record<IntegrationId, { key: crypto.KeyObject; endpoint: string }>;
    const teamIds: Record<'T' | 'other', string> = { T: '', other: '' };
    let calls = 0;

    beforeAll(async () => {
      org = await createOrg(t);
      for (const [rule, name] of [
        ['T', 'team-t'],
        ['other', 'team-other'],
      ] as const) {
        const res = await t.http.post(`/api/v1/org/${org.name}/team`).set(auth(t.adminKey)).send({ name }).expect(200);
        teamIds[rule] = res.body.id;
      }
      await t.http
        .post(`/api/v1/org/${org.name}/project`)
        .set(auth(t.adminKey))
        .send({ name: 'repo-project', meta: { woodpeckerRepoId: REPO_ID } })
        .expect(200);
      for (const id of ['team-less', 'bound to T'] as const) {
        const pair = ed25519Pair();
        const created = await createIntegration(t, org.name, t.adminKey, {
          name: uniqueName('wp'),
          kind: 'woodpecker',
          publicKey: pair.publicKeyPem,
          ...(id === 'bound to T' ? { teamName: 'team-t' } : {}),
        });
        integrations[id] = { key: pair.privateKey, endpoint: created.endpoint };
      }
    });

    async function secret(variantId: VariantId): Promise<string> {
      const v = VARIANTS[variantId];
      const name = uniqueName('wps').replace(/-/g, '_');
      const fields: Record<string, string> = { name, type: 'data', data: 'v', visibility: v.visibility };
      if (variantId !== 'org-wide PUBLIC') fields.projects = 'repo-project';
      if (variantId === 'store password, T OWNER') fields.storePassword = 'WoOdPeCk1Er';
      await createSecret(t, org.name, t.adminKey, fields).expect(200);
      if (v.rule) {
        await t.http
          .post(`/api/v1/org/${org.name}/secret/${name}/access`)
          .set(auth(t.adminKey))
          .send({ teamId: teamIds[v.rule], level: v.level })
          .expect(200);
      }
      return name;
    }

    /** Signed as Woodpecker signs (draft-cavage covers method and target; the query makes each call unique). */
    function call(integration: IntegrationId, method: 'get' | 'post' | 'put' | 'delete', path: string, body?: object) {
      const { key, endpoint } = integrations[integration];
      const target = `${endpoint}/repo/${REPO_ID}/secrets${path}?call=${++calls}`;
      const text = body === undefined ? undefined : JSON.stringify(body);
      const req = t.http[method](target).set(woodpeckerCavageHeaders(key, method, target, text));
      return text === undefined ? req : req.send(text);
    }

    const cells = (Object.keys(POLICY) as IntegrationId[]).flatMap((integration) =>
      (Object.keys(VARIANTS) as VariantId[]).flatMap((variant) =>
        OPS.map((op) => ({
          integration,
          variant,
          op,
          want: Number(expectedCell(POLICY[integration], OPS, variant, op)),
        })),
      ),
    );

    it.each(cells)('$integration × $variant × $op → $want', async ({ integration, variant, op, want }) => {
      const name = await secret(variant);
      const res = await (op === 'get'
        ? call(integration, 'get', `/${name}`)
        : op === 'update'
          ? call(integration, 'put', `/${name}`, { value: 'changed' })
          : call(integration, 'delete', `/${name}`));
      expect({ status: res.status, body: res.status === want ? '' : res.text }).toEqual({ status: want, body: '' });
    });

    it.each(Object.entries(CREATE))('%s × create → %s', async (integration, want) => {
      const res = await call(integration as IntegrationId, 'post', '', {
        name: uniqueName('new').replace(/-/g, '_'),
        value: 'v',
      });
      expect(res.status).toBe(want);
    });
  });
});
