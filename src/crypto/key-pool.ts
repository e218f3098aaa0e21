import { logger } from '../common/json-logger';

/**
 * Keeps up to `size` pre-made items so a request rarely waits for slow generation (RSA-4096 takes
 * seconds). Refills one item at a time in the background once started, so a refill holds at most
 * one slot of the generator's limiter and requests that find the pool empty get the other.
 */
export class KeyPool<T> {
  private readonly ready: T[] = [];
  private refilling: Promise<void> | undefined;
  private running = false;
  private emptyTakes = 0;

  constructor(
    private readonly size: number,
    private readonly make: () => Promise<T>,
    private readonly name: string,
  ) {}

  get available(): number {
    return this.ready.length;
  }

  get capacity(): number {
    return this.size;
  }

  /** Takes that found the pool empty and waited for a fresh item, since start. */
  get misses(): number {
    return this.emptyTakes;
  }

  start(): void {
    this.running = true;
    this.refill();
  }

  /**
   * Stops refilling and drops the pool. A generation in flight cannot be cancelled; it is not waited
   * for (an RSA-4096 key can take seconds, which a stopping server should not spend): its item is
   * discarded when it completes.
   */
  stop(): void {
    this.running = false;
    this.ready.length = 0;
  }

  /** A pre-made item when there is one, else a fresh one; either way the pool tops itself up. */
  async take(): Promise<T> {
    const item = this.ready.shift();
    this.refill();
    if (item !== undefined) return item;
    this.emptyTakes++;
    return this.make();
  }

  private refill(): void {
    if (!this.running || this.refilling || this.ready.length >= this.size) return;
    this.refilling = this.fill().finally(() => {
      this.refilling = undefined;
    });
  }

  private async fill(): Promise<void> {
    while (this.running && this.ready.length < this.size) {
      try {
        const item = await this.make();
        if (this.running) this.ready.push(item);
      } catch (error) {
        // Try again on the next take rather than spinning on a persistent failure (or a busy limiter).
        const reason = error instanceof Error ? error.message : 'unknown error';
        logger.warn(`Could not refill the ${this.name} pool: ${reason}`, 'KeyPool');
        return;
      }
    }
  }
}
