import { TestApp, startTestApp } from '../helpers/test-app';
import { basic, createUser } from '../helpers/factories';
import { uniqueName } from '../helpers/names';

const MAX_FAILURES = 3;
const LOCK_SECONDS = 2;

/**
 * Failed Basic logins are counted per user in PostgreSQL, so two app instances share the limit. A
 * checked guess answers as what it was (401); once the limit of wrong guesses is reached, attempts
 * get 429 without being checked, the right password included.
 */
describe('login lockout', () => {
  let a: TestApp;
  let b: TestApp;
  const env = {
    STRONGROOM_MAX_FAILED_ATTEMPTS: String(MAX_FAILURES),
    STRONGROOM_LOCKOUT_SECONDS: String(LOCK_SECONDS),
  };

  beforeAll(async () => {
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  const whoami = (t: TestApp, username: string, password: string) =>
    t.http.get('/api/service/console/whoami').set(basic(username, password));

  it('locks a user after N failures, refuses even the right password, and recovers after the window', async () => {
    const user = await createUser(a, { password: 'Right-pass-1' });
    for (let i = 1; i <= MAX_FAILURES; i++) await whoami(a, user.username, `wrong-${i}`).expect(401);
    const locked = await whoami(a, user.username, 'wrong-last').expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(locked.text).toMatch(/Too many failed logins; try again in \d+ seconds/);

    const stillLocked = await whoami(a, user.username, 'Right-pass-1').expect(429);
    expect(stillLocked.headers['retry-after']).toBeDefined();
    // API keys are not part of the lock: the account itself keeps working for its other credentials.
    await a.http.get('/api/service/console/whoami').set('Authorization', user.apiKey).expect(200);

    await new Promise((r) => setTimeout(r, LOCK_SECONDS * 1000 + 300));
    await whoami(a, user.username, 'Right-pass-1').expect(200);
  });

  it('does not let a successful login clear the failures of the window (an attacker gets no fresh guesses)', async () => {
    const user = await createUser(a, { password: 'Right-pass-1' });
    for (let i = 1; i < MAX_FAILURES; i++) await whoami(a, user.username, 'wrong').expect(401);
    await whoami(a, user.username, 'Right-pass-1').expect(200);
    await whoami(a, user.username, 'wrong').expect(401);
    await whoami(a, user.username, 'Right-pass-1').expect(429);
  });

  it('shares the counter across two instances on the same database', async () => {
    const user = await createUser(a, { password: 'Right-pass-1' });
    for (let i = 1; i < MAX_FAILURES; i++) await whoami(a, user.username, 'wrong').expect(401);
    await whoami(b, user.username, 'wrong').expect(401);
    await whoami(a, user.username, 'Right-pass-1').expect(429);
    const other = await whoami(b, user.username, 'Right-pass-1').expect(429);
    expect(other.headers['retry-after']).toBeDefined();
  });

  it('limits probing of unknown usernames, and keeps users apart', async () => {
    const ghost = uniqueName('ghost');
    for (let i = 1; i < MAX_FAILURES; i++) await whoami(a, ghost, 'guess').expect(401);
    await whoami(b, ghost, 'guess').expect(401);
    await whoami(a, ghost.toUpperCase(), 'guess').expect(429);

    const bystander = await createUser(a, { password: 'Right-pass-1' });
    await whoami(a, bystander.username, 'Right-pass-1').expect(200);
  });
});
