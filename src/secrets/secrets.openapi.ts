import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

const text = (description: string) => ({ type: 'string', description });
const fileOrText = (description: string) => ({ type: 'string', format: 'binary', description });

/** The multipart fields of R1 (create), declared for openapi.yaml. */
export const CREATE_FORM = {
  type: 'object',
  required: ['type', 'name'],
  properties: {
    type: text('key_pair | username_password | data (case-insensitive)'),
    name: text('Secret name, unique in the org'),
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

/** The multipart fields of R13 (v2 update). */
export const UPDATE_FORM = {
  type: 'object',
  properties: {
    name: text('New name'),
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

/** The multipart fields of R4 (`/data`). */
export const DATA_FORM = {
  type: 'object',
  properties: { storePassword: text('Store password of a password-protected secret') },
};

/** A multipart body; `required: false` where Concord's clients may send none at all (`/data`). */
export const MultipartBody = (schema: object, required = true) =>
  applyDecorators(ApiConsumes('multipart/form-data'), ApiBody({ schema, required }));
