import * as net from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can stall (connections stay open, nothing is
 * forwarded either way: a hung server or a dead link) or take down (every connection dropped, new
 * ones refused), then restore.
 */
export class TcpProxy {
  private mode: 'up' | 'stalled' | 'down' = 'up';
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket; flush: () => void }>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** Listens on `listenPort` (any free port when 0) and forwards to the target. */
  static async start(targetHost: string, targetPort: number, listenPort = 0): Promise<TcpProxy> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(listenPort, '127.0.0.1', resolve));
    const proxy = new TcpProxy(server, (server.address() as net.AddressInfo).port);
    server.on('connection', (client: net.Socket) => proxy.accept(client, targetHost, targetPort));
    return proxy;
  }

  /** The same PostgreSQL URL, through this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  stall(): void {
    this.mode = 'stalled';
  }

  down(): void {
    this.mode = 'down';
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.mode = 'up';
    for (const pair of this.pairs) pair.flush();
  }

  async close(): Promise<void> {
    this.down();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, host: string, port: number): void {
    if (this.mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    const held: { to: net.Socket; data: Buffer }[] = [];
    const forward = (to: net.Socket) => (data: Buffer) => {
      if (this.mode === 'up') to.write(data);
      else held.push({ to, data });
    };
    const pair = {
      client,
      upstream,
      flush: () => {
        for (const { to, data } of held.splice(0)) if (!to.destroyed) to.write(data);
      },
    };
    this.pairs.add(pair);
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }
}
