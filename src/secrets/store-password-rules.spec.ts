import { storePasswordProblem } from './store-password-rules';

describe('storePasswordProblem (the store password rules of Concord)', () => {
  it.each([
    ['Aa1234', 'Password must be at least seven (7) characters'],
    ['', 'Password must be at least seven (7) characters'],
    ['a234567', 'Password must contain an UPPER character'],
    ['A234567', 'Password must contain a lowercase character'],
    ['AaAAAAA', 'Password must contain a numeric character'],
  ])('%j -> %s', (password, message) => {
    expect(storePasswordProblem(password, 'bob')).toBe(message);
  });

  it('reports the first broken rule in order', () => {
    expect(storePasswordProblem('abc', 'abc')).toBe('Password must be at least seven (7) characters');
    expect(storePasswordProblem('aaaaaaaa', 'aaa')).toBe('Password must contain an UPPER character');
  });

  it('refuses three consecutive characters of the username, case-sensitively', () => {
    const message = 'Passwords may NOT contain three (3) consecutive characters from your user account name';
    expect(storePasswordProblem('Aa345678asi', 'vasilii')).toBe(message);
    expect(storePasswordProblem('Xx1_lic_9', 'alice')).toBe(message);
    expect(storePasswordProblem('Xx1_LIC_9', 'alice')).toBeUndefined();
    expect(storePasswordProblem('Xx1_li_ce', 'alice')).toBeUndefined();
  });

  it('accepts a good password and short usernames', () => {
    expect(storePasswordProblem('Aa345678', 'bob')).toBeUndefined();
    expect(storePasswordProblem('Q1w2e3r4T', 'ab')).toBeUndefined();
    expect(storePasswordProblem('Q1w2e3r4T', '')).toBeUndefined();
  });

  it('counts Unicode letters and digits as Java does', () => {
    expect(storePasswordProblem('Ää1ßßßß', 'bob')).toBeUndefined();
    expect(storePasswordProblem('ää1ßßßß', 'bob')).toBe('Password must contain an UPPER character');
    expect(storePasswordProblem('Aa١bbbb', 'bob')).toBeUndefined();
  });
});
