import type { ServerResponse } from 'node:http';
import { sendBody } from '../common/http-responses';
import type { SecretValue } from './secret-data.service';

/** The `/data` answer: the raw bytes, the secret's type in `X-Concord-SecretType`, never cached. */
export function sendSecretValue(res: ServerResponse, value: SecretValue): void {
  res.setHeader('X-Concord-SecretType', value.type);
  res.setHeader('Cache-Control', 'no-store');
  sendBody(res, 200, 'application/octet-stream', value.bytes);
}
