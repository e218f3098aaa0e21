import { expect, signIn, test, uid } from './fixtures';

test('a refused read (403) is shown where it happened, and the console goes on', async ({ page, seed }) => {
  const alice = await seed.user();
  const bob = await seed.user();
  const { org, team } = await seed.orgWith(alice);
  await seed.member(org, team, bob.username);
  const name = uid('private');
  await seed.secret(org, { name, type: 'data', data: 'v', visibility: 'PRIVATE' }, alice);
  await signIn(page, bob, `/orgs/${org}/secrets/${name}`);
  await expect(page.getByRole('alert')).toContainText('(403)');
  await page.getByRole('link', { name: 'Secrets' }).click();
  await expect(page.getByRole('link', { name })).toBeVisible();
});

test('a locked secret (429) says when to try again, and the console goes on', async ({ page, seed }) => {
  const user = await seed.user();
  const { org } = await seed.orgWith(user);
  const name = uid('locked');
  await seed.secret(org, { name, type: 'data', data: 'v', storePassword: 'Right-Pass-77' }, user);
  await signIn(page, user, `/orgs/${org}/secrets/${name}`);
  await page.getByLabel('Store password').fill('Wrong-Pass-00');
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByRole('alert')).toContainText('(400)');
  // The test server locks the secret once 3 wrong store passwords were tried.
  for (let i = 1; i < 3; i++) {
    await page.getByLabel('Store password').fill(`Wrong-Pass-${i}0`);
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('alert')).toContainText(/\((400|429)\)/);
  }
  await page.getByLabel('Store password').fill('Right-Pass-77');
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByRole('alert')).toContainText('(429)');
  await expect(page.getByRole('alert')).toContainText(/try again in \d+ s/i);
  await page.getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible();
});

test('a busy server (503) is retried, then reported; the console recovers when it answers again', async ({
  page,
  seed,
}) => {
  const user = await seed.user();
  const { org } = await seed.orgWith(user);
  await seed.secret(org, { name: 'still-here', type: 'data', data: 'v' });
  await signIn(page, user, `/orgs/${org}/teams`);
  // The server's own overload answer, as its KDF queue gives it, for every listing while this route is in place.
  let calls = 0;
  await page.route('**/api/v2/org/*/secret?*', (route) => {
    calls += 1;
    return route.fulfill({
      status: 503,
      contentType: 'text/plain',
      body: 'Too many store-password requests in progress',
    });
  });
  await page.getByRole('link', { name: 'Secrets' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Too many store-password requests in progress');
  await expect(alert).toContainText('(503)');
  expect(calls).toBe(3);
  await page.unroute('**/api/v2/org/*/secret?*');
  await page.getByRole('link', { name: 'Teams' }).click();
  await page.getByRole('link', { name: 'Secrets' }).click();
  await expect(page.getByRole('link', { name: 'still-here' })).toBeVisible();
});
