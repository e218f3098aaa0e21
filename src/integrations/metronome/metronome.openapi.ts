/** The JSON of the Metronome-style resolve call, declared for openapi.yaml. */
const secretRefs = {
  type: 'object',
  description: 'Reference name → `{source}`: a secret of the org (`name` or `/name`), or `/<otherOrg>/<name>`',
  additionalProperties: { type: 'object', required: ['source'], properties: { source: { type: 'string' } } },
};

const JOB_RUN = {
  type: 'object',
  properties: {
    secrets: secretRefs,
    env: {
      type: 'object',
      description: 'Env var → a plain value, or `{secret: "<reference name>"}`',
      additionalProperties: true,
    },
    volumes: {
      type: 'array',
      description: 'Host volumes, or secret volumes `{containerPath, secret: "<reference name>"}`',
      items: { type: 'object', additionalProperties: true },
    },
  },
  additionalProperties: true,
};

/** A whole Metronome job definition (`{id, run}`) or only its `run` object. */
export const METRONOME_JOB = {
  type: 'object',
  description: 'A Metronome job definition `{id, run: {...}}`, or its `run` object alone',
  properties: { id: { type: 'string' }, run: JOB_RUN, ...JOB_RUN.properties },
  additionalProperties: true,
};

export const METRONOME_EXAMPLES = {
  envAndFile: {
    summary: 'An env var and a file from two secrets',
    value: {
      id: 'nightly-backup',
      run: {
        cmd: 'backup --key /etc/backup/key',
        secrets: { db: { source: '/db-password' }, key: { source: '/platform/backup-key' } },
        env: { DB_PASSWORD: { secret: 'db' } },
        volumes: [{ containerPath: '/etc/backup/key', secret: 'key' }],
        ucr: { image: { id: 'ubuntu' } },
      },
    },
  },
};

export const RESOLVED = {
  type: 'object',
  required: ['env', 'files'],
  properties: {
    env: { type: 'object', additionalProperties: { type: 'string' } },
    files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['containerPath', 'data', 'mode'],
        properties: {
          containerPath: { type: 'string' },
          data: { type: 'string', format: 'byte', description: 'The value, base64' },
          mode: { type: 'string', enum: ['RO'] },
        },
      },
    },
  },
};

export const INVALID_JOB = {
  type: 'object',
  required: ['message', 'details'],
  properties: {
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'errors'],
        properties: { path: { type: 'string' }, errors: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};
