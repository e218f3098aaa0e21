/**
 * A start-up failure explained for the operator: the message names the component that failed
 * (the database at host:port, the embedded PostgreSQL, the HTTP port, ...), what happened and what to
 * do. The entry point prints it as it is, at error level.
 */
export class StartupError extends Error {}

/** A readable reason for anything thrown, never "undefined" or "[object Object]". */
export function describeError(error: unknown): string {
  // Duck-typed: errors from another realm (a VM context, jest's sandbox) are not `instanceof Error`.
  const e = error as Partial<NodeJS.ErrnoException> | null;
  if (typeof e === 'object' && e !== null && typeof e.message === 'string') {
    if (e.message) return e.message;
    const name = typeof e.name === 'string' ? e.name : 'Error';
    return e.code ? `${name} (${e.code})` : name;
  }
  if (typeof error === 'string' && error.trim() !== '') return error;
  if (error === undefined || error === null) return 'it failed without giving a reason';
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint') return String(error);
  try {
    return JSON.stringify(error) ?? typeof error;
  } catch {
    return typeof error;
  }
}

/**
 * Runs one start-up step; an unexplained failure becomes a StartupError that names the component.
 * Errors that already explain themselves (StartupError, or those `keep` accepts) pass through.
 */
export async function startupStep<T>(
  component: string,
  step: () => Promise<T> | T,
  keep: (error: unknown) => boolean = () => false,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof StartupError || keep(error)) throw error;
    throw new StartupError(`${component}: ${describeError(error)}`);
  }
}
