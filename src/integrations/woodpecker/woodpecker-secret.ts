import { BadRequest } from '../../common/errors';
import type { CiValue } from '../ci-secrets';
import type { Json } from '../signatures/request-body';

/** The alpha extension's Secret JSON (seed woodpecker-secrets-extension.md). */
export interface WoodpeckerSecret {
  id: number;
  org_id: 0;
  repo_id: number;
  name: string;
  value?: string;
  images: string[];
  events: string[];
}

/** Woodpecker wants a numeric id: the first 48 bits of our UUID, stable and exact in JSON. */
export function numericId(uuid: string): number {
  return parseInt(uuid.replace(/-/g, '').slice(0, 12), 16);
}

export function toWoodpeckerSecret(v: CiValue, repoId: string, withValue: boolean): WoodpeckerSecret {
  const out: WoodpeckerSecret = {
    id: numericId(v.secret.id),
    org_id: 0,
    repo_id: Number(repoId),
    name: v.name,
    images: [...v.secret.images],
    events: [...v.secret.events],
  };
  if (withValue) out.value = v.value;
  return out;
}

export interface SecretInput {
  name?: string;
  value?: string;
  images?: string[];
  events?: string[];
}

/** Reads the fields of a Secret JSON body that a write may set; `id`, `org_id`, `repo_id` are ignored. */
export function readSecretInput(body: Json): SecretInput {
  const input: SecretInput = {};
  if (body.name !== undefined) input.name = str(body.name, 'name');
  if (body.value !== undefined) input.value = str(body.value, 'value');
  if (body.images !== undefined && body.images !== null) input.images = list(body.images, 'images');
  if (body.events !== undefined && body.events !== null) input.events = list(body.events, 'events');
  return input;
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new BadRequest(`'${field}' must be a non-empty string`);
  return value;
}

function list(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.includes(','))) {
    throw new BadRequest(`'${field}' must be a list of strings`);
  }
  return value as string[];
}
