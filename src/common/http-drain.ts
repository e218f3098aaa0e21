import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';

const CURRENT_RESPONSE = Symbol('strongroom.currentResponse');
type TrackedSocket = Socket & { [CURRENT_RESPONSE]?: ServerResponse };

/**
 * Graceful stop of an HTTP(S) server with keep-alive clients. On `drain()`: no new connections are
 * accepted; idle keep-alive connections are closed at once; a request in flight is answered with
 * `Connection: close` (so its client does not send another on that connection) and its connection
 * closed after it; connections still busy when the grace time is up are closed.
 */
export class HttpDrain {
  private draining = false;
  private readonly sockets = new Set<TrackedSocket>();
  private done: Promise<void> | undefined;

  constructor(private readonly server: Server) {
    const connectionEvent = server instanceof HttpsServer ? 'secureConnection' : 'connection';
    server.on(connectionEvent, (socket: TrackedSocket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // Every request passes here first: one property write on its socket, so drain() knows which
    // response each busy connection is writing.
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) res.setHeader('Connection', 'close');
      else (req.socket as TrackedSocket)[CURRENT_RESPONSE] = res;
      for (const listener of listeners) listener(req, res);
    });
  }

  /** Resolves once every connection is closed (at most `graceMs` after the call, plus the closing itself). */
  drain(graceMs: number): Promise<void> {
    if (this.done) {
      // Asked again (a second Ctrl-C): stop waiting for requests in flight.
      this.server.closeAllConnections();
      return this.done;
    }
    this.draining = true;
    this.done = new Promise<void>((resolve) => {
      if (!this.server.listening) return resolve();
      const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
      // close() stops accepting and closes idle connections; its callback runs once none is left.
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      for (const socket of this.sockets) {
        const res = socket[CURRENT_RESPONSE];
        if (!res || res.writableFinished) continue;
        if (!res.headersSent) res.setHeader('Connection', 'close');
        else res.once('finish', () => socket.end());
      }
      this.server.closeIdleConnections();
    });
    return this.done;
  }
}
