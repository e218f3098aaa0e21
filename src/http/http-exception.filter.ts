import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MulterError } from 'multer';
import { databaseOutage, isDatabaseUnavailable } from '../database/database-outage';
import { AppError, Unauthenticated } from '../common/errors';
import { sendBody, sendEmpty, sendJson, sendText } from '../common/http-responses';
import { logger } from '../common/json-logger';
import { currentRequest } from '../common/request-context';

export const VALIDATION_MEDIA_TYPE = 'application/vnd.concord-validation-errors-v1+json';

/**
 * The one place errors become responses, in Concord's shapes (docs/compatibility.md#errors). Anything
 * unknown is a 500 that names only the request id; the details go to the log.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    respondWithError(error, ctx.getRequest<IncomingMessage>(), ctx.getResponse<ServerResponse>());
  }
}

/**
 * Shared by the Nest filter, the request pipeline (src/http/) and the hot routes; it writes on the
 * bare node response, so all three answer an error identically.
 */
export function respondWithError(error: unknown, req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (error instanceof AppError) return sendAppError(res, req, error);
  if (error instanceof MulterError) return sendMulterError(res, error);
  if (error instanceof HttpException) return sendHttpException(res, error);
  if (isExposedHttpError(error)) return sendText(res, error.status, error.message);
  // A database that is down or not answering is a 503 with Retry-After, logged once per outage.
  if (isDatabaseUnavailable(error)) return sendAppError(res, req, databaseOutage.refuse(error));

  const requestId = currentRequest()?.requestId ?? 'unknown';
  const err = error instanceof Error ? error : new Error(String(error));
  logger.error(`Unhandled error: ${err.message}`, err.stack, 'HttpExceptionFilter');
  sendText(res, 500, `Internal server error (request id: ${requestId})`);
}

export function sendAppError(res: ServerResponse, req: IncomingMessage, error: AppError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  switch (error.body) {
    case 'validation':
      sendBody(
        res,
        error.status,
        VALIDATION_MEDIA_TYPE,
        JSON.stringify('errors' in error ? error.errors : [{ id: '*', message: error.message }]),
      );
      return;
    case 'text':
      sendText(res, error.status, error.message);
      return;
    case 'json':
      if (error instanceof Unauthenticated) return sendUnauthenticated(res, req, error.message);
      sendJson(res, error.status, { message: error.message });
      return;
    case 'empty':
      sendEmpty(res, error.status);
      return;
  }
}

/**
 * A 401 `{"message"}` (Concord sends an empty body typed JSON, which strict clients cannot parse:
 * docs/compatibility.md), with the challenge headers only for API-style callers: the console and its
 * login probe ask for credentials themselves, and a challenge would open the browser's own dialog.
 */
export function sendUnauthenticated(res: ServerResponse, req: IncomingMessage, message: string): void {
  const auth = req.headers.authorization;
  const isUi = String(req.headers['x-concord-ui-request'] ?? '').toLowerCase() === 'true';
  const isWhoami = (req.url ?? '').split('?')[0] === '/api/service/console/whoami';
  if ((!auth || /basic/i.test(auth)) && !isUi && !isWhoami) {
    res.setHeader('WWW-Authenticate', ['Basic', 'ConcordApiToken']);
  }
  sendJson(res, 401, { message });
}

function sendMulterError(res: ServerResponse, error: MulterError): void {
  if (error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FIELD_VALUE') {
    return sendText(res, 413, `Multipart part '${error.field ?? ''}' exceeds the size limit`);
  }
  if (error.code === 'LIMIT_PART_COUNT' || error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_FIELD_COUNT') {
    return sendText(res, 413, `Invalid multipart request: ${error.message}`);
  }
  sendText(res, 400, `Invalid multipart request: ${error.message}`);
}

function sendHttpException(res: ServerResponse, error: HttpException): void {
  const status = error.getStatus();
  const response = error.getResponse();
  // A structured body without a message (the health check's 503 naming its failed checks) goes out as it is.
  if (typeof response === 'object' && response !== null && !('message' in response)) {
    return sendJson(res, status, response);
  }
  let message = error.message;
  if (typeof response === 'object' && response && 'message' in response) {
    const m = response.message;
    message = Array.isArray(m) ? m.join('; ') : String(m);
  }
  if (status === 404 && /^Cannot (GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)/.test(message)) {
    message = 'Not found';
  }
  sendText(res, status, message);
}

/** A 4xx raised by Express or its router (http-errors marks those safe to show with `expose`). */
interface ExposedHttpError {
  status: number;
  message: string;
  expose: true;
}

function isExposedHttpError(error: unknown): error is ExposedHttpError {
  const e = error as Partial<ExposedHttpError> | null;
  return typeof e === 'object' && e !== null && typeof e.status === 'number' && e.status < 500 && e.expose === true;
}
