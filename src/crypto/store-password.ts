import * as crypto from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const SYMBOLS = '~`!@#$%^&*()-_=+[{]}|,<.>/?\\';
/** The 90 characters of Concord's generator (docs/compatibility.md#store-passwords). */
export const STORE_PASSWORD_ALPHABET = UPPER + LOWER + DIGITS + SYMBOLS;
const LENGTH = 12;

function pick(alphabet: string): string {
  return alphabet[crypto.randomInt(alphabet.length)];
}

/**
 * Concord's generatePassword: one upper, one lower and one digit first, in a random order, then
 * nine characters drawn uniformly from the whole alphabet. crypto.randomInt is unbiased.
 */
export function generateStorePassword(): string {
  const head = [pick(UPPER), pick(LOWER), pick(DIGITS)];
  for (let i = head.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [head[i], head[j]] = [head[j], head[i]];
  }
  let password = head.join('');
  while (password.length < LENGTH) password += pick(STORE_PASSWORD_ALPHABET);
  return password;
}
