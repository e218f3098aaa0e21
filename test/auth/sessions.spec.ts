import { auth, createUser, TestUser } from '../helpers/factories';
import { loginCookie } from '../helpers/session';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'SeSsIoN1PaSs';
const USER_INFO = '/api/service/console/userInfo';

/** A console session never outlives the password it was opened with, nor the user's disabling. */
describe('console sessions end with the credential', () => {
  const t = useTestApp();

  async function signedIn(): Promise<{ user: TestUser; cookie: string }> {
    const user = await createUser(t, { password: PASSWORD });
    const cookie = await loginCookie(t, user.username, PASSWORD);
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(200);
    return { user, cookie };
  }

  const upsert = (body: object) => t.http.post('/api/v1/user').set(auth(t.adminKey)).send(body).expect(200);

  it('a password change ends every session of the user', async () => {
    const { user, cookie } = await signedIn();
    const other = await loginCookie(t, user.username, PASSWORD);
    await upsert({ username: user.username, type: 'LOCAL', password: 'NeW1PaSsWoRd' });
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
    await t.http.get(USER_INFO).set('Cookie', other).expect(401);
  });

  it('disabling ends the sessions: re-enabling does not bring them back', async () => {
    const { user, cookie } = await signedIn();
    await t.http.put(`/api/v1/user/${user.id}/disable`).set(auth(t.adminKey)).expect(200);
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
    await upsert({ username: user.username, type: 'LOCAL', disabled: false });
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
  });

  it('disabling through the user upsert ends them too', async () => {
    const { user, cookie } = await signedIn();
    await upsert({ username: user.username, type: 'LOCAL', disabled: true });
    await upsert({ username: user.username, type: 'LOCAL', disabled: false });
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
  });

  it('deleting the user ends them', async () => {
    const { user, cookie } = await signedIn();
    await t.http.delete(`/api/v1/user/${user.id}`).set(auth(t.adminKey)).expect(200);
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(401);
  });

  it('other updates (display name, e-mail) keep the session', async () => {
    const { user, cookie } = await signedIn();
    await upsert({ username: user.username, type: 'LOCAL', displayName: 'Someone' });
    await t.http.get(USER_INFO).set('Cookie', cookie).expect(200);
  });
});
