import { expect, signIn, test, uid } from './fixtures';

test('switching organizations shows each one’s secrets', async ({ page, seed }) => {
  const user = await seed.user();
  const first = await seed.orgWith(user);
  const second = await seed.orgWith(user);
  await seed.secret(first.org, { name: 'only-in-first', type: 'data', data: 'v' });
  await seed.secret(second.org, { name: 'only-in-second', type: 'data', data: 'v' });
  await signIn(page, user, `/orgs/${first.org}/secrets`);
  await expect(page.getByRole('link', { name: 'only-in-first' })).toBeVisible();
  await page.getByLabel('Organization').selectOption(second.org);
  await expect(page).toHaveURL(new RegExp(`/orgs/${second.org}/secrets$`));
  await expect(page.getByRole('link', { name: 'only-in-second' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'only-in-first' })).toHaveCount(0);
  // The section is kept when switching.
  await page.getByRole('link', { name: 'Teams' }).click();
  // Wait for the navigation: a switch made before it lands reads the old section.
  await expect(page).toHaveURL(new RegExp(`/orgs/${second.org}/teams$`));
  await page.getByLabel('Organization').selectOption(first.org);
  await expect(page).toHaveURL(new RegExp(`/orgs/${first.org}/teams$`));
});

test('teams: create, add a member with a role, change the role, remove, delete', async ({ page, seed }) => {
  const owner = await seed.user();
  const bob = await seed.user();
  // The org's owner: a team's creator joins it as MAINTAINER, and deleting a team takes more.
  const org = await seed.org(uid('org'), owner.username);
  await seed.member(org, await seed.team(org), owner.username);
  await signIn(page, owner, `/orgs/${org}/teams`);
  const team = uid('squad');
  await page.getByLabel('Team name').fill(team);
  await page.getByLabel('Description').fill('The squad');
  await page.getByRole('button', { name: 'Create team' }).click();
  await page.getByRole('link', { name: team }).click();
  await expect(page.getByRole('heading', { name: `Team ${team}` })).toBeVisible();

  await page.getByLabel('Username').fill(bob.username);
  await page.getByLabel('Role', { exact: true }).selectOption('Maintainer');
  await page.getByRole('button', { name: 'Add member' }).click();
  const members = page.getByRole('table', { name: 'Members' });
  await expect(page.getByLabel(`Role of ${bob.username}`)).toHaveValue('MAINTAINER');
  await page.getByLabel(`Role of ${bob.username}`).selectOption('Owner');
  await page.reload();
  await expect(page.getByLabel(`Role of ${bob.username}`)).toHaveValue('OWNER');

  await page.getByLabel('Username').fill('nobody-has-this-name');
  await page.getByRole('button', { name: 'Add member' }).click();
  await expect(page.getByRole('alert')).toContainText('nobody-has-this-name');

  await page.getByRole('button', { name: `Remove ${bob.username} from the team` }).click();
  await expect(members.getByRole('row', { name: new RegExp(bob.username) })).toHaveCount(0);

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org}/teams$`));
  await expect(page.getByRole('link', { name: team })).toHaveCount(0);
});

test('projects: create, open, grant a team access and take it back, delete', async ({ page, seed }) => {
  const user = await seed.user();
  const { org, team } = await seed.orgWith(user, 'OWNER');
  await signIn(page, user, `/orgs/${org}/projects`);
  const project = uid('app');
  await page.getByLabel('Project name').fill(project);
  await page.getByLabel('Description').fill('The app');
  await page.getByLabel('Visibility').selectOption('Private');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByRole('row', { name: new RegExp(project) })).toContainText('Private');
  await page.getByRole('link', { name: project }).click();
  const details = page.getByRole('table', { name: 'Project details' });
  await expect(details.getByRole('row', { name: /Owner/ })).toContainText(user.username);
  await expect(page.getByText('No team has a rule on this project.')).toBeVisible();
  await page.getByLabel('Team', { exact: true }).selectOption(team);
  await page.getByLabel('Level').selectOption('Writer');
  await page.getByRole('button', { name: 'Grant' }).click();
  const rules = page.getByRole('table', { name: 'Team access rules' });
  await expect(rules.getByRole('row', { name: new RegExp(team) })).toContainText('Writer');
  // What the page shows is what the server holds.
  await page.reload();
  await expect(rules.getByRole('row', { name: new RegExp(team) })).toContainText('Writer');
  await page.getByRole('button', { name: `Remove the rule of team ${team}` }).click();
  await expect(page.getByText('No team has a rule on this project.')).toBeVisible();

  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(new RegExp(`/orgs/${org}/projects$`));
  await expect(page.getByRole('link', { name: project })).toHaveCount(0);
});

test('integrations: the token and endpoint are shown once, then only the endpoint', async ({ page, seed }) => {
  const user = await seed.user();
  const { org, team } = await seed.orgWith(user, 'OWNER');
  await signIn(page, user, `/orgs/${org}/integrations`);
  await page.getByLabel('Integration name').fill('drone-ci');
  await page.getByLabel('Kind').selectOption('Drone 1.x and later');
  await page.getByLabel('Team').selectOption(team);
  await page.getByRole('button', { name: 'Create integration' }).click();
  const token = page.getByLabel('Token', { exact: true });
  await expect(token).toHaveText(/^[A-Za-z0-9_-]{43}$/);
  await expect(page.getByLabel('Endpoint', { exact: true })).toHaveText(/^\/api\/ext\/drone\/[0-9a-f-]{36}$/);
  const row = page.getByRole('table', { name: 'Integrations' }).getByRole('row', { name: /drone-ci/ });
  await expect(row).toContainText(team);
  await page.reload();
  await expect(page.getByText('shown once')).toHaveCount(0);
  await expect(row).toContainText('/api/ext/drone/');

  await row.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('No integrations yet.')).toBeVisible();
});

test('my API keys: a new key is shown once and works; deleting it ends it', async ({
  page,
  seed,
  playwright,
  baseURL,
}) => {
  const user = await seed.user();
  await seed.orgWith(user);
  await signIn(page, user, '/account/api-keys');
  await page.getByLabel('Key name').fill('laptop');
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByLabel('API key “laptop”', { exact: true }).textContent()) ?? '';
  expect(key.length).toBeGreaterThan(10);
  const http = await playwright.request.newContext({ baseURL });
  expect((await http.get('/api/v1/org', { headers: { Authorization: key } })).status()).toBe(200);

  await page.reload();
  await expect(page.getByText(key)).toHaveCount(0);
  await page
    .getByRole('row', { name: /laptop/ })
    .getByRole('button', { name: 'Delete' })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText('You have no API keys.')).toBeVisible();
  expect((await http.get('/api/v1/org', { headers: { Authorization: key } })).status()).toBe(401);
  await http.dispose();
});

test('the org audit log filters by action and object', async ({ page, seed }) => {
  const user = await seed.user();
  const { org } = await seed.orgWith(user, 'OWNER');
  await seed.secret(org, { name: 'audited-secret', type: 'data', data: 'v' });
  await signIn(page, user, `/orgs/${org}/audit`);
  const log = page.getByRole('table', { name: `Audit log of ${org}` });
  await expect(log.getByRole('row', { name: /TEAM/ }).first()).toBeVisible();
  await expect(log.getByRole('row', { name: /audited-secret/ })).toHaveCount(1);
  await page.getByLabel('Action').selectOption('CREATE');
  await page.getByLabel('Object').selectOption('SECRET');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(log.getByRole('row', { name: /audited-secret/ })).toHaveCount(1);
  await expect(log.getByRole('row', { name: /TEAM/ })).toHaveCount(0);
  await page.getByLabel('User').fill('someone-else-entirely');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('No events.')).toBeVisible();
});

test('admins manage users: create, set a password, disable, enable', async ({ page, seed, browser, baseURL }) => {
  const admin = await seed.user({ admin: true });
  await signIn(page, admin, '/admin/users');
  const name = uid('newbie');
  await page.getByLabel('New username').fill(name);
  await page.getByLabel('Display name').fill('New Bie');
  await page.getByLabel('Initial password').fill('First-pass-1');
  await page.getByRole('button', { name: 'Create user' }).click();
  const row = page.getByRole('table', { name: 'Users' }).getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Active');

  await row.getByLabel(`New password for ${name}`).fill('Second-pass-2');
  await row.getByRole('button', { name: 'Set password' }).click();
  await expect(row.getByRole('status')).toHaveText('Saved.');
  const other = await browser.newContext({ baseURL });
  const theirs = await other.newPage();
  await signIn(theirs, { username: name, password: 'Second-pass-2' });

  await row.getByRole('button', { name: `Disable ${name}` }).click();
  await expect(row).toContainText('Disabled');
  // Their session ends with the account; a new sign-in is refused.
  await theirs.reload();
  await expect(theirs.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await theirs.getByLabel('Username').fill(name);
  await theirs.getByLabel('Password', { exact: true }).fill('Second-pass-2');
  await theirs.getByRole('button', { name: 'Sign in' }).click();
  await expect(theirs.getByRole('alert')).toContainText('401');

  await row.getByRole('button', { name: `Enable ${name}` }).click();
  await expect(row).toContainText('Active');
  await other.close();

  // Search finds active users by part of the name.
  await page.getByLabel('Find users').fill(name.slice(0, 10));
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(row).toBeVisible();
});

test('a user who is not an admin sees no Users page', async ({ page, seed }) => {
  const user = await seed.user();
  await seed.orgWith(user);
  await signIn(page, user);
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page.getByText('Only administrators manage users.')).toBeVisible();
});
