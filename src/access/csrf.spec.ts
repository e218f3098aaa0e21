import { CsrfFacts, csrfDenial } from './csrf';

const fromConsole: CsrfFacts = {
  method: 'POST',
  cookieOnlySession: true,
  uiHeader: true,
  origin: undefined,
  allowedOrigins: ['https://secrets.example.com'],
};

describe('csrfDenial', () => {
  it('lets the console through, with or without its own Origin', () => {
    expect(csrfDenial(fromConsole)).toBeNull();
    expect(csrfDenial({ ...fromConsole, origin: 'https://secrets.example.com' })).toBeNull();
    expect(csrfDenial({ ...fromConsole, origin: 'HTTPS://Secrets.Example.com' })).toBeNull();
  });

  it('refuses a state change without the header, or from another origin', () => {
    expect(csrfDenial({ ...fromConsole, uiHeader: false })).toBe('no-ui-header');
    expect(csrfDenial({ ...fromConsole, method: 'DELETE', uiHeader: false })).toBe('no-ui-header');
    expect(csrfDenial({ ...fromConsole, origin: 'https://evil.example' })).toBe('foreign-origin');
    expect(csrfDenial({ ...fromConsole, origin: 'null' })).toBe('foreign-origin');
  });

  it('leaves reads and other credentials alone', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'get']) {
      expect(csrfDenial({ ...fromConsole, method, uiHeader: false, origin: 'https://evil.example' })).toBeNull();
    }
    expect(csrfDenial({ ...fromConsole, cookieOnlySession: false, uiHeader: false })).toBeNull();
  });
});
