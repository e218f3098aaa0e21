import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { configureLogger, logger } from './common/json-logger';
import { describeError, StartupError } from './common/startup-error';
import { startServer } from './startup/server';

/** How long a stop may take beyond the grace time for requests in flight before the process just exits. */
const STOP_MARGIN_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  configureLogger(config.logLevel);
  const server = await startServer(config);
  logger.log(`Strongroom listening on ${server.url.replace('127.0.0.1', config.host)}`, 'startup');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      logger.warn(`${signal} received again: closing the connections still busy`, 'shutdown');
      void server.stop();
      return;
    }
    stopping = true;
    logger.log(`${signal} received: no new connections; answering the requests in flight`, 'shutdown');
    const limit = config.operations.shutdownGraceSeconds * 1000 + STOP_MARGIN_MS;
    setTimeout(() => {
      logger.error(`Stopping took more than ${limit / 1000} s; exiting without waiting further`, undefined, 'shutdown');
      process.exit(1);
    }, limit).unref();
    server.stop().then(
      () => {
        logger.log('Stopped', 'shutdown');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`Shutdown failed: ${describeError(error)}`, undefined, 'shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? `Configuration error: ${error.message}`
      : error instanceof StartupError
        ? error.message
        : `unexpected error: ${describeError(error)}`;
  // Both for people (stderr) and for log collectors (a JSON line at error level).
  logger.error(`Strongroom failed to start: ${message}`, undefined, 'startup');
  process.stderr.write(`Strongroom failed to start: ${message}\n`);
  process.exit(1);
});
