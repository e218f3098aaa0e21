import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * Runs the import's units of work (the users, then each org): each in a transaction of its own, or,
 * for a dry run, each in a savepoint of one transaction that is rolled back at the end, so later
 * units see what earlier ones would have written and nothing is ever committed.
 */
export class ImportUnits {
  private dryRunner: QueryRunner | undefined;
  private savepoints = 0;

  private constructor(
    private readonly dataSource: DataSource,
    readonly dryRun: boolean,
  ) {}

  static async start(dataSource: DataSource, dryRun: boolean): Promise<ImportUnits> {
    const units = new ImportUnits(dataSource, dryRun);
    if (dryRun) {
      units.dryRunner = dataSource.createQueryRunner();
      await units.dryRunner.connect();
      await units.dryRunner.startTransaction();
    }
    return units;
  }

  /** One unit: all of its writes land together or not at all. */
  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dryRunner;
    if (!runner) return this.dataSource.transaction(work);
    const savepoint = `import_unit_${++this.savepoints}`;
    await runner.query(`SAVEPOINT ${savepoint}`);
    try {
      const result = await work(runner.manager);
      await runner.query(`RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      await runner.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw error;
    }
  }

  /** Ends a dry run: everything is rolled back. */
  async finish(): Promise<void> {
    if (!this.dryRunner) return;
    try {
      await this.dryRunner.rollbackTransaction();
    } finally {
      await this.dryRunner.release();
    }
  }
}
