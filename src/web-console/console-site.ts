import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { logger } from '../common/json-logger';

/**
 * Paths the console never answers: the API (its docs included) and the metrics endpoint. Everything
 * else that a browser GETs is either one of the console's built files or one of its own routes.
 */
const SERVER_PATHS = /^\/(api|metrics)(\/|$)/i; // Express routes case-insensitively
// A path whose last segment has an extension names a file; a missing one is a 404, never index.html.
const FILE_PATH = /\/[^/]*\.[^/]*$/;

/**
 * Scripts and styles only from this origin, no frames, no plugins, requests only back to this server.
 * Inline style attributes are allowed (the component library sets CSS variables through them; they
 * cannot run code); inline and injected scripts are not.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const CONSOLE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * Serves the web console built into `dir` (`npm run build` writes it): its hashed assets cached for
 * good, `index.html` for the console's own routes, never cached. Sits in front of Nest's router and
 * steps aside for the API at the first character test; the hot routes never reach Express at all.
 */
export function consoleSite(dir: string): RequestHandler {
  const indexFile = path.join(dir, 'index.html');
  // Looked up again (once per request) only while it is missing, so a build after the start is picked up.
  let built = fs.existsSync(indexFile);
  if (!built) {
    logger.warn(`The web console is not built (no ${indexFile}): run 'npm run build'; the API is served as usual`);
  }
  const files = express.static(dir, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, filePath) => {
      const hashed = filePath.startsWith(path.join(dir, 'assets') + path.sep);
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (res: Response, next: NextFunction) => {
    built ||= fs.existsSync(indexFile);
    if (!built) {
      res.status(404).type('text/plain').send("The web console is not built on this server: run 'npm run build'.");
      return;
    }
    res.sendFile(indexFile, { headers: { 'Cache-Control': 'no-cache' } }, (error) => {
      if (error) next(error);
    });
  };
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    for (const [name, value] of Object.entries(CONSOLE_HEADERS)) res.setHeader(name, value);
    files(req, res, () => (FILE_PATH.test(req.path) ? next() : sendIndex(res, next)));
  };
}
