import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import express, { NextFunction, Request, Response } from 'express';
import { AppModule, AppModuleOptions } from './app.module';
import { respondWithError, HttpExceptionFilter } from './common/http-exception.filter';
import { logger } from './common/json-logger';
import { requestContext } from './common/request-context';
import { createValidationPipe } from './common/validation.pipe';
import { randomUuid } from './crypto/random';
import { setupApiDocs } from './openapi/api-docs';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the configured application without listening: used by main, tests and the openapi script. */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    logger: options.offline ? false : logger,
    bodyParser: false,
    // Throw wiring errors to the caller (main, tests, the openapi script) instead of exiting the process.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // API answers are never cached by validators; an ETag would only cost a hash of every body.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  if (options.config.corsOrigin) app.enableCors({ origin: options.config.corsOrigin, credentials: true });
  app.use(requestIdAndLog);
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
  return app;
}

/** Every request gets an id (echoed as X-Request-Id) and one access-log line; bodies are never logged. */
function requestIdAndLog(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUuid();
  res.setHeader('X-Request-Id', requestId);
  const started = process.hrtime.bigint();
  const isUi = String(req.headers['x-concord-ui-request'] ?? '').toLowerCase() === 'true';
  const store = {
    requestId,
    ip: req.ip ?? req.socket.remoteAddress ?? '',
    source: isUi ? ('UI' as const) : ('API_REQUEST' as const),
  };
  requestContext.run(store, () => {
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestContext.run(store, () =>
        logger.write('info', 'request', 'http', {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          userId: (store as { principal?: { userId: string } }).principal?.userId,
        }),
      );
    });
    next();
  });
}

export type { INestApplication };
