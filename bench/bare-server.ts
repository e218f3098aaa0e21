import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { Pool } from 'pg';

/**
 * The bare baseline: node:http + pg + node:crypto doing only the essential work of each measured
 * route against the same database and rows as Strongroom, with no framework, auth or audit:
 *   GET  /meta/:id      primary-key read of the metadata columns, JSON out
 *   POST /data/:id      primary-key read of the sealed columns, unwrap the data key and decrypt
 *                       (two AES-256-GCM opens, the same envelope as Strongroom), octet-stream out
 *   POST /create        read the body, seal it under a fresh data key wrapped by the server key, insert
 *   GET  /list/:orgId   one page sorted by name (?offset=&limit=), JSON out
 * It deliberately re-implements the envelope with node:crypto instead of importing the app's code.
 */
const env = process.env;
const [keyId, keyB64] = (env.BARE_SERVER_KEY ?? '').split(':');
const serverKey = Buffer.from(keyB64 ?? '', 'base64');
const createOrgId = env.BARE_CREATE_ORG_ID ?? '';
const ownerId = env.BARE_OWNER_ID ?? null;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: 20, application_name: 'bare-baseline' });

const META_COLUMNS =
  'id, org_id, name, type, encrypted_by, store_type, visibility, owner_id, created_at, last_updated_at';

function aad(label: 'payload' | 'dek', id: string): Buffer {
  return Buffer.from(`strongroom-secret\0v1\0${label}\0${id}`, 'utf8');
}

function open(key: Buffer, sealed: Buffer, ad: Buffer): Buffer {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12), { authTagLength: 16 });
  decipher.setAAD(ad);
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

function seal(key: Buffer, plaintext: Buffer, ad: Buffer): Buffer {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(ad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://bare');
  const [, route, arg] = url.pathname.split('/');
  if (req.method === 'GET' && route === 'meta') {
    const { rows } = await pool.query({
      name: 'meta',
      text: `SELECT ${META_COLUMNS} FROM secrets WHERE id = $1`,
      values: [arg],
    });
    return rows[0] ? send(res, 200, JSON.stringify(rows[0])) : send(res, 404, '');
  }
  if (req.method === 'POST' && route === 'data') {
    await readBody(req);
    const { rows } = await pool.query<{ ciphertext: Buffer; wrapped_key: Buffer; key_id: string }>({
      name: 'data',
      text: 'SELECT ciphertext, wrapped_key, key_id FROM secrets WHERE id = $1',
      values: [arg],
    });
    const row = rows[0];
    if (!row || row.key_id !== keyId) return send(res, 404, '');
    const dek = open(serverKey, row.wrapped_key, aad('dek', arg));
    return send(res, 200, open(dek, row.ciphertext, aad('payload', arg)), 'application/octet-stream');
  }
  if (req.method === 'POST' && route === 'create') {
    const body = await readBody(req);
    const id = crypto.randomUUID();
    const dek = crypto.randomBytes(32);
    const ciphertext = seal(dek, body, aad('payload', id));
    const wrapped = seal(serverKey, dek, aad('dek', id));
    await pool.query({
      name: 'create',
      text: `INSERT INTO secrets (id, org_id, name, type, encrypted_by, visibility, owner_id, format_version, ciphertext, wrapped_key, key_id)
             VALUES ($1, $2, $3, 'DATA', 'SERVER_KEY', 'PUBLIC', $4, 1, $5, $6, $7)`,
      values: [id, createOrgId, `bare-${id}`, ownerId, ciphertext, wrapped, keyId],
    });
    return send(res, 200, JSON.stringify({ ok: true, id, result: 'CREATED' }));
  }
  if (req.method === 'GET' && route === 'list') {
    const { rows } = await pool.query({
      name: 'list',
      text: `SELECT ${META_COLUMNS} FROM secrets WHERE org_id = $1 ORDER BY name LIMIT $2 OFFSET $3`,
      values: [arg, Number(url.searchParams.get('limit') ?? 100), Number(url.searchParams.get('offset') ?? 0)],
    });
    return send(res, 200, JSON.stringify(rows));
  }
  send(res, 404, '');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500, 'error', 'text/plain');
    else res.destroy();
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
});

process.on('message', (message: { type: string }) => {
  if (message.type === 'rss') process.send?.({ type: 'rss', rss: process.memoryUsage().rss });
  if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => void pool.end().finally(() => process.exit(0)));
  }
});
