import { CallHandler, CanActivate, NestInterceptor } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { createApp } from '../../src/app';
import { setLogSink } from '../../src/common/json-logger';
import { HotRouteRefused } from '../../src/hot-routes/hot-route-table';
import { testConfig, testDatabaseUrl } from '../helpers/test-app';

/**
 * The hot routes answer without Nest's per-route pipeline, so anything the app adds around every route
 * would silently skip them. The server refuses to start instead (src/hot-routes/hot-route-app-check.ts).
 */
describe('hot routes: the app refuses to start around what they would skip', () => {
  const extraGuard: CanActivate = { canActivate: () => true };
  const extraInterceptor: NestInterceptor = {
    intercept: (_: unknown, next: CallHandler): Observable<unknown> => next.handle(),
  };

  beforeAll(() => setLogSink(() => undefined));

  async function startWith(change: (app: NestExpressApplication) => void): Promise<unknown> {
    const app = await createApp({ config: testConfig(), databaseUrl: testDatabaseUrl() });
    try {
      change(app);
      await app.init();
      return undefined;
    } catch (error) {
      return error;
    } finally {
      await app.close();
    }
  }

  it('starts as it is', async () => {
    expect(await startWith(() => undefined)).toBeUndefined();
  });

  it('refuses a global guard besides AuthGuard', async () => {
    const error = await startWith((app) => app.useGlobalGuards(extraGuard));
    expect(error).toBeInstanceOf(HotRouteRefused);
    expect(String(error)).toContain('a global guard');
  });

  it('refuses a global interceptor', async () => {
    const error = await startWith((app) => app.useGlobalInterceptors(extraInterceptor));
    expect(error).toBeInstanceOf(HotRouteRefused);
    expect(String(error)).toContain('a global interceptor');
  });

  it('refuses Express middleware that would run before a hot route', async () => {
    const error = await startWith((app) => app.use((_req: unknown, _res: unknown, next: () => void) => next()));
    expect(error).toBeInstanceOf(HotRouteRefused);
    expect(String(error)).toContain('middleware before the routes');
  });

  it('accepts middleware mounted where no hot route lives', async () => {
    expect(
      await startWith((app) => app.use('/elsewhere', (_req: unknown, _res: unknown, next: () => void) => next())),
    ).toBeUndefined();
  });
});
