import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Storage } from 'botbuilder';
import { ConversationHub, type TurnHandler } from './conversation-hub.js';
import { GroupCommitStorage } from './group-commit-storage.js';
import { DirectLineRoutes } from './directline-routes.js';
import { BodyTooLargeError, ClientGoneError, sendError, skipBody } from './http-replies.js';
import { DEFAULT_CREATION_LIMITS } from './creation-limit.js';
import type { MessageRateLimit } from './message-rate-limit.js';
import { StorageTranscripts } from './storage-transcripts.js';
import type { TokenRefreshPolicy } from './token-ledger.js';
import { WebPages } from './web-pages.js';

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface WebServerOptions {
  bot: TurnHandler;
  /** botbuilder Storage that also holds the bot's state; transcripts go next to it. Pass a GroupCommitStorage to share it with the bot. */
  storage: Storage;
  /** Signs the chat tokens; see directLineSecretFrom(). */
  secret: Buffer;
  /** Loopback unless told otherwise: with no app id the in-process adapter trusts every caller. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  listenPauseMs?: number;
  messageRateLimit?: MessageRateLimit;
  /** New conversations across all callers; default a burst of 60, then 10/s. */
  conversationRateLimit?: MessageRateLimit;
  /** New conversations per client address; default 10, then 1 per 6 s (npm start reads $HEARKEN_NEW_CHAT_BURST / $HEARKEN_NEW_CHAT_REFILL_MS). */
  conversationsPerAddress?: MessageRateLimit;
  /** Conversations held in memory at once; default 5000 (npm start reads $HEARKEN_MAX_LIVE_CHATS). */
  maxLiveConversations?: number;
  /** Charge limits to the last X-Forwarded-For entry; default false (npm start reads $HEARKEN_TRUST_PROXY). Only behind a proxy that is the sole way in. */
  trustProxy?: boolean;
  /** Chat token lifetime in seconds; default 1800 (npm start reads $HEARKEN_TOKEN_TTL_SECONDS). */
  tokenTtlSeconds?: number;
  /** Refreshes per conversation and how long a replaced token keeps working; default DEFAULT_TOKEN_REFRESH_POLICY. */
  tokenRefresh?: TokenRefreshPolicy;
  /** Largest request body on any route; default 16 KiB. */
  maxBodyBytes?: number;
  embedOrigins?: string;
  publicUrl?: string;
  now?: () => number;
  log?: (message: string) => void;
}

export interface RunningWebServer {
  url: string;
  port: number;
  hub: ConversationHub;
  server: Server;
  close(): Promise<void>;
}

/** Starts the chat pages and the Direct Line subset on one HTTP server with the bot in-process. */
export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const log = options.log ?? ((message: string) => console.error(message));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Transcript writes of concurrent turns share one transaction (see GroupCommitStorage).
  const storage = options.storage instanceof GroupCommitStorage ? options.storage : new GroupCommitStorage(options.storage);
  const hub = new ConversationHub({
    bot: options.bot,
    storage: new StorageTranscripts(storage),
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.listenPauseMs !== undefined ? { listenPauseMs: options.listenPauseMs } : {}),
    ...(options.messageRateLimit ? { messageRateLimit: options.messageRateLimit } : {}),
    maxLiveConversations: options.maxLiveConversations ?? DEFAULT_CREATION_LIMITS.maxLiveConversations,
  });
  const directLine = new DirectLineRoutes({
    hub,
    secret: options.secret,
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.tokenRefresh ? { tokenRefresh: options.tokenRefresh } : {}),
    maxBodyBytes,
    ...(options.conversationRateLimit ? { conversationRateLimit: options.conversationRateLimit } : {}),
    conversationsPerAddress: options.conversationsPerAddress ?? DEFAULT_CREATION_LIMITS.perAddress,
    trustProxy: options.trustProxy ?? DEFAULT_CREATION_LIMITS.trustProxy,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  const pages = new WebPages(options.embedOrigins ? { embedOrigins: options.embedOrigins } : {});

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      if (await directLine.handle(req, res, url)) return;
      // Pages take no body; whatever comes is read only up to the limit every route has.
      await skipBody(req, maxBodyBytes);
      if (await pages.handle(req, res, url)) return;
      pages.notFound(res, url);
    })().catch((error: Error) => {
      if (error instanceof BodyTooLargeError) {
        sendError(res, 413, 'RequestTooLarge', error.message, { connection: 'close' });
        return;
      }
      if (error instanceof ClientGoneError) {
        res.destroy();
        return;
      }
      log(`web request ${req.method} ${url.pathname} failed: ${error.stack ?? error.message}`);
      if (!res.headersSent) sendError(res, 500, 'ServiceError', 'the chat server failed; try again');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    // Node stops watching a socket for errors once it is handed over as an upgrade; a client that
    // resets it before ws (or the 403/404 answer) takes over would otherwise end the process.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!directLine.handleUpgrade(req, socket, head, url)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
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
    hub,
    server,
    async close() {
      // Stop taking requests, let running turns finish and answer their POSTs, then cut idle connections.
      directLine.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await hub.close();
      await storage.drain();
      server.closeAllConnections();
      await closed;
    },
  };
}
