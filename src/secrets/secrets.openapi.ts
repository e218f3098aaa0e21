import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { NAME_SCHEMA } from '../common/names';

const text = (description: string) => ({ type: 'string', description });
const fileOrText = (description: string) => ({ type: 'string', format: 'binary', description });

/** The multipart fields of create, declared for openapi.yaml. */
export const CREATE_FORM = {
  type: 'object',
  required: ['type', 'name'],
  properties: {
    type: text('key_pair | username_password | data (case-insensitive)'),
    name: { ...NAME_SCHEMA, description: `Secret name, unique in the org. ${NAME_SCHEMA.description}` },
    storeType: text("Store type; only 'concord'"),
    storePassword: text('Encrypt with a key derived from this password instead of the server key'),
    generatePassword: text('true: the server generates a store password and returns it'),
    visibility: text('PUBLIC or PRIVATE (case-sensitive); default per server setting'),
    projectIds: text('Comma-separated project ids'),
    projects: text('Comma-separated project names'),
    projectId: text('Legacy single project id'),
    project: text('Legacy single project name'),
    public: fileOrText('KEY_PAIR: OpenSSH public key (omit to generate a pair)'),
    private: fileOrText('KEY_PAIR: private key'),
    keyAlgorithm: text('KEY_PAIR generation: rsa (default, 4096 bits) or ed25519'),
    username: text('USERNAME_PASSWORD: username'),
    password: text('USERNAME_PASSWORD: password'),
    data: fileOrText('DATA: the value (file or text), at most the configured limit (1 MiB default)'),
    events: text('CI: comma-separated events the secret is limited to (push, tag, pull_request, ...); empty = all'),
    images: text('CI: comma-separated image names the secret is limited to; empty = any'),
  },
};

/** The multipart fields of the v2 update. */
export const UPDATE_FORM = {
  type: 'object',
  properties: {
    name: { ...NAME_SCHEMA, description: `New name. ${NAME_SCHEMA.description}` },
    orgId: text('Move to the org with this id'),
    org: text('Move to the org with this name'),
    projectIds: CREATE_FORM.properties.projectIds,
    projects: CREATE_FORM.properties.projects,
    projectId: CREATE_FORM.properties.projectId,
    project: CREATE_FORM.properties.project,
    removeProjectLink: text('true: remove every project link'),
    ownerId: text('New owner (user id)'),
    storePassword: text('Current store password (password-protected secrets)'),
    newStorePassword: text('New store password'),
    visibility: text('PUBLIC or PRIVATE; absent means unchanged'),
    type: text('New data of this type follows (the type may change)'),
    public: CREATE_FORM.properties.public,
    private: CREATE_FORM.properties.private,
    keyAlgorithm: CREATE_FORM.properties.keyAlgorithm,
    username: CREATE_FORM.properties.username,
    password: CREATE_FORM.properties.password,
    data: CREATE_FORM.properties.data,
    events: CREATE_FORM.properties.events,
    images: CREATE_FORM.properties.images,
  },
};

/**
 * A v2 update as JSON: the text fields of UPDATE_FORM (no new data, which is bytes), lists as
 * strings, and the console's spellings `orgName`, `projectName` ("" unlinks) and `owner`.
 */
const UPDATE_JSON = {
  type: 'object',
  properties: {
    ...Object.fromEntries(
      Object.entries(UPDATE_FORM.properties).filter(
        ([k]) => !['type', 'public', 'private', 'keyAlgorithm', 'username', 'password', 'data'].includes(k),
      ),
    ),
    ...Object.fromEntries(
      ['projectIds', 'projects', 'events', 'images'].map((k) => [
        k,
        {
          oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
          description: 'A list, or comma-separated',
        },
      ]),
    ),
    removeProjectLink: { type: 'boolean', description: 'true: remove every project link' },
    orgName: text('JSON: move to the org with this name (same as org)'),
    projectName: text('JSON: link to this project (same as project); "" removes every project link'),
    owner: {
      type: 'object',
      description: 'JSON: new owner by id, or by username (and domain)',
      properties: { id: { type: 'string', format: 'uuid' }, username: text('Username'), userDomain: text('Domain') },
    },
  },
};

/** The request body of a v2 update, one schema per content type. */
export const UPDATE_BODY = {
  required: true,
  content: {
    'multipart/form-data': { schema: UPDATE_FORM },
    'application/json': { schema: UPDATE_JSON },
  },
};

/** The multipart fields of `/data`. */
export const DATA_FORM = {
  type: 'object',
  properties: { storePassword: text('Store password of a password-protected secret') },
};

/** Shown at /api/docs: a create call for each secret type. */
export const CREATE_EXAMPLES = {
  data: {
    summary: 'DATA: a value (a file part or a text field)',
    value: { type: 'data', name: 'apiToken', data: 's3cr3t-value' },
  },
  dataWithStorePassword: {
    summary: 'DATA, encrypted with a store password instead of the server key',
    value: { type: 'data', name: 'deployToken', data: 's3cr3t-value', storePassword: 'Store-Pass-1' },
  },
  usernamePassword: {
    summary: 'USERNAME_PASSWORD',
    value: { type: 'username_password', name: 'dbLogin', username: 'app', password: 'db-Pass-1' },
  },
  keyPairGenerated: {
    summary: 'KEY_PAIR generated by the server (answers the public key)',
    value: { type: 'key_pair', name: 'deployKey', keyAlgorithm: 'ed25519' },
  },
  keyPairUploaded: {
    summary: 'KEY_PAIR uploaded as two file parts, limited to a project',
    value: {
      type: 'key_pair',
      name: 'githubKey',
      public: '<file: id_ed25519.pub>',
      private: '<file: id_ed25519>',
      projects: 'website',
      visibility: 'PRIVATE',
    },
  },
};

/** Shown at /api/docs: `/data` without a body, and with the store password. */
export const DATA_EXAMPLES = {
  serverKey: { summary: 'A secret encrypted with the server key: no body at all', value: {} },
  storePassword: { summary: 'A secret encrypted with a store password', value: { storePassword: 'Store-Pass-1' } },
};

/** A multipart body; `required: false` where Concord's clients may send none at all (`/data`). */
export const MultipartBody = (schema: object, required = true, examples?: Record<string, object>) =>
  applyDecorators(ApiConsumes('multipart/form-data'), ApiBody({ schema, required, ...(examples ? { examples } : {}) }));
