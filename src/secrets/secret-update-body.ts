import { assertNoControlCharacters } from '../common/control-characters';
import { MultipartForm } from '../http/multipart';
import { assertUuid } from '../common/names';
import { BadRequest, ValidationFailed } from '../common/errors';
import type { SshKeys } from '../crypto/ssh-keys';
import type { UserRef } from '../users/user-lookup';
import { SecretChanges, changesFromForm } from './secret-changes';
import { UPDATE_FORM } from './secrets.openapi';

/** The multipart fields of a v2 update. */
const FORM_FIELDS = Object.keys(UPDATE_FORM.properties);

/**
 * JSON field → the multipart field it stands for. Both spellings are accepted: the multipart names
 * (`org`, `orgId`, `ownerId`, ...) and the names Concord's console sends as JSON (`orgName`,
 * `projectName`, `owner: {id}`).
 */
const JSON_TEXT_FIELDS: Record<string, string> = {
  name: 'name',
  visibility: 'visibility',
  org: 'org',
  orgName: 'org',
  orgId: 'orgId',
  ownerId: 'ownerId',
  project: 'project',
  projectName: 'project',
  projectId: 'projectId',
  storePassword: 'storePassword',
  newStorePassword: 'newStorePassword',
};
const JSON_LIST_FIELDS = ['projectIds', 'projects', 'events', 'images'];
const JSON_FLAG_FIELDS = ['removeProjectLink'];
/** New data is bytes (a file, a key): it travels only in a multipart body. */
const DATA_FIELDS = ['type', 'data', 'public', 'private', 'username', 'password', 'keyAlgorithm'];

export const JSON_UPDATE_FIELDS = [...Object.keys(JSON_TEXT_FIELDS), ...JSON_LIST_FIELDS, ...JSON_FLAG_FIELDS, 'owner'];

/** A multipart body with no field a v2 update reads would change nothing: say so instead of "UPDATED". */
export function changesFromUpdateForm(form: MultipartForm, keys: SshKeys, maxDataSize: number): SecretChanges {
  if (!FORM_FIELDS.some((f) => form.has(f))) {
    throw new ValidationFailed(`Nothing to update: send at least one of ${FORM_FIELDS.join(', ')}`);
  }
  return changesFromForm(form, keys, maxDataSize);
}

/**
 * A JSON body, read by the same rules as the multipart form (same checks, same errors). Unknown
 * fields are ignored, as Concord ignores them, but a body with no known field at all is a 400.
 */
export function changesFromUpdateJson(body: unknown, keys: SshKeys, maxDataSize: number): SecretChanges {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadRequest('Expected a JSON object or a multipart form');
  }
  const json = body as Record<string, unknown>;
  const dataField = DATA_FIELDS.find((f) => f in json);
  if (dataField) {
    throw new ValidationFailed(`New secret data ('${dataField}') must be sent as multipart/form-data`, dataField);
  }
  if (!JSON_UPDATE_FIELDS.some((f) => f in json)) {
    throw new ValidationFailed(`Nothing to update: send at least one of ${JSON_UPDATE_FIELDS.join(', ')}`);
  }
  const parts: { name: string; value: Buffer; isFile: boolean }[] = [];
  const add = (name: string, value: string) => parts.push({ name, value: Buffer.from(value, 'utf8'), isFile: false });
  for (const [field, formField] of Object.entries(JSON_TEXT_FIELDS)) {
    const value = json[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new ValidationFailed(`'${field}' must be a string`, field);
    // Concord's console unlinks a secret from its project by sending an empty project name.
    if (field === 'projectName' && value.trim() === '') add('removeProjectLink', 'true');
    else add(formField, value);
  }
  for (const field of JSON_LIST_FIELDS) {
    const value = json[field];
    if (value === undefined || value === null) continue;
    const items = Array.isArray(value) ? value : [value];
    if (!items.every((i): i is string => typeof i === 'string')) {
      throw new ValidationFailed(`'${field}' must be a string or a list of strings`, field);
    }
    add(field, items.join(','));
  }
  for (const field of JSON_FLAG_FIELDS) {
    const value = json[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'boolean') throw new ValidationFailed(`'${field}' must be true or false`, field);
    if (value) add(field, 'true');
  }
  const changes = changesFromForm(new MultipartForm(parts), keys, maxDataSize);
  const owner = ownerOf(json.owner);
  if (owner) changes.owner = owner;
  return changes;
}

/** `owner: {id}` or `owner: {username, userDomain?}`; an empty object changes nothing. */
function ownerOf(value: unknown): UserRef | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationFailed("'owner' must be an object with 'id' or 'username'", 'owner');
  }
  const { id, username, userDomain } = value as Record<string, unknown>;
  for (const [key, v] of Object.entries({ id, username, userDomain })) {
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new ValidationFailed(`'owner.${key}' must be a string`, `owner.${key}`);
    }
  }
  if (typeof id === 'string' && id.trim() !== '') return { id: assertUuid(id.trim(), 'owner.id') };
  if (typeof username === 'string' && username.trim() !== '') {
    assertNoControlCharacters(username, 'owner.username', "Field 'owner.username'");
    if (typeof userDomain !== 'string') return { username: username.trim() };
    assertNoControlCharacters(userDomain, 'owner.userDomain', "Field 'owner.userDomain'");
    return { username: username.trim(), userDomain };
  }
  return undefined;
}
