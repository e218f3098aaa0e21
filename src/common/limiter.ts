import { ServiceBusy } from './errors';

/**
 * Runs at most `concurrency` tasks at once and queues up to `queueLimit` more; past that it refuses
 * with a 503 so expensive work (argon2, RSA) cannot starve cheap requests.
 */
export class Limiter {
  private active = 0;
  private refused = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queueLimit: number,
    private readonly busyMessage = 'Server is busy, try again later',
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.active;
  }

  /** Tasks refused because the queue was full, since start. */
  get rejected(): number {
    return this.refused;
  }

  get limit(): number {
    return this.concurrency;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.queue.length >= this.queueLimit) {
        this.refused++;
        throw new ServiceBusy(this.busyMessage, 1);
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
