import autocannon from 'autocannon';
import * as crypto from 'node:crypto';

/**
 * One load run, in its own process so the load generator does not share an event loop with the
 * servers it measures. Bounded three ways: connections, duration, and a cap on total requests.
 */
export interface LoadJob {
  url: string;
  method: 'GET' | 'POST';
  /** `{item}` is replaced by a random entry of `items`, `{seq}` by a value unique to the request. */
  path: string;
  items?: string[];
  headers?: Record<string, string>;
  /** Multipart text fields (templated like the path); POST bodies are multipart when set. */
  form?: Record<string, string>;
  /** Adds a `data` file part of this many random bytes. */
  dataBytes?: number;
  connections: number;
  durationSec: number;
  maxRequests: number;
  /** autocannon's sampling interval; a run ends at the first tick after its last request. */
  sampleIntMs?: number;
  /** Send one request first and fail the job with its status and body unless it is 2xx. */
  probe?: boolean;
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSec: number;
  rps: number;
  p50: number;
  p99: number;
}

const BOUNDARY = 'strongroom-bench-boundary';
const RUN_TAG = `${process.pid.toString(36)}${crypto.randomBytes(3).toString('hex')}`;

export class RequestMaker {
  private seq = 0;
  private readonly data: Buffer | undefined;

  constructor(private readonly job: LoadJob) {
    this.data = job.dataBytes ? crypto.randomBytes(job.dataBytes) : undefined;
  }

  headers(): Record<string, string> {
    const headers = { ...this.job.headers };
    if (this.job.form) headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
    return headers;
  }

  next(): { path: string; body?: Buffer } {
    const item = this.job.items?.length ? this.job.items[Math.floor(Math.random() * this.job.items.length)] : '';
    const seq = `${RUN_TAG}-${(this.seq++).toString(36)}`;
    const fill = (template: string) => template.replace(/\{item\}/g, item).replace(/\{seq\}/g, seq);
    const path = fill(this.job.path);
    if (!this.job.form) return { path };
    const chunks: Buffer[] = [];
    for (const [name, value] of Object.entries(this.job.form)) {
      chunks.push(
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${fill(value)}\r\n`),
      );
    }
    if (this.data) {
      chunks.push(
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="data"; filename="data.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        ),
        this.data,
        Buffer.from('\r\n'),
      );
    }
    chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
    return { path, body: Buffer.concat(chunks) };
  }
}

async function probe(job: LoadJob, maker: RequestMaker): Promise<void> {
  const { path, body } = maker.next();
  const res = await fetch(job.url + path, { method: job.method, headers: maker.headers(), body });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) {
    throw new Error(`probe ${job.method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const maker = new RequestMaker(job);
  if (job.probe) await probe(job, maker);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(
      {
        url: job.url,
        connections: job.connections,
        duration: job.durationSec,
        maxOverallRequests: job.maxRequests,
        timeout: 10,
        sampleInt: job.sampleIntMs ?? 1000,
        method: job.method,
        headers: maker.headers(),
        requests: [{ method: job.method, setupRequest: (req) => ({ ...req, ...maker.next() }) }],
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
  });
  const ok = result['2xx'];
  return {
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationSec: result.duration,
    rps: result.duration > 0 ? ok / result.duration : 0,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

if (require.main === module) {
  process.on('message', (message: { type: string; job?: LoadJob }) => {
    if (message.type === 'stop') process.exit(0);
    if (message.type !== 'job' || !message.job) return;
    runLoad(message.job).then(
      (result) => process.send?.({ type: 'result', result }),
      (error: unknown) =>
        process.send?.({ type: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
