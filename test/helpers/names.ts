let counter = 0;

/**
 * A name unique to this test run that satisfies the ConcordKey rule. Test usernames come from here
 * too, and the store-password rule refuses a password sharing any three consecutive characters with
 * the caller's name: passwords in tests put an upper-case letter in every three characters so that a
 * random name can never collide with them.
 */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
