/**
 * Metronome's own definition-time checks of a job's secret references (ci-adapters.md C), with
 * its messages. Pure: returns the refs to resolve, or the 422 details.
 */
export interface ValidationDetail {
  path: string;
  errors: string[];
}

export interface JobRefs {
  /** env var → secret ref name. */
  env: Map<string, string>;
  /** secret volumes: containerPath and ref name. */
  volumes: { containerPath: string; ref: string }[];
  /** ref name → store path (`source`). */
  sources: Map<string, string>;
}

export type JobCheck = { ok: true; refs: JobRefs } | { ok: false; details: ValidationDetail[] };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HOST_VOLUME_KEYS = ['containerPath', 'hostPath', 'mode'];
const SECRET_VOLUME_KEYS = ['containerPath', 'secret'];

function sameKeys(obj: Json, keys: string[]): boolean {
  const own = Object.keys(obj);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

/** Accepts a whole job definition (`{id, run: {...}}`) or its `run` object. */
export function checkJob(body: unknown): JobCheck {
  if (!isObject(body)) return fail('/', 'Expected a JSON object (a Metronome job or its run object)');
  const run = isObject(body.run) ? body.run : body;
  const base = isObject(body.run) ? '/run' : '';
  const details: ValidationDetail[] = [];
  const add = (path: string, error: string) => details.push({ path: `${base}${path}` || '/', errors: [error] });

  const sources = new Map<string, string>();
  if (run.secrets !== undefined) {
    if (!isObject(run.secrets)) add('/secrets', 'error.expected.jsobject');
    else {
      for (const [ref, def] of Object.entries(run.secrets)) {
        if (!isObject(def) || typeof def.source !== 'string') add(`/secrets/${ref}/source`, 'error.path.missing');
        else if (def.source.length < 1) add(`/secrets/${ref}/source`, 'error.minLength');
        else sources.set(ref, def.source);
      }
    }
  }

  const env = new Map<string, string>();
  if (run.env !== undefined) {
    if (!isObject(run.env)) add('/env', 'error.expected.jsobject');
    else {
      for (const [name, value] of Object.entries(run.env)) {
        if (typeof value === 'string') continue;
        if (isObject(value) && typeof value.secret === 'string' && Object.keys(value).length === 1) {
          env.set(name, value.secret);
        } else add(`/env/${name}`, 'expected string or secret reference object');
      }
    }
  }

  const volumes: JobRefs['volumes'] = [];
  if (run.volumes !== undefined) {
    if (!Array.isArray(run.volumes)) add('/volumes', 'error.expected.jsarray');
    else {
      run.volumes.forEach((v: unknown, i: number) => {
        if (
          isObject(v) &&
          sameKeys(v, SECRET_VOLUME_KEYS) &&
          typeof v.containerPath === 'string' &&
          typeof v.secret === 'string'
        ) {
          volumes.push({ containerPath: v.containerPath, ref: v.secret });
        } else if (!(isObject(v) && sameKeys(v, HOST_VOLUME_KEYS))) {
          add(`/volumes(${i})`, 'expected HostVolume or SecretVolume object');
        }
      });
    }
  }
  if (details.length > 0) return { ok: false, details };

  const referenced = new Set([...env.values(), ...volumes.map((v) => v.ref)]);
  const undefinedRefs = [...referenced].filter((r) => !sources.has(r));
  if (undefinedRefs.length > 0) {
    add(
      '/',
      `The following secrets are referenced, but undefined: ${undefinedRefs.join(', ')}. Please add them to the secrets field.`,
    );
  }
  const unused = [...sources.keys()].filter((r) => !referenced.has(r));
  if (unused.length > 0) {
    add(
      '/',
      `The following secrets are defined, but not referenced: ${unused.join(', ')}. Please remove them from the secrets field.`,
    );
  }
  if (volumes.length > 0 && run.docker !== undefined) add('/', 'File based secrets are only supported by UCR');
  if (details.length > 0) return { ok: false, details };
  return { ok: true, refs: { env, volumes, sources } };
}

function fail(path: string, error: string): JobCheck {
  return { ok: false, details: [{ path, errors: [error] }] };
}
