import { ConfigError, httpLimits, loadConfig } from './config';

describe('request limits from the configuration', () => {
  it('derives the body budgets from the largest secret, and the request timeout from the largest body', () => {
    const limits = httpLimits(1048576, 20, 30);
    expect(limits.multipartBytes).toBe(2 * 1048576 + 256 * 1024);
    expect(limits.jsonBytes).toBe(Math.ceil((1048576 * 4) / 3) + 64 * 1024);
    // 2.25 MiB at 16 KiB/s is 144 s, after 20 s for the headers.
    expect(limits.requestTimeoutMs).toBe(164_000);
    expect(limits.bodyIdleTimeoutMs).toBe(30_000);
    // A small secret size still leaves a minute for the body.
    expect(httpLimits(1024, 5, 30).requestTimeoutMs).toBe(65_000);
  });

  it('reads the timeouts and refuses values out of range, naming the variable', () => {
    const config = loadConfig({
      STRONGROOM_HEADERS_TIMEOUT: '7',
      STRONGROOM_BODY_IDLE_TIMEOUT: '9',
      STRONGROOM_DB_TIMEOUT_MS: '1500',
    });
    expect(config.http.headersTimeoutMs).toBe(7000);
    expect(config.http.bodyIdleTimeoutMs).toBe(9000);
    expect(config.databaseTimeoutMs).toBe(1500);
    expect(() => loadConfig({ STRONGROOM_DB_TIMEOUT_MS: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ STRONGROOM_HEADERS_TIMEOUT: 'soon' })).toThrow(/STRONGROOM_HEADERS_TIMEOUT/);
  });
});
