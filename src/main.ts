import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { configureLogger } from './common/json-logger';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = configureLogger(config.logLevel);
  const server = await startServer(config);
  logger.log(`Strongroom listening on port ${new URL(server.url).port}`, 'startup');
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, finishing in-flight requests`, 'shutdown');
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${String(error)}`, undefined, 'shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : String(error);
  process.stderr.write(`Strongroom failed to start: ${message}\n`);
  process.exit(1);
});
