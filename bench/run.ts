import { runBench } from './harness';
import { parseArgs } from './options';

/** `npm run bench [-- --quick] [--profile] [--reps=N] [--duration=S] [--out=FILE]`. */
async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2), process.env);
  const outcome = await runBench(options);
  // A profiling run measures no table and writes no results file.
  if (outcome.markdown === '') return;
  process.stdout.write(`\n${outcome.table}\n\n`);
  if (options.resultsFile) process.stdout.write(`Written to ${options.resultsFile}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
