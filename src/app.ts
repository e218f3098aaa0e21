import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { AppModule, AppModuleOptions } from './app.module';
import { readTlsFiles } from './config/tls-files';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { logger } from './common/json-logger';
import { TRUST_PROXY } from './common/request-log';
import { createValidationPipe } from './common/validation.pipe';
import { HotRoutes } from './hot-routes/hot-routes';
import { RequestPipeline } from './http/request-pipeline';
import { RouteParams } from './http/route-params';
import { setupApiDocs } from './openapi/api-docs';
import { consoleSite } from './web-console/console-site';

/** Builds the configured application without listening: used by main, tests and the openapi script. */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const tls = options.config.tls && !options.offline ? readTlsFiles(options.config.tls) : undefined;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    ...(tls ? { httpsOptions: tls } : {}),
    logger: options.offline ? false : logger,
    bodyParser: false,
    // Throw wiring errors to the caller (main, tests, the openapi script) instead of exiting the process.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // API answers are never cached by validators; an ETag would only cost a hash of every body.
  app.set('etag', false);
  app.set('trust proxy', TRUST_PROXY);
  // The console's files (and index.html for its own routes), after the pipeline, before Nest's routes.
  if (!options.offline) app.use(consoleSite(options.config.consoleDir));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  setupApiDocs(app);
  if (!options.offline) {
    // Every request goes through the one pipeline first, then to a hot route or to Nest (Express).
    const express: Express = app.getHttpAdapter().getInstance();
    const hot = app.get(HotRoutes);
    app.get(RequestPipeline).install(app.getHttpServer(), RouteParams.fromExpress(express), (req, res) => {
      if (!hot.serve(req, res)) express(req, res);
    });
  }
  return app;
}

export type { INestApplication };
