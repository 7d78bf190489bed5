/**
 * The one HTTP server of a Hearken process. It owns `createServer`, the route
 * table and what every route shares: the body-size limit, the answers to bodies
 * that are too large, bad JSON, a client that went away, the database being away
 * (503) and a fault (500), the 404 for paths nobody claimed, and the WebSocket
 * upgrade dispatch. Channels (the web chat, Slack) do not listen on
 * sockets themselves: each hands over its routes and upgrade handlers, in the
 * manner of bolt-js's receivers and custom routes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { BadJsonError, BodyTooLargeError, ClientGoneError, sendError, skipBody } from './http-replies.js';
import { replyIfStoreUnavailable } from './store-unavailable.js';

/** Where a route or an upgrade handler applies: one exact path, or every path a pattern matches. */
export type PathMatch = { path: string; pattern?: never } | { pattern: RegExp; path?: never };

/** One row of the route table. The first row whose path and method match answers the request. */
export type HttpRoute = PathMatch & {
  /** The methods answered; '*' answers every method (a channel's own 404/405/415 rows). */
  method: string | readonly string[] | '*';
  /**
   * Answers the request. Read the body with readBody/readJsonBody/skipBody (src/server/http-replies.ts)
   * within the server's limit; throwing BodyTooLargeError, BadJsonError, ClientGoneError or a
   * StoreUnavailableError gets the shared answer (413, 400, nothing, 503), anything else a 500.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
};

/** A WebSocket (or other protocol) upgrade; it owns the socket once called. */
export type UpgradeRoute = PathMatch & {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
};

/** What a channel hands the server. */
export interface HttpChannel {
  routes: readonly HttpRoute[];
  upgrades?: readonly UpgradeRoute[];
  /**
   * Called once the server stopped taking requests: stop streams, let running work finish.
   * Open connections are cut only after it resolved, so a running request still gets its answer.
   */
  close?(): Promise<void>;
}

export interface HttpServerOptions {
  channels: readonly HttpChannel[];
  /** Loopback unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest request body on any route; a route that takes none still reads at most this much. */
  maxBodyBytes: number;
  /** Said after "nothing at <path>" on a 404, e.g. where the chat is. */
  notFoundHint?: string;
  log: (message: string) => void;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: Server;
  /** Stops taking requests, lets the channels finish running work, then cuts idle and open connections. */
  close(): Promise<void>;
}

const matches = (entry: PathMatch, path: string) => (entry.path !== undefined ? entry.path === path : entry.pattern.test(path));
const answers = (route: HttpRoute, method: string | undefined) =>
  route.method === '*' || (typeof route.method === 'string' ? route.method === method : route.method.includes(method ?? ''));

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { log, maxBodyBytes } = options;
  const routes = options.channels.flatMap((channel) => channel.routes);
  const upgrades = options.channels.flatMap((channel) => channel.upgrades ?? []);

  const answer = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const route = routes.find((candidate) => matches(candidate, url.pathname) && answers(candidate, req.method));
    if (route) return route.handle(req, res, url);
    // Nobody's path: whatever body comes is read only up to the limit every route has.
    await skipBody(req, maxBodyBytes);
    sendError(res, 404, 'NotFound', `nothing at ${url.pathname}${options.notFoundHint ? `; ${options.notFoundHint}` : ''}`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    answer(req, res, url).catch((error: Error) => {
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is not read: closing the connection is cheaper than draining it.
        sendError(res, 413, 'RequestTooLarge', `${error.message}; split the message into shorter ones`, { connection: 'close' });
      } else if (error instanceof BadJsonError) {
        sendError(res, 400, 'BadArgument', error.message);
      } else if (error instanceof ClientGoneError) {
        res.destroy();
      } else if (replyIfStoreUnavailable(res, error)) {
        // 503 + Retry-After: the database is away; nothing of this request was acknowledged.
      } else {
        log(`HTTP ${req.method} ${url.pathname} failed: ${error.stack ?? error.message}`);
        if (!res.headersSent) sendError(res, 500, 'ServiceError', 'the server failed to handle this request; try again');
        else res.destroy();
      }
    });
  });
  server.on('upgrade', (req, socket, head) => {
    // Node stops watching a socket for errors once it is handed over as an upgrade; a client that
    // resets it before the handler (or the 404 answer) takes over would otherwise end the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = upgrades.find((candidate) => matches(candidate, url.pathname));
    if (route) route.upgrade(req, socket, head, url);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // Many customers keep one socket each; Node's default keep-alive timeout would close idle polls early.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}`,
    port,
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.all(options.channels.map((channel) => channel.close?.()));
      server.closeAllConnections();
      await closed;
    },
  };
}
