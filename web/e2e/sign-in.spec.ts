import { Client } from 'pg';
import { expect, expectAccessible, signIn, test } from './fixtures';

test.describe('signing in and out', () => {
  test('with a username and password, then out again', async ({ page, seed }) => {
    const alice = await seed.user();
    const { org } = await seed.orgWith(alice);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Sign in to Strongroom' })).toBeVisible();
    await expectAccessible(page, 'the sign-in page');
    await signIn(page, alice);
    await expect(page).toHaveURL(new RegExp(`/orgs/${org}/secrets$`));
    await expect(page.getByRole('heading', { name: 'Secrets' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // The session is gone on the server too: a reload does not bring the user back.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  test('with an API key, and the session survives a reload', async ({ page, seed }) => {
    const bob = await seed.user();
    await seed.orgWith(bob);
    const key = await seed.apiKey(bob.username);
    await page.goto('/');
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(page.getByLabel('Signed in as')).toHaveText(bob.username);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'JSESSIONID')?.httpOnly).toBe(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Secrets' })).toBeVisible();
  });

  test('a wrong password is refused with the reason, next to the form', async ({ page, seed }) => {
    const carol = await seed.user();
    await page.goto('/');
    await page.getByLabel('Username').fill(carol.username);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Sign-in failed (401)');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  test('an expired session sends the user back to sign in, and signing in again resumes', async ({ page, seed }) => {
    const dave = await seed.user();
    const { org } = await seed.orgWith(dave);
    await signIn(page, dave);
    await expect(page.getByRole('heading', { name: 'Secrets' })).toBeVisible();
    // The server's idle timeout ran out: the session row says so.
    const db = new Client({ connectionString: process.env.CONSOLE_DATABASE_URL });
    await db.connect();
    await db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE username = $1)",
      [dave.username],
    );
    await db.end();
    await page.getByRole('link', { name: 'Teams' }).click();
    await expect(page.getByRole('status')).toHaveText('Your session has ended. Sign in again.');
    await page.getByLabel('Username').fill(dave.username);
    await page.getByLabel('Password', { exact: true }).fill(dave.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(new RegExp(`/orgs/${org}/teams$`));
    await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible();
  });
});
