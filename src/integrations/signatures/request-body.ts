import { BadRequest } from '../../common/errors';

/** Small readers for the CI JSON bodies, read only after the request's credential has been verified. */
export type Json = Record<string, unknown>;

export function objectAt(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequest(`Invalid request body: '${path}' must be a JSON object`);
  }
  return value as Json;
}

export function optionalObject(value: unknown, path: string): Json | undefined {
  return value === undefined || value === null ? undefined : objectAt(value, path);
}

export function stringAt(obj: Json, key: string, path: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new BadRequest(`Invalid request body: '${path}' must be a non-empty string`);
  }
  return value;
}

export function optionalString(obj: Json | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Numbers and numeric strings, as text (Woodpecker repo ids). */
export function optionalId(obj: Json | undefined, key: string): string | undefined {
  const value = obj?.[key];
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && /^[0-9]{1,18}$/.test(value)) return value;
  return undefined;
}
