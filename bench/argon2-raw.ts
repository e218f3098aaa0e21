import * as argon2 from 'argon2';
import * as crypto from 'node:crypto';

/** The reference for password `/data`: argon2id derivations alone, at the server's parameters and concurrency. */
export interface Argon2Job {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  concurrency: number;
  durationSec: number;
  maxOps: number;
}

export interface Argon2Result {
  ops: number;
  durationSec: number;
  opsPerSec: number;
}

export async function runArgon2(job: Argon2Job): Promise<Argon2Result> {
  const salt = crypto.randomBytes(16);
  const started = process.hrtime.bigint();
  const deadline = Date.now() + job.durationSec * 1000;
  let ops = 0;
  const worker = async () => {
    while (Date.now() < deadline && ops < job.maxOps) {
      await argon2.hash('Bench-Store-Pa55', {
        type: argon2.argon2id,
        raw: true,
        hashLength: 32,
        salt,
        memoryCost: job.memoryKiB,
        timeCost: job.iterations,
        parallelism: job.parallelism,
      });
      ops++;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const durationSec = Number(process.hrtime.bigint() - started) / 1e9;
  return { ops, durationSec, opsPerSec: ops / durationSec };
}

if (require.main === module) {
  process.on('message', (message: { type: string; job?: Argon2Job }) => {
    if (message.type === 'stop') process.exit(0);
    if (message.type !== 'job' || !message.job) return;
    runArgon2(message.job).then(
      (result) => process.send?.({ type: 'result', result }),
      (error: unknown) =>
        process.send?.({ type: 'error', error: error instanceof Error ? error.message : String(error) }),
    );
  });
}
