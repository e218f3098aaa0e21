import { runBench } from '../../bench/harness';
import { defaultOptions } from '../../bench/options';
import { ROWS } from '../../bench/report';
import { testDatabaseUrl } from '../helpers/test-app';

/**
 * The bench harness still works end to end: both servers, seeding, every scenario, the table.
 * Tiny numbers and one repetition; no timing assertions (the numbers mean nothing here).
 */
describe('bench harness (tiny quick run)', () => {
  it('runs every scenario against both servers and produces the table', async () => {
    const outcome = await runBench({
      ...defaultOptions('tiny'),
      // A database of its own on the test server: a start refuses one holding rows under other keyrings.
      databaseUrl: testDatabaseUrl(),
      useDatabaseAsIs: false,
      log: () => {},
    });

    expect(outcome.rows.map((r) => r.scenario)).toEqual(ROWS.map((r) => r.scenario));
    for (const row of outcome.rows) {
      expect(row.failures).toBe(0);
      if (row.scenario !== 'RSS after load') {
        expect(row.rps).toBeGreaterThan(0);
        expect(row.p50).toBeGreaterThanOrEqual(0);
      }
      expect(Number.isFinite(row.rssMB) && row.rssMB > 0).toBe(true);
      expect(outcome.table).toContain(`| ${row.scenario} |`);
    }
    expect(outcome.markdown).toContain('# Strongroom benchmark results');
  }, 240_000);
});
