import { storePasswordProblem } from '../secrets/store-password-rules';
import { generateStorePassword, STORE_PASSWORD_ALPHABET } from './store-password';

describe('generateStorePassword (as Concord generates store passwords)', () => {
  it('has a 90-character alphabet', () => {
    expect(STORE_PASSWORD_ALPHABET).toHaveLength(90);
    expect(new Set(STORE_PASSWORD_ALPHABET).size).toBe(90);
    expect(STORE_PASSWORD_ALPHABET).toContain('\\');
    expect(STORE_PASSWORD_ALPHABET).toContain('`');
  });

  it('is 12 characters, one upper, lower and digit first in any order, the rest from the alphabet', () => {
    const classOf = (c: string) => (/[A-Z]/.test(c) ? 'U' : /[a-z]/.test(c) ? 'L' : /[0-9]/.test(c) ? 'D' : '?');
    const heads = new Set<string>();
    const seen = new Set<string>();
    const bad: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const password = generateStorePassword();
      const head = [...password.slice(0, 3)].map(classOf).join('');
      heads.add(head);
      for (const c of password) seen.add(c);
      const wellFormed =
        password.length === 12 &&
        [...head].sort().join('') === 'DLU' &&
        [...password].every((c) => STORE_PASSWORD_ALPHABET.includes(c)) &&
        storePasswordProblem(password, '') === undefined;
      if (!wellFormed) bad.push(password);
    }
    expect(bad).toEqual([]);
    expect(heads.size).toBe(6);
    // 3000 × 9 uniform draws from 90 characters: every character shows up.
    expect(seen.size).toBe(90);
  });

  it('does not repeat itself', () => {
    const passwords = new Set(Array.from({ length: 1000 }, () => generateStorePassword()));
    expect(passwords.size).toBe(1000);
  });
});
