import { useTestApp } from '../helpers/test-app';
import { basic, createUser } from '../helpers/factories';
import { readSecretData } from '../helpers/secrets';
import {
  LOCKOUT_ENV,
  LOCK_LIMIT,
  PARALLEL,
  RIGHT_PASSWORD,
  passwordSecret,
  readsAtOnce,
  tally,
} from '../helpers/lockout';

/**
 * At most the limit of wrong guesses is ever checked per window, however many arrive at once, and a
 * fan-out of right ones all succeeds. Two server processes sharing the limit: server-processes.spec.ts.
 */
describe('lockouts under concurrency, one instance', () => {
  const t = useTestApp(LOCKOUT_ENV);

  it(`checks exactly ${LOCK_LIMIT} of ${PARALLEL} parallel wrong store passwords; the rest, and then the right one, get 429`, async () => {
    const s = await passwordSecret(t);
    const counts = tally(await readsAtOnce([t], s, PARALLEL, (i) => `Wrong-pass-${i}`));
    expect(counts).toEqual({ 400: LOCK_LIMIT, 429: PARALLEL - LOCK_LIMIT });
    await readSecretData(t, s.org, s.name, s.key, RIGHT_PASSWORD).expect(429);
  });

  it(`serves ${PARALLEL} parallel reads with the right store password (a CI fan-out)`, async () => {
    const s = await passwordSecret(t);
    expect(tally(await readsAtOnce([t], s, PARALLEL, () => RIGHT_PASSWORD))).toEqual({ 200: PARALLEL });
  });

  it('never checks more than the limit when right and wrong passwords arrive together', async () => {
    const s = await passwordSecret(t);
    const statuses = await readsAtOnce([t], s, PARALLEL, (i) => (i % 2 === 0 ? RIGHT_PASSWORD : `Wrong-pass-${i}`));
    const counts = tally(statuses);
    expect(counts[400]).toBeLessThanOrEqual(LOCK_LIMIT);
    expect(Object.keys(counts).sort()).toEqual(expect.arrayContaining(['200']));
    expect((counts[200] ?? 0) + (counts[400] ?? 0) + (counts[429] ?? 0)).toBe(PARALLEL);
  });

  it(`checks exactly ${LOCK_LIMIT} of ${PARALLEL} parallel wrong Basic logins`, async () => {
    const user = await createUser(t, { password: RIGHT_PASSWORD });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.http.get('/api/service/console/whoami').set(basic(user.username, `Wrong-pass-${i}`)),
      ),
    );
    expect(tally(responses.map((r) => r.status))).toEqual({ 401: LOCK_LIMIT, 429: PARALLEL - LOCK_LIMIT });
    await t.http.get('/api/service/console/whoami').set(basic(user.username, RIGHT_PASSWORD)).expect(429);
  });
});
