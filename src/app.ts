import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express } from 'express';
import { AppModule, AppModuleOptions } from './app.module';
import { readTlsFiles } from './config/tls-files';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { logger } from './common/json-logger';
import { TRUST_PROXY } from './http/request-log';
import { createValidationPipe } from './common/validation.pipe';
import { middlewareOf } from './hot-routes/hot-route-app-check';
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
  const express: Express = app.getHttpAdapter().getInstance();
  // Nest's own hooks; every later middleware is one the hot routes must know (src/hot-routes/).
  const knownMiddleware = middlewareOf(express);
  app.disable('x-powered-by');
  // API answers are never cached by validators; an ETag would only cost a hash of every body.
  app.set('etag', false);
  app.set('trust proxy', TRUST_PROXY);
  // The console's files (and index.html for its own routes), after the pipeline, before Nest's routes.
  if (!options.offline) {
    const site = consoleSite(options.config.consoleDir);
    app.use(site);
    knownMiddleware.push(site);
  }
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  setupApiDocs(app);
  if (!options.offline) {
    // Every request goes through the one pipeline first, then to a hot route or to Nest (Express).
    const hot = app.get(HotRoutes);
    hot.enable(app, knownMiddleware);
    app
      .get(RequestPipeline)
      .install(app.getHttpServer(), express, RouteParams.fromExpress(express), (req, res) => hot.serve(req, res));
  }
  return app;
}

export type { INestApplication };
