import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN_KEY } from './server-env';

export { expect };

let counter = 0;
/** A name no other test uses (the server's name rule: letters, digits, `-_.@~`, 3 to 128). */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 6)}`;
}

export interface User {
  username: string;
  password: string;
}

/** Seeds data through the real API with the admin key, as an operator's script would. */
export class Seed {
  constructor(private readonly http: APIRequestContext) {}

  private async ok<T>(response: Promise<import('@playwright/test').APIResponse>): Promise<T> {
    const r = await response;
    if (!r.ok()) throw new Error(`${r.url()} answered ${r.status()}: ${await r.text()}`);
    return (await r.json()) as T;
  }

  async user(options: { admin?: boolean; name?: string } = {}): Promise<User & { id: string }> {
    const username = options.name ?? uid('user');
    const password = `Pw-${Math.random().toString(36).slice(2)}-Q9`;
    const created = await this.ok<{ id: string }>(
      this.http.post('/api/v1/user', {
        data: { username, type: 'LOCAL', password, ...(options.admin ? { roles: ['concordAdmin'] } : {}) },
      }),
    );
    return { username, password, id: created.id };
  }

  async org(name = uid('org'), owner?: string): Promise<string> {
    await this.ok(this.http.post('/api/v1/org', { data: { name, ...(owner ? { owner: { username: owner } } : {}) } }));
    return name;
  }

  async team(org: string, name = uid('team')): Promise<string> {
    await this.ok(this.http.post(`/api/v1/org/${org}/team`, { data: { name } }));
    return name;
  }

  async member(org: string, team: string, username: string, role = 'MEMBER'): Promise<void> {
    await this.ok(this.http.put(`/api/v1/org/${org}/team/${team}/users`, { data: [{ username, role }] }));
  }

  /** An org with a team that `user` is in (with `role`): the usual starting point of a test. */
  async orgWith(user: User, role = 'MEMBER'): Promise<{ org: string; team: string }> {
    const org = await this.org();
    const team = await this.team(org);
    await this.member(org, team, user.username, role);
    return { org, team };
  }

  async project(org: string, name = uid('proj')): Promise<string> {
    await this.ok(this.http.post(`/api/v1/org/${org}/project`, { data: { name } }));
    return name;
  }

  async secret(org: string, fields: Record<string, string>, as?: User): Promise<void> {
    const headers = as
      ? { Authorization: `Basic ${Buffer.from(`${as.username}:${as.password}`).toString('base64')}` }
      : undefined;
    await this.ok(this.http.post(`/api/v1/org/${org}/secret`, { multipart: fields, headers }));
  }

  async apiKey(username: string): Promise<string> {
    const created = await this.ok<{ key: string }>(this.http.post('/api/v1/apikey', { data: { username } }));
    return created.key;
  }
}

/** Signs in through the form, as a person would, and waits for the console's first page. */
export async function signIn(page: Page, user: User, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // A dialog still fading in has text at part opacity, which axe measures as low contrast.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(report, `accessibility of ${what}`).toEqual([]);
}

export const test = base.extend<{ seed: Seed; cspViolations: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  baseURL: async ({}, use) => {
    const url = process.env.CONSOLE_BASE_URL;
    if (!url) throw new Error('CONSOLE_BASE_URL is not set: run through playwright.config.ts (global setup)');
    await use(url);
  },
  seed: async ({ playwright, baseURL }, use) => {
    const http = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: ADMIN_KEY } });
    await use(new Seed(http));
    await http.dispose();
  },
  // Every test also checks that the console never trips its own Content-Security-Policy.
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      page.on('pageerror', (error) => violations.push(`page error: ${error.message}`));
      await use(violations);
      expect(violations, 'CSP violations and uncaught errors').toEqual([]);
    },
    { auto: true },
  ],
});
