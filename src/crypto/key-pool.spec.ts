import { setLogSink } from '../common/json-logger';
import { KeyPool } from './key-pool';

describe('KeyPool', () => {
  it('does no background work until started', async () => {
    const make = jest.fn(async () => 'item');
    const pool = new KeyPool(3, make, 'test');
    expect(await pool.take()).toBe('item');
    expect(make).toHaveBeenCalledTimes(1);
    expect(pool.available).toBe(0);
  });

  it('fills to size one at a time, tops up after each take and drops items on stop', async () => {
    let made = 0;
    let running = 0;
    let peak = 0;
    const pool = new KeyPool(
      2,
      async () => {
        peak = Math.max(peak, ++running);
        await new Promise((r) => setImmediate(r));
        running--;
        return ++made;
      },
      'test',
    );
    pool.start();
    while (pool.available < 2) await new Promise((r) => setImmediate(r));
    expect(peak).toBe(1);
    expect(await pool.take()).toBe(1);
    while (pool.available < 2) await new Promise((r) => setImmediate(r));
    expect(made).toBe(3);
    pool.stop();
    expect(pool.available).toBe(0);
    expect(await pool.take()).toBe(4);
    expect(made).toBe(4);
  });

  it('stop() does not wait for the item in flight, and drops it when it arrives', async () => {
    let release!: () => void;
    const pool = new KeyPool(1, () => new Promise<string>((r) => (release = () => r('late'))), 'test');
    pool.start();
    await new Promise((r) => setImmediate(r));
    pool.stop();
    release();
    await new Promise((r) => setImmediate(r));
    expect(pool.available).toBe(0);
  });

  it('gives up a refill round on failure instead of spinning', async () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      const make = jest.fn(async () => {
        throw new Error('busy');
      });
      const pool = new KeyPool(2, make, 'test');
      pool.start();
      await new Promise((r) => setImmediate(r));
      pool.stop();
      expect(make).toHaveBeenCalledTimes(1);
      expect(lines.join('\n')).toContain('Could not refill the test pool: busy');
    } finally {
      setLogSink(previous);
    }
  });
});
