import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, Seed, signIn, test, uid, type User } from './fixtures';

// `UPDATE_SCREENSHOTS=1 npm run test:console` refreshes the README's pictures under docs/.
const DOCS = path.resolve(__dirname, '..', '..', 'docs');
async function screenshot(page: Page, file: string) {
  if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.join(DOCS, file) });
}

interface Showcase {
  admin: User;
  org: string;
  team: string;
  project: string;
}

/** An org as a team lead would have it: a team, a project and one secret of each kind. */
async function showcase(seed: Seed, names?: { admin: string; org: string }): Promise<Showcase> {
  const admin = await seed.user({ admin: true, name: names?.admin ?? uid('lead') });
  const org = await seed.org(names?.org ?? uid('acme'), admin.username);
  const team = await seed.team(org, 'developers');
  await seed.member(org, team, admin.username, 'OWNER');
  const project = await seed.project(org, 'payments-api');
  const as = admin;
  await seed.secret(org, { name: 'db-credentials', type: 'username_password', username: 'app', password: 'pw' }, as);
  await seed.secret(org, { name: 'deploy-key', type: 'key_pair', keyAlgorithm: 'ed25519' }, as);
  await seed.secret(
    org,
    { name: 'docker-password', type: 'data', data: 'v', events: 'push,tag', images: 'plugins/docker' },
    as,
  );
  await seed.secret(
    org,
    { name: 'stripe-token', type: 'data', data: 'sk', visibility: 'PRIVATE', projects: project },
    as,
  );
  await seed.secret(org, { name: 'vault-export', type: 'data', data: 'x', storePassword: 'Export-Lock-55' }, as);
  return { admin, org, team, project };
}

async function visit(page: Page, url: string, heading: string) {
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  // Sections load their own data: wait until nothing is loading any more.
  await expect(page.getByLabel('Loading')).toHaveCount(0);
}

test.describe('accessibility: axe finds no serious or critical violation', () => {
  test.describe.configure({ timeout: 240_000 });

  test('sign-in, the secrets table, the new-secret dialog and a secret (README screenshots)', async ({
    page,
    seed,
  }) => {
    // Plain names (each run has a database of its own): this test takes the README's screenshots.
    const { admin, org, team } = await showcase(seed, { admin: 'team-lead', org: 'acme' });
    await page.goto('/');
    await expectAccessible(page, 'sign-in');
    await signIn(page, admin, `/orgs/${org}/secrets`);
    const table = page.getByRole('table', { name: 'Secrets' });
    await expect(table.getByRole('link')).toHaveCount(5);
    await expectAccessible(page, 'secrets');
    await screenshot(page, 'console-secrets.png');

    await page.getByRole('button', { name: 'New secret' }).click();
    const dialog = page.getByRole('dialog', { name: 'New secret' });
    await dialog.getByLabel('Type').selectOption('Key pair');
    await expectAccessible(page, 'the new-secret dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await table.getByRole('link', { name: 'deploy-key' }).click();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('table', { name: 'Secret value' })).toBeVisible();
    await page.getByLabel('Team', { exact: true }).selectOption(team);
    await page.getByRole('button', { name: 'Grant' }).click();
    await expect(page.getByRole('table', { name: 'Team access rules' })).toContainText(team);
    await expectAccessible(page, 'a secret');
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'console-secret.png');
  });

  test('every other page', async ({ page, seed }) => {
    const { admin, org, team, project } = await showcase(seed);
    await signIn(page, admin, `/orgs/${org}/secrets`);
    const pages: Array<[string, string]> = [
      [`/orgs/${org}/secrets/vault-export`, 'vault-export'],
      [`/orgs/${org}/teams`, 'Teams'],
      [`/orgs/${org}/teams/${team}`, `Team ${team}`],
      [`/orgs/${org}/projects`, 'Projects'],
      [`/orgs/${org}/projects/${project}`, `Project ${project}`],
      [`/orgs/${org}/integrations`, 'Integrations'],
      [`/orgs/${org}/audit`, 'Audit log'],
      ['/account/api-keys', 'My API keys'],
      ['/no/such/page', 'Page not found'],
    ];
    for (const [url, heading] of pages) {
      await visit(page, url, heading);
      await expectAccessible(page, url);
    }
    await visit(page, '/admin/users', 'Users');
    await page.getByLabel('Find users').fill(admin.username);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(admin.username);
    await expectAccessible(page, 'users');
  });

  test('dark mode: chosen with the toggle, kept across pages', async ({ page, seed }) => {
    const { admin, org } = await showcase(seed);
    await signIn(page, admin, `/orgs/${org}/secrets`);
    await page.getByRole('button', { name: 'Use dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
    for (const [url, heading] of [
      [`/orgs/${org}/secrets`, 'Secrets'],
      [`/orgs/${org}/secrets/docker-password`, 'docker-password'],
      [`/orgs/${org}/audit`, 'Audit log'],
    ]) {
      await visit(page, url, heading);
      await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
      await expectAccessible(page, `${url} (dark)`);
    }
    await page.getByRole('button', { name: 'Use light theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  });
});
