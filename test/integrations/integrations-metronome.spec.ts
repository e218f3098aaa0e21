import { DataSource } from 'typeorm';
import { addToTeam, auth, createOrg, createUser, TestOrg, TestUser } from '../helpers/factories';
import { project } from '../helpers/ci-fixtures';
import { createSecret } from '../helpers/secrets';
import { useTestApp } from '../helpers/test-app';

/** The seed's two job definitions (metronome-secrets.md), verbatim. */
const envJob = () => ({
  id: 'job-env-secret',
  description: 'job example with env based secrets',
  labels: {},
  run: {
    cpus: 0.01,
    mem: 32,
    disk: 0,
    cmd: 'echo $SECRET_ENV >> $MESOS_SANDBOX/secret-env; sleep 5',
    env: { SECRET_ENV: { secret: 'secret1' } },
    secrets: { secret1: { source: '/mysecret' } },
  },
});

const fileJob = () => ({
  id: 'job-fbs',
  description: 'job example with file based secrets',
  run: {
    cpus: 0.01,
    mem: 32,
    disk: 0,
    cmd: 'echo $MESOS_SANDBOX/mnt/test; sleep 5',
    secrets: { secret1: { source: '/mysecret' } },
    volumes: [{ containerPath: '/mnt/test', secret: 'secret1' }],
    ucr: { image: { id: 'ubuntu' } },
  },
});

describe('Metronome-style job secrets', () => {
  let user: TestUser;
  let org: TestOrg;
  let other: TestOrg;
  const t = useTestApp();
  beforeAll(async () => {
    user = await createUser(t);
    org = await createOrg(t);
    other = await createOrg(t);
    await addToTeam(t, org.name, 'default', user.id, 'MEMBER');
    await project(t, org.name, 'jobs');
    const data = (o: string, name: string, value: string, extra: Record<string, string> = {}) =>
      createSecret(t, o, t.adminKey, { name, type: 'data', data: Buffer.from(value), ...extra }).expect(200);
    await data(org.name, 'mysecret', 's3cr3t');
    await data(org.name, 'locked', 'x', { storePassword: 'LoCkEd1PwX' });
    await data(org.name, 'scoped', 'x', { projects: 'jobs' });
    await data(other.name, 'theirs', 'x', { visibility: 'PRIVATE' });
    await data(other.name, 'shared', 'public-value', { visibility: 'PUBLIC' });
  });

  const resolve = (body: unknown, key = user.apiKey, orgName = org.name) =>
    t.http
      .post(`/api/v1/org/${orgName}/secret-refs/resolve`)
      .set(auth(key))
      .send(body as object);

  it("resolves the seed's environment-variable job", async () => {
    const res = await resolve(envJob()).expect(200);
    expect(res.body).toEqual({ env: { SECRET_ENV: 's3cr3t' }, files: [] });
    const rows: { user_id: string; details: Record<string, unknown> }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT user_id, details FROM audit_events WHERE object = 'SECRET' AND action = 'ACCESS' AND details->>'via' = 'secret-refs/resolve' AND details->>'orgId' = $1`,
        [org.id],
      );
    expect(rows).toEqual([
      expect.objectContaining({
        user_id: user.id,
        details: expect.objectContaining({ name: 'mysecret', ref: 'secret1' }),
      }),
    ]);
  });

  it("resolves the seed's file-based job (and a bare run object)", async () => {
    const res = await resolve(fileJob()).expect(200);
    expect(res.body).toEqual({
      env: {},
      files: [{ containerPath: '/mnt/test', data: Buffer.from('s3cr3t').toString('base64'), mode: 'RO' }],
    });
    await resolve(fileJob().run).expect(200);
  });

  const errorsOf = (body: { details: { errors: string[] }[] }) => body.details.flatMap((d) => d.errors);

  it("answers Metronome's 422 for referenced but undefined, and defined but unreferenced, secrets", async () => {
    const job = envJob();
    job.run.env = { SECRET_ENV: { secret: 'nope' } };
    const res = await resolve(job).expect(422);
    expect(res.body.message).toBe('Object is not valid');
    expect(errorsOf(res.body)).toEqual([
      'The following secrets are referenced, but undefined: nope. Please add them to the secrets field.',
      'The following secrets are defined, but not referenced: secret1. Please remove them from the secrets field.',
    ]);
  });

  it('refuses volumes that mix host and secret keys, and file secrets on Docker jobs', async () => {
    const mixed = fileJob();
    (mixed.run.volumes[0] as Record<string, string>).hostPath = '/etc';
    expect(errorsOf((await resolve(mixed).expect(422)).body)).toEqual(['expected HostVolume or SecretVolume object']);
    const docker = fileJob() as ReturnType<typeof fileJob> & { run: { docker?: object } };
    docker.run.docker = { image: 'ubuntu' };
    expect(errorsOf((await resolve(docker).expect(422)).body)).toEqual([
      'File based secrets are only supported by UCR',
    ]);
  });

  it('names every ref that does not resolve or may not be read, and resolves nothing', async () => {
    const job = {
      run: {
        env: { A: { secret: 'good' }, B: { secret: 'missing' }, C: { secret: 'locked' }, D: { secret: 'foreign' } },
        secrets: {
          good: { source: '/mysecret' },
          missing: { source: 'nosuch' },
          locked: { source: '/locked' },
          foreign: { source: `/${other.name}/theirs` },
        },
      },
    };
    const res = await resolve(job).expect(422);
    expect(JSON.stringify(res.body)).not.toContain('s3cr3t');
    const errors = errorsOf(res.body);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^Secret reference 'missing' \(source 'nosuch'\) cannot be resolved/);
    expect(errors[1]).toMatch(/^Secret reference 'locked' .*requires a password/);
    expect(errors[2]).toMatch(/^Secret reference 'foreign' .*READER/);
  });

  it("applies the caller's rights: project scope, other orgs' PUBLIC secrets", async () => {
    const scoped = { run: { env: { S: { secret: 's' } }, secrets: { s: { source: 'scoped' } } } };
    expect(errorsOf((await resolve(scoped).expect(422)).body)[0]).toMatch(/Project-scoped/);
    const shared = { run: { env: { S: { secret: 's' } }, secrets: { s: { source: `/${other.name}/shared` } } } };
    expect((await resolve(shared).expect(200)).body).toEqual({ env: { S: 'public-value' }, files: [] });
  });

  it('needs an API key', async () => {
    await t.http.post(`/api/v1/org/${org.name}/secret-refs/resolve`).send(envJob()).expect(401);
  });
});
