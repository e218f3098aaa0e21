let counter = 0;

/** A name unique to this test run that satisfies the ConcordKey rule. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
