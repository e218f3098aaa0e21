import { utils } from 'ssh2';
import { expect, signIn, test, uid, type User } from './fixtures';
import type { Page } from '@playwright/test';

async function openNewSecret(page: Page, org: string) {
  await page.goto(`/orgs/${org}/secrets`);
  await page.getByRole('button', { name: 'New secret' }).click();
  return page.getByRole('dialog', { name: 'New secret' });
}

async function openSecret(page: Page, org: string, name: string) {
  await page.goto(`/orgs/${org}/secrets`);
  await page.getByLabel('Search').fill(name);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

async function reveal(page: Page) {
  await page.getByRole('button', { name: 'Reveal' }).click();
  return page.getByRole('table', { name: 'Secret value' });
}

test.describe('creating secrets', () => {
  let alice: User;
  let org: string;
  let project: string;
  test.beforeEach(async ({ page, seed }) => {
    alice = await seed.user();
    ({ org } = await seed.orgWith(alice));
    project = await seed.project(org);
    await signIn(page, alice);
  });

  test('a typed value, private, linked to a project, with CI events and images', async ({ page }) => {
    const name = uid('typed');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Type').selectOption('Data');
    await dialog.getByLabel('Value', { exact: true }).fill('hello value');
    await dialog.getByLabel('Visibility').selectOption('Private');
    await dialog.getByRole('combobox', { name: 'Projects' }).click();
    await page.getByRole('option', { name: project }).click();
    await dialog.getByLabel('CI events').fill('push, tag');
    await dialog.getByLabel('CI images').fill('plugins/docker');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('status')).toHaveText(`Secret “${name}” created.`);
    await dialog.getByRole('button', { name: 'Open the secret' }).click();

    const details = page.getByRole('table', { name: 'Secret details' });
    await expect(details.getByRole('row', { name: /Visibility/ })).toContainText('Private');
    await expect(details.getByRole('row', { name: /Projects/ })).toContainText(project);
    await expect(details.getByRole('row', { name: /CI events/ })).toContainText('push, tag');
    await expect(details.getByRole('row', { name: /CI images/ })).toContainText('plugins/docker');
    await expect(details.getByRole('row', { name: /Owner/ })).toContainText(alice.username);
    // Linked to a project: only an API key bound to it may read the value; the console says so.
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('alert')).toContainText('(403)');

    await page.goto(`/orgs/${org}/secrets`);
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('Private');
    await expect(row).toContainText(project);
    await expect(row.getByRole('link', { name })).toBeVisible();
  });

  test('a value uploaded from a file, revealed and downloaded', async ({ page }) => {
    const name = uid('file');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Or upload a file').setInputFiles({
      name: 'token.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('from a file\n'),
    });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('button', { name: 'Open the secret' }).click();
    const value = await reveal(page);
    await expect(value).toContainText('from a file');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(name);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('from a file\n');
  });

  test('a username and password', async ({ page }) => {
    const name = uid('creds');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Type').selectOption('Username and password');
    await dialog.getByLabel('Username').fill('deploy-bot');
    await dialog.getByLabel('Password', { exact: true }).fill('p4ss word');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('button', { name: 'Open the secret' }).click();
    const value = await reveal(page);
    await expect(value.getByRole('row', { name: /Username/ })).toContainText('deploy-bot');
    await expect(value.getByRole('row', { name: /Password/ })).toContainText('p4ss word');
  });

  test('a generated key pair, whose public key can be copied', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const name = uid('gen-key');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Type').selectOption('Key pair');
    await dialog.getByLabel('Key algorithm').selectOption('Ed25519');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toContainText('ssh-ed25519 ');
    await dialog.getByRole('button', { name: 'Open the secret' }).click();
    const publicKey = page.getByRole('region', { name: 'Public key' }).getByText('ssh-ed25519 ');
    await expect(publicKey).toContainText('ssh-ed25519 ');
    await page.getByRole('button', { name: 'Copy public key' }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.trim()).toBe((await publicKey.textContent())?.trim());
    const value = await reveal(page);
    await expect(value.getByRole('row', { name: /Private key/ })).toContainText('PRIVATE KEY');
  });

  test('an uploaded key pair', async ({ page }) => {
    const pair = utils.generateKeyPairSync('ed25519', { comment: 'uploaded-by-e2e' });
    const name = uid('up-key');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Type').selectOption('Key pair');
    await dialog.getByLabel('Upload a key pair').check();
    await dialog
      .getByLabel('Public key file')
      .setInputFiles({ name: 'id.pub', mimeType: 'text/plain', buffer: Buffer.from(pair.public) });
    await dialog
      .getByLabel('Private key file')
      .setInputFiles({ name: 'id', mimeType: 'text/plain', buffer: Buffer.from(pair.private) });
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toContainText('uploaded-by-e2e');
  });

  test('a generated store password is shown once, and asked for to reveal', async ({ page }) => {
    const name = uid('vault');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Value', { exact: true }).fill('locked value');
    await dialog.getByLabel('A generated password (shown once)').check();
    await dialog.getByRole('button', { name: 'Create' }).click();
    const password = (await dialog.getByLabel('Store password', { exact: true }).textContent()) ?? '';
    expect(password).toMatch(/^.{12}$/);
    await dialog.getByRole('button', { name: 'Open the secret' }).click();
    await expect(page.getByRole('table', { name: 'Secret details' })).toContainText('A store password');

    await page.getByLabel('Store password').fill('Wrong-Password-1');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('alert')).toContainText('(400)');
    await page.getByLabel('Store password').fill(password);
    const value = await reveal(page);
    await expect(value).toContainText('locked value');
  });

  test('a typed store password', async ({ page }) => {
    const name = uid('typedpw');
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Value', { exact: true }).fill('typed-lock');
    await dialog.getByLabel('A password I choose').check();
    await dialog.getByLabel('Store password').fill('Vault-Lock-93x');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByRole('button', { name: 'Open the secret' }).click();
    await page.getByLabel('Store password').fill('Vault-Lock-93x');
    await expect(await reveal(page)).toContainText('typed-lock');
  });

  test('a refused create shows the server message next to the form, and the form stays', async ({ page, seed }) => {
    const name = uid('dup');
    await seed.secret(org, { name, type: 'data', data: 'x' });
    const dialog = await openNewSecret(page, org);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Value', { exact: true }).fill('again');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert')).toContainText(`Secret already exists: ${name}`);
    await expect(dialog.getByLabel('Name')).toHaveValue(name);
  });
});

test('the secrets table searches and pages', async ({ page, seed }) => {
  const user = await seed.user();
  const { org } = await seed.orgWith(user);
  for (let i = 0; i < 23; i++)
    await seed.secret(org, { name: `paged-${String(i).padStart(2, '0')}`, type: 'data', data: 'v' });
  await seed.secret(org, { name: 'other-one', type: 'username_password', username: 'u', password: 'p' });
  await signIn(page, user);
  const table = page.getByRole('table', { name: 'Secrets' });
  await expect(table.getByRole('link')).toHaveCount(20);
  await expect(table.getByRole('link').first()).toHaveText('other-one');
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(table.getByRole('link')).toHaveCount(4);
  await expect(table.getByRole('link').last()).toHaveText('paged-22');
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(table.getByRole('link')).toHaveCount(20);
  await page.getByLabel('Search').fill('other');
  await expect(table.getByRole('link')).toHaveCount(1);
  await expect(table.getByRole('row', { name: /other-one/ })).toContainText('Username and password');
  await page.getByLabel('Search').fill('nothing-like-this');
  await expect(page.getByText('No secret matches “nothing-like-this”.')).toBeVisible();
});

test('a secret page: team access, settings, rename, move, history and a confirmed delete', async ({ page, seed }) => {
  const alice = await seed.user();
  const { org, team } = await seed.orgWith(alice);
  const other = await seed.org();
  await seed.member(other, await seed.team(other), alice.username);
  const name = uid('managed');
  await seed.secret(org, { name, type: 'data', data: 'v1', visibility: 'PRIVATE' }, alice);
  await signIn(page, alice);
  await openSecret(page, org, name);

  // Team access: grant, see, remove.
  await page.getByLabel('Team', { exact: true }).selectOption(team);
  await page.getByLabel('Level').selectOption('Writer');
  await page.getByRole('button', { name: 'Grant' }).click();
  const rules = page.getByRole('table', { name: 'Team access rules' });
  await expect(rules.getByRole('row', { name: new RegExp(team) })).toContainText('Writer');
  await page.getByRole('button', { name: `Remove the rule of team ${team}` }).click();
  await expect(page.getByText('No team has a rule on this secret.')).toBeVisible();

  // Visibility and CI lists.
  await page.getByRole('region', { name: 'Settings' }).getByLabel('Visibility').selectOption('Public');
  await page.getByRole('region', { name: 'Settings' }).getByLabel('CI events').fill('push');
  await page.getByRole('button', { name: 'Save access settings' }).click();
  const details = page.getByRole('table', { name: 'Secret details' });
  await expect(details.getByRole('row', { name: /Visibility/ })).toContainText('Public');
  await expect(details.getByRole('row', { name: /CI events/ })).toContainText('push');

  // Rename: the address follows.
  const renamed = `${name}-2`;
  await page.getByLabel('New name').fill(renamed);
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org}/secrets/${renamed}$`));
  await expect(page.getByRole('heading', { level: 1, name: renamed })).toBeVisible();

  // History: the create and the updates, newest first.
  const history = page.getByRole('table', { name: `History of ${renamed}` });
  await expect(history.getByRole('row', { name: /CREATE/ })).toHaveCount(1);
  await expect(history.getByRole('row', { name: /UPDATE/ }).first()).toBeVisible();

  // Move to the other org (alice's rights there come from her team).
  await page.getByLabel('Move to organization').selectOption(other);
  await page.getByRole('button', { name: 'Move' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${other}/secrets/${renamed}$`));
  await expect(details.getByRole('row', { name: /Organization/ })).toContainText(other);

  // Delete, confirmed in a dialog whose button is also "Delete".
  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete the secret “${renamed}”?` });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${other}/secrets$`));
  await expect(page.getByRole('link', { name: renamed })).toHaveCount(0);
});

test('project links and giving a secret away: the new owner shows, and the old one is then refused a delete (403)', async ({
  page,
  seed,
}) => {
  const alice = await seed.user();
  const bob = await seed.user();
  const { org, team } = await seed.orgWith(alice);
  await seed.member(org, team, bob.username);
  const name = uid('given');
  await seed.secret(org, { name, type: 'data', data: 'v1' }, alice);
  const project = await seed.project(org);
  await signIn(page, alice);
  await openSecret(page, org, name);
  const details = page.getByRole('table', { name: 'Secret details' });

  // Project links, set on the page.
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('combobox', { name: 'Projects' }).click();
  await page.getByRole('option', { name: project }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save access settings' }).click();
  await expect(details.getByRole('row', { name: /Projects/ })).toContainText(project);

  await page.getByLabel('New owner').fill(bob.username);
  await page.getByRole('button', { name: 'Change owner' }).click();
  await expect(details.getByRole('row', { name: /Owner/ })).toContainText(bob.username);

  await page.getByLabel('New owner').fill('no-such-user-anywhere');
  await page.getByRole('button', { name: 'Change owner' }).click();
  await expect(page.getByRole('alert')).toContainText('No active user is called “no-such-user-anywhere”.');

  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete the secret “${name}”?` });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm.getByRole('alert')).toContainText('(403)');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  // Nothing broke: the console goes on.
  await page.getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible();
});
