/** The CLI's exit codes, documented in the README ("CLI"); scripts branch on them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  denied: 4,
  locked: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A failure the CLI reports as one line on stderr and an exit code. Messages name secrets, never
 * their values.
 */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliError {
  return new CliError(EXIT.usage, message);
}

/** Messages the server answers with a 400 that really mean "it does not exist". */
const MISSING = /^(Organization|Project|Team|User) not found\b/;

/** HTTP status (and message) to exit code: 401/403 denied, 404 missing, 429/503 locked or busy. */
export function exitCodeForStatus(status: number, message: string): ExitCode {
  if (status === 401 || status === 403) return EXIT.denied;
  if (status === 404 || (status === 400 && MISSING.test(message))) return EXIT.notFound;
  if (status === 429 || status === 503) return EXIT.locked;
  return EXIT.failure;
}
