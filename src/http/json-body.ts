import type { IncomingMessage } from 'node:http';
import type { HttpLimits } from '../config/config';
import { BadRequest, ValidationFailed } from '../common/errors';
import { controlCharacterError, controlCharacterIn } from '../common/control-characters';
import { hasBody, isJson, readWithinLimits } from './body-limit';

/**
 * JSON fields that carry secret material or credentials: bytes, never checked for control
 * characters (a user's password, store passwords, a Woodpecker secret's value, an API key's value).
 */
const PAYLOAD_FIELDS = new Set(['password', 'storePassword', 'newStorePassword', 'value', 'key']);

export type JsonRequest = IncomingMessage & { body?: unknown; rawBody?: Buffer };

/**
 * Reads and parses a JSON body (`application/json`, `application/*+json`) into `req.body`, keeping
 * the bytes in `req.rawBody` for signature checks. Within the budget and idle limit of
 * `readWithinLimits`; nested no deeper than `limits.jsonDepth` (checked before parsing, so a deep
 * document costs one pass over its bytes); only objects and arrays at the top; every string and key
 * follows the free-text rule except the values of PAYLOAD_FIELDS. Other bodies are left unread.
 */
export async function readJsonBody(req: JsonRequest, limits: HttpLimits): Promise<void> {
  if (!hasBody(req) || !isJson(req)) return;
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new BadRequest(`Unsupported charset "${charset.toUpperCase()}" for a JSON body; send UTF-8`);
  }
  const raw = await readWithinLimits(req, limits.bodyIdleTimeoutMs, collect(req));
  req.rawBody = raw;
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    req.body = {};
    return;
  }
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') throw new BadRequest('Invalid JSON body: expected an object or an array');
  if (nestingDepth(text) > limits.jsonDepth) {
    throw new BadRequest(`Invalid JSON body: nested deeper than ${limits.jsonDepth} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // The parser's message can quote the body (a password, say): pass on the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new BadRequest(`Invalid JSON body: syntax error${position ? ` at position ${position}` : ''}`);
  }
  checkStrings(body, '');
  req.body = body;
}

function collect(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => chunks.push(chunk);
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new BadRequest(`Request body could not be read: ${error.message}`));
    };
    const onClose = () => {
      cleanup();
      reject(new BadRequest('Request body ended early: the client closed the connection'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Deepest nesting of arrays and objects, counted over the text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return deepest;
}

/** Free-text rule on every key and string value (iteratively: the depth is already bounded, but cheaply). */
function checkStrings(value: unknown, path: string): void {
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  while (pending.length > 0) {
    const { value: v, path: p } = pending.pop()!;
    if (typeof v === 'string') {
      const found = controlCharacterIn(v, 'free text');
      if (found) throw fieldError(p, found);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => pending.push({ value: item, path: `${p}[${i}]` }));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        const keyPath = p ? `${p}.${key}` : key;
        const badKey = controlCharacterIn(key, 'free text');
        if (badKey) throw fieldError(p || '*', badKey, 'A field name');
        if (!PAYLOAD_FIELDS.has(key)) pending.push({ value: item, path: keyPath });
      }
    }
  }
}

function fieldError(path: string, character: string, what?: string): ValidationFailed {
  const id = path || '*';
  return controlCharacterError(id, what ?? `Field '${id}'`, character);
}
