import * as http from 'node:http';
import request from 'supertest';

/**
 * The response contract (test/setup/response-contract.ts) is on for every spec; these answers, from a
 * bare server that plays Strongroom badly, show it refuses what openapi.yaml does not describe.
 */
describe('the response contract', () => {
  const answers: Record<string, (res: http.ServerResponse) => void> = {
    '/api/v1/server/ping': (res) => json(res, 200, { ok: 'yes' }),
    '/api/v1/server/version': (res) => json(res, 418, { ok: true }),
    '/api/v2/org/o/secret/s': (res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>hi</p>');
    },
    '/api/v1/org': (res) => {
      res.writeHead(400, { 'Content-Type': 'application/vnd.concord-validation-errors-v1+json' }).end('[{"id":1}]');
    },
    '/api/v1/no-such-route': (res) => json(res, 200, {}),
    '/api/v1/org/o/project': (res) => json(res, 401, { message: 'Not authenticated' }),
  };
  const server = http.createServer((req, res) => (answers[req.url ?? ''] ?? ((r) => json(r, 404, {})))(res));

  it.each([
    ['/api/v1/server/ping', /does not match ping's 200 application\/json schema/],
    ['/api/v1/server/version', /answered 418, which version does not declare/],
    ['/api/v2/org/o/secret/s', /as 'text\/html'; getSecret declares application\/json/],
    ['/api/v1/org', /does not match listOrgs's 400 application\/vnd.concord-validation-errors-v1\+json schema/],
    ['/api/v1/no-such-route', /openapi.yaml has no operation for it/],
  ])('refuses GET %s', async (path, reason) => {
    await expect(request(server).get(path)).rejects.toThrow(reason);
  });

  it('lets a documented answer through', async () => {
    await request(server).get('/api/v1/org/o/project').expect(401);
  });
});

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}
