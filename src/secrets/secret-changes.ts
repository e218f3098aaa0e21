import type { Visibility } from '../config/config';
import type { MultipartForm } from '../http/multipart';
import { assertUuid } from '../common/names';
import type { SecretPayload } from '../crypto/secret-payload';
import type { SshKeys } from '../crypto/ssh-keys';
import type { UserRef } from '../users/user-lookup';
import { projectRefs } from './secret-create.service';
import { parseCiList, parseSecretType, parseVisibility, readPayload } from './secret-form';
import type { SecretUpdateV1Dto } from './dto/secret-update-v1.dto';

/** An update request from either wire form (v1 JSON, v2 multipart), normalised. Absent = unchanged. */
export interface SecretChanges {
  name?: string;
  targetOrg?: { id?: string; name?: string };
  /** 'remove' drops every link; lists replace the links. */
  projects?: { ids: string[]; names: string[] } | 'remove';
  owner?: UserRef;
  visibility?: Visibility;
  events?: string[];
  images?: string[];
  storePassword?: string;
  newStorePassword?: string;
  /** New data; deferred so that a key pair is only generated once the checks have passed. */
  newPayload?: () => Promise<SecretPayload>;
}

/** The v2 (multipart) update fields (docs/compatibility.md#updating-a-secret). Fixes: absent visibility stays unchanged; bad UUIDs are a 400. */
export function changesFromForm(form: MultipartForm, keys: SshKeys, maxDataSize: number): SecretChanges {
  const changes: SecretChanges = {
    name: form.text('name'),
    visibility: parseVisibility(form.text('visibility')),
    storePassword: form.payloadText('storePassword'),
    newStorePassword: form.payloadText('newStorePassword'),
    events: parseCiList(form, 'events'),
    images: parseCiList(form, 'images'),
  };
  const orgId = form.text('orgId');
  const orgName = form.text('org');
  if (orgId) changes.targetOrg = { id: assertUuid(orgId, 'orgId') };
  else if (orgName) changes.targetOrg = { name: orgName };
  if (form.bool('removeProjectLink')) {
    changes.projects = 'remove';
  } else {
    const [ids, names] = projectRefs(form);
    if (ids.length > 0 || names.length > 0) changes.projects = { ids, names };
  }
  const ownerId = form.text('ownerId');
  if (ownerId) changes.owner = { id: assertUuid(ownerId, 'ownerId') };
  const type = form.text('type');
  if (type !== undefined) {
    const parsed = parseSecretType(type);
    changes.newPayload = async () => (await readPayload(form, parsed, keys, maxDataSize)).payload;
  }
  return changes;
}

/** The v1 (JSON) update fields: `data` is base64 and always makes a DATA secret; `projectName: ""` unlinks. */
export function changesFromV1(dto: SecretUpdateV1Dto): SecretChanges {
  const changes: SecretChanges = {
    name: dto.name,
    visibility: parseVisibility(dto.visibility),
    storePassword: blankToUndefined(dto.storePassword),
    newStorePassword: blankToUndefined(dto.newStorePassword),
  };
  if (dto.owner && (dto.owner.id || dto.owner.username)) changes.owner = { ...dto.owner };
  if (dto.orgId) changes.targetOrg = { id: dto.orgId };
  else if (dto.orgName) changes.targetOrg = { name: dto.orgName };
  if (dto.projectName === '') changes.projects = 'remove';
  else if (dto.projectId) changes.projects = { ids: [dto.projectId], names: [] };
  else if (dto.projectName) changes.projects = { ids: [], names: [dto.projectName] };
  if (dto.data !== undefined) {
    const data = Buffer.from(dto.data, 'base64');
    changes.newPayload = async () => ({ type: 'DATA', data });
  }
  return changes;
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
