import type { Response } from 'supertest';
import type { TestApp } from './test-app';

export type Fields = Record<string, string | Buffer>;

/** A real multipart request (`curl -F`): strings as text parts, Buffers as file parts. */
export function multipart(t: TestApp, path: string, key: string, fields: Fields) {
  let req = t.http.post(path).set('Authorization', key);
  for (const [name, value] of Object.entries(fields)) {
    req = Buffer.isBuffer(value) ? req.attach(name, value, `${name}.bin`) : req.field(name, value);
  }
  return req;
}

export function createSecret(t: TestApp, org: string, key: string, fields: Fields) {
  return multipart(t, `/api/v1/org/${org}/secret`, key, fields);
}

/** POST .../data with an optional store password; the body comes back as raw bytes. */
/** A supertest parser that keeps the body as the raw bytes sent (`/data` answers octet-streams). */
export function rawBytes(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

export function readSecretData(t: TestApp, org: string, name: string, key: string, storePassword?: string) {
  let req = t.http
    .post(`/api/v1/org/${org}/secret/${name}/data`)
    .set('Authorization', key)
    .buffer(true)
    .parse(rawBytes);
  if (storePassword !== undefined) req = req.field('storePassword', storePassword);
  return req;
}

export function bodyBytes(res: Response): Buffer {
  return res.body as Buffer;
}

/** The USERNAME_PASSWORD value bytes (docs/compatibility.md#the-value-bytes) for ASCII/BMP usernames. */
export function usernamePasswordBytes(username: string, password: string): Buffer {
  const user = Buffer.from(username, 'utf8');
  const pwd = Buffer.from(password, 'utf8');
  const out = Buffer.alloc(2 + user.length + 4 + pwd.length);
  out.writeUInt16BE(user.length, 0);
  user.copy(out, 2);
  out.writeInt32BE(pwd.length, 2 + user.length);
  pwd.copy(out, 6 + user.length);
  return out;
}
