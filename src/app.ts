import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { NextFunction, Request, Response } from 'express';
import { AppModule, AppModuleOptions } from './app.module';
import { readTlsFiles } from './config/tls-files';
import { corsOptions } from './common/cors-options';
import { respondWithError, HttpExceptionFilter } from './common/http-exception.filter';
import { logger } from './common/json-logger';
import { requestContext } from './common/request-context';
import { TRUST_PROXY, beginRequest } from './common/request-log';
import { createValidationPipe } from './common/validation.pipe';
import { HotRoutes } from './hot-routes/hot-routes';
import { setupApiDocs } from './openapi/api-docs';

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
  if (options.config.corsOrigin) app.use(cors(corsOptions(options.config.corsOrigin)));
  app.use((req: Request, res: Response, next: NextFunction) => requestContext.run(beginRequest(req, res), next));
  app.use(cookieParser());
  // v1 secret updates carry base64 data in JSON: allow the data limit plus base64 overhead.
  const jsonLimit = Math.ceil(options.config.secrets.maxDataSize * 1.4) + 64 * 1024;
  app.use(
    express.json({
      limit: jsonLimit,
      type: ['application/json', 'application/*+json'],
      verify: (req, _res, buf) => {
        (req as { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!err) return next();
    respondWithError(err, req, res);
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  setupApiDocs(app);
  if (!options.offline) app.get(HotRoutes).install(app.getHttpServer());
  return app;
}

export type { INestApplication };
