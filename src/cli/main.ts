import { buildProgram, exitCodeOf } from './program';

/** Entry point of the `strongroom` command (bin/strongroom.js loads the compiled file). */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeOf(error);
  }
}

if (require.main === module) void main();
