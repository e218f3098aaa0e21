import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { createApp } from './app';
import { AppConfig } from './config/config';
import { logger } from './common/json-logger';
import { loadKeyring } from './crypto/server-keyring';
import { migrate } from './database/data-source';
import { RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { AdminBootstrap } from './users/admin-bootstrap';

export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  /** Stops taking requests, lets in-flight ones finish, closes the app, then the embedded PostgreSQL. */
  stop(): Promise<void>;
}

/**
 * Boot order: validate keys, PostgreSQL (embedded unless DATABASE_URL), migrations, the app,
 * the admin key, then listen.
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  loadKeyring(config.serverKeys, config.dataDir);
  let embedded: RunningPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    // main.ts stops it on SIGINT/SIGTERM once in-flight requests are done.
    embedded = await startEmbeddedPostgres(config.dataDir, (line) => logger.debug(line, 'postgres'), {
      callerHandlesSignals: true,
    });
    databaseUrl = embedded.url;
    logger.log(`Embedded PostgreSQL running with data under ${config.dataDir}`, 'startup');
  }
  try {
    await migrate(databaseUrl);
    const app = await createApp({ config, databaseUrl });
    await app.init();
    const outcome = await app.get(AdminBootstrap).run();
    if (outcome.generatedKey) {
      // Printed once, on the start that created it; later starts only say where the file is.
      process.stdout.write(
        `API key created for user 'admin': ${outcome.generatedKey}\n(also written to ${outcome.keyFile}, mode 0600)\n`,
      );
    }
    await app.listen(config.port, config.host);
    const server: Server = app.getHttpServer();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    return {
      app,
      url: `http://127.0.0.1:${port}`,
      databaseUrl,
      stop: async () => {
        await drain(server);
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** Stop accepting, close idle keep-alive sockets, and wait (bounded) for in-flight requests. */
function drain(server: Server, timeoutMs = 10000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
