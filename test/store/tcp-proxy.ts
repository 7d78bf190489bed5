import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of PostgreSQL, so a test can take the database
 * away (stop: the listener closes and every connection through it is destroyed,
 * as when the network or the server drops) and bring it back on the same port.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private cutNext = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** A PostgreSQL URL that goes through the proxy instead of straight to the database. */
  static forDatabaseUrl(databaseUrl: string): { proxy: TcpProxy; url: (port: number) => string } {
    const parsed = new URL(databaseUrl);
    const proxy = new TcpProxy({ host: parsed.hostname, port: Number(parsed.port || 5432) });
    return {
      proxy,
      url: (port) => {
        const through = new URL(databaseUrl);
        through.hostname = '127.0.0.1';
        through.port = String(port);
        return through.toString();
      },
    };
  }

  /** Listens on 127.0.0.1 (the same port again after a stop). */
  async start(): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.on('data', (chunk: Buffer) => {
        if (this.cutNext) {
          // The query is on its way: the connection dies under it, not between queries.
          this.cutNext = false;
          this.cutAll();
          return;
        }
        upstream.write(chunk);
      });
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as { port: number }).port;
    return this.port;
  }

  /** Cuts every connection as soon as a client sends its next bytes (a query in flight); keeps listening. */
  cutOnNextQuery(): void {
    this.cutNext = true;
  }

  /** Refuses new connections and cuts every open one. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cutAll();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
