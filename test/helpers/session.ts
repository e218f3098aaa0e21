import type { TestApp } from './test-app';
import { basic } from './factories';

/** Logs in with Basic on whoami (which opens a console session) and returns `JSESSIONID=<value>`. */
export async function loginCookie(t: TestApp, username: string, password: string): Promise<string> {
  const res = await t.http.get('/api/service/console/whoami').set(basic(username, password));
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${res.text}`);
  const raw = res.headers['set-cookie'] as unknown;
  const cookies = Array.isArray(raw) ? (raw as string[]) : [];
  const cookie = cookies.find((c) => c.startsWith('JSESSIONID='));
  if (!cookie) throw new Error('no JSESSIONID cookie was set');
  return cookie.split(';')[0];
}
