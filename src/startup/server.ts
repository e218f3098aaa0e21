import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { createApp } from '../app';
import { AppConfig, ConfigError } from '../config/config';
import { HttpDrain } from '../common/http-drain';
import { logger } from '../common/json-logger';
import { StartupError, startupStep } from '../common/startup-error';
import { loadKeyring } from '../crypto/server-keyring';
import { ServerKeyChecks } from '../crypto/server-key-checks';
import { migrate } from '../database/data-source';
import { describeDatabase, waitForDatabase } from '../database/database-wait';
import { RunningPostgres, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AdminBootstrap, AdminKeyOutcome } from './admin-bootstrap';

export interface RunningServer {
  app: NestExpressApplication;
  url: string;
  databaseUrl: string;
  /**
   * Stops taking connections, closes idle keep-alive ones, answers requests in flight (with
   * `Connection: close`), then closes the app and the embedded PostgreSQL. Called again while
   * stopping, it stops waiting for requests in flight.
   */
  stop(): Promise<void>;
}

const isConfigError = (error: unknown) => error instanceof ConfigError;

/**
 * Boot order: validate keys, PostgreSQL (embedded unless DATABASE_URL), migrations, the app (which
 * checks the keyring against the database), the admin key, then listen. Each failure names the part
 * that failed and what to do.
 */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  await startupStep(
    `server keys (${config.serverKeys ? 'STRONGROOM_SERVER_KEYS' : config.dataDir})`,
    () => loadKeyring(config.serverKeys, config.dataDir),
    isConfigError,
  );
  let embedded: RunningPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startupStep(`embedded PostgreSQL (data under ${config.dataDir})`, () =>
      startEmbeddedPostgres(config.dataDir, {
        output: (line) => logger.debug(line, 'postgres'),
        notice: (message) => logger.warn(message, 'startup'),
      }),
    );
    databaseUrl = embedded.url;
    logger.log(`Embedded PostgreSQL running with data under ${config.dataDir}`, 'startup');
  }
  const url = databaseUrl;
  const database = embedded ? 'the embedded PostgreSQL' : 'the database';
  try {
    await waitForDatabase(url, {
      label: database,
      timeoutMs: embedded ? 0 : config.operations.databaseWaitSeconds * 1000,
      onRetry: (message) => logger.warn(message, 'startup'),
    });
    await startupStep(`migrating ${database} at ${describeDatabase(url)}`, () => migrate(url));
    const app = await startupStep(
      'application',
      async () => {
        const created = await createApp({ config, databaseUrl: url });
        await created.init();
        return created;
      },
      isConfigError,
    );
    const server: Server = app.getHttpServer();
    // Before listening, so it sees every connection and request.
    const drain = new HttpDrain(server);
    try {
      await app.get(ServerKeyChecks).assertNoMissingKeys();
      announceAdminKey(await startupStep('admin API key', () => app.get(AdminBootstrap).run(), isConfigError));
      await listen(app, config);
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    let stopping: Promise<void> | undefined;
    return {
      app,
      url: `${config.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
      databaseUrl: url,
      stop: () => {
        if (stopping) {
          void drain.drain(0);
          return stopping;
        }
        stopping = (async () => {
          await drain.drain(config.operations.shutdownGraceSeconds * 1000);
          await app.close();
          await embedded?.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

function announceAdminKey(outcome: AdminKeyOutcome): void {
  if (outcome.generatedKey) {
    // Printed once, on the start that created it; later starts only say where the file is.
    const elsewhere = outcome.otherDatabaseKeyFile
      ? `\n(${outcome.otherDatabaseKeyFile} holds the admin key of another database and was left as it is)`
      : '';
    process.stdout.write(
      `API key created for user 'admin': ${outcome.generatedKey}\n(also written to ${outcome.keyFile}, mode 0600)${elsewhere}\n`,
    );
  } else if (outcome.keyFile) {
    logger.log(`The admin API key of this database is in ${outcome.keyFile}`, 'startup');
  }
}

async function listen(app: NestExpressApplication, config: AppConfig): Promise<void> {
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `port ${config.port} on ${config.host}`;
    if (code === 'EADDRINUSE') {
      throw new StartupError(`HTTP listener: ${where} is already in use by another process; stop it or set PORT`);
    }
    if (code === 'EACCES') {
      throw new StartupError(`HTTP listener: ${where} needs privileges this process lacks; set PORT above 1023`);
    }
    if (code === 'EADDRNOTAVAIL') {
      throw new StartupError(`HTTP listener: ${config.host} is not an address of this machine; fix STRONGROOM_HOST`);
    }
    throw new StartupError(`HTTP listener: cannot listen on ${where}: ${String((error as Error)?.message ?? error)}`);
  }
}
