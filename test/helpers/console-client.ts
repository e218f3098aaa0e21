import type { Test } from 'supertest';
import type { TestUser } from './factories';
import { loginCookie } from './session';
import type { TestApp } from './test-app';

/** Requests as Concord's console sends them: the session cookie from whoami and X-Concord-UI-Request. */
export interface ConsoleClient {
  get(path: string): Test;
  post(path: string): Test;
  put(path: string): Test;
  delete(path: string): Test;
}

export async function consoleClient(t: TestApp, user: TestUser): Promise<ConsoleClient> {
  if (user.password === undefined) throw new Error(`${user.username} has no password: create it with one`);
  const cookie = await loginCookie(t, user.username, user.password);
  const as = (req: Test) => req.set('Cookie', cookie).set('X-Concord-UI-Request', 'true');
  return {
    get: (path) => as(t.http.get(path)),
    post: (path) => as(t.http.post(path)),
    put: (path) => as(t.http.put(path)),
    delete: (path) => as(t.http.delete(path)),
  };
}
