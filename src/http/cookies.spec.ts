import type { IncomingMessage } from 'node:http';
import { requestCookies } from './cookies';

const withCookie = (cookie?: string) => ({ headers: cookie === undefined ? {} : { cookie } }) as IncomingMessage;

describe('requestCookies', () => {
  it('is empty without a Cookie header', () => {
    expect([...requestCookies(withCookie())]).toEqual([]);
  });

  it('splits pairs, trims, unquotes and percent-decodes values, and keeps the first of a repeated name', () => {
    const cookies = requestCookies(withCookie(' a=1; b = two ;c="quoted";d=x%20y; a=second; =nameless; flag'));
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', b: 'two', c: 'quoted', d: 'x y' });
  });

  it('trims only spaces and tabs, so a name with another blank in front is another name', () => {
    const cookies = requestCookies(withCookie('\u00a0JSESSIONID=x;\tb=\t2 '));
    expect(cookies.get('JSESSIONID')).toBeUndefined();
    expect(cookies.get('\u00a0JSESSIONID')).toBe('x');
    expect(cookies.get('b')).toBe('2');
  });

  it('keeps a value that does not percent-decode as it was sent', () => {
    expect(requestCookies(withCookie('s=100%;t=%E0%A4%A')).get('s')).toBe('100%');
    expect(requestCookies(withCookie('t=%E0%A4%A')).get('t')).toBe('%E0%A4%A');
  });

  it('decodes a control character, so the input gate can refuse it', () => {
    expect(requestCookies(withCookie('JSESSIONID=a%00b')).get('JSESSIONID')).toBe('a\u0000b');
  });
});
