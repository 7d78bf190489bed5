import type { Server } from 'node:http';
import { startHttpServer } from '../server/http-server.js';
import type { Storage } from 'botbuilder';
import { ConversationHub, type TurnHandler } from './conversation-hub.js';
import { GroupCommitStorage } from './group-commit-storage.js';
import { DEFAULT_CREATION_LIMITS } from './creation-limit.js';
import type { MessageRateLimit } from './message-rate-limit.js';
import { StorageTranscripts } from './storage-transcripts.js';
import type { TokenRefreshPolicy } from './token-ledger.js';
import { createWebChannel } from './web-channel.js';

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
  const web = createWebChannel({
    hub,
    secret: options.secret,
    log,
    maxBodyBytes,
    ...(options.now ? { now: options.now } : {}),
    ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
    ...(options.tokenRefresh ? { tokenRefresh: options.tokenRefresh } : {}),
    ...(options.conversationRateLimit ? { conversationRateLimit: options.conversationRateLimit } : {}),
    ...(options.conversationsPerAddress ? { conversationsPerAddress: options.conversationsPerAddress } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    ...(options.embedOrigins ? { embedOrigins: options.embedOrigins } : {}),
  });
  const http = await startHttpServer({
    channels: [web],
    host: options.host ?? '127.0.0.1',
    ...(options.port !== undefined ? { port: options.port } : {}),
    maxBodyBytes,
    notFoundHint: web.notFoundHint,
    log,
  });

  return {
    url: http.url,
    port: http.port,
    hub,
    server: http.server,
    async close() {
      await http.close();
      await storage.drain();
    },
  };
}
