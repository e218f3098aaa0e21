import { CliError } from './exit-codes';
import { dotenvKey, dotenvValue, formatDotenv, parseDotenv } from './dotenv';

describe('dotenv', () => {
  it('derives keys from secret names: upper case, other characters to _, a leading digit prefixed', () => {
    expect(dotenvKey('API_TOKEN')).toBe('API_TOKEN');
    expect(dotenvKey('db.password')).toBe('DB_PASSWORD');
    expect(dotenvKey('my-key@prod~2')).toBe('MY_KEY_PROD_2');
    expect(dotenvKey('1st-key')).toBe('_1ST_KEY');
  });

  it('quotes only what needs it', () => {
    expect(dotenvValue('abc-123_/:.@')).toBe('abc-123_/:.@');
    expect(dotenvValue('a b $HOME "x" #y')).toBe(`'a b $HOME "x" #y'`);
    expect(dotenvValue("it's")).toBe(`"it's"`);
    expect(dotenvValue('two\nlines\\ $X "q"')).toBe('"two\\nlines\\\\ \\$X \\"q\\""');
  });

  it('reads back exactly what it writes', () => {
    const values = [
      'plain',
      'with space',
      "it's",
      'multi\nline\r\nvalue',
      'back\\slash\\n not a newline',
      '"double" and \'single\' and $dollar and `tick`',
      ' leading and trailing ',
      '# not a comment',
      'ünïcødé ✓',
      '=starts with equals',
    ];
    const entries = values.map((v, i): [string, string] => [`K${i}`, v]);
    expect(parseDotenv(formatDotenv(entries), 'x.env')).toEqual(entries);
  });

  it('reads hand-written files: export prefixes, comments, blank lines, CRLF, multi-line quotes', () => {
    const text = [
      '# a comment',
      '',
      'export A=1',
      'B = two words # trailing comment',
      "C='single # kept'",
      'D="first',
      'second"',
      'E=a#b',
      'F=',
      '',
    ].join('\r\n');
    expect(parseDotenv(text, 'x.env')).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', 'single # kept'],
      ['D', 'first\r\nsecond'],
      ['E', 'a#b'],
      ['F', ''],
    ]);
  });

  it('names the line of an error, never the value', () => {
    const cases: [string, RegExp][] = [
      ['A=1\nnot an entry\n', /x\.env, line 2: expected KEY=VALUE/],
      ['A=1\nB="sekrit-value\n', /x\.env, line 2: the double quote is never closed/],
      ["A='sekrit-value' extra\n", /x\.env, line 1: unexpected text after the closing quote/],
      ['1A=sekrit-value\n', /x\.env, line 1: the key is not a variable name/],
    ];
    for (const [text, message] of cases) {
      let caught: unknown;
      try {
        parseDotenv(text, 'x.env');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CliError);
      expect((caught as CliError).message).toMatch(message);
      expect((caught as CliError).message).not.toContain('sekrit');
    }
  });
});
