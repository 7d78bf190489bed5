import type { Server } from 'node:http';
import type { ChatHost } from '../contracts/chat.js';
import { ChatLog } from '../store/chat-log.js';
import { GroupCommitStorage } from '../store/group-commit-storage.js';
import type { StateStorage } from '../store/types.js';
import { ConversationHub } from '../web/conversation-hub.js';
import { DEFAULT_CREATION_LIMITS } from '../web/creation-limit.js';
import type { MessageRateLimit } from '../web/message-rate-limit.js';
import type { TokenRefreshPolicy } from '../web/token-ledger.js';
import { createWebChannel } from '../web/web-channel.js';
import { type HttpChannel, startHttpServer } from './http-server.js';

const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface WebChatServerOptions<Bot> {
  /**
   * Builds the bot with the conversation hub in hand and serves it on the hub (see
   * connectChat in src/bot/chat-adapter.ts); what it returns is handed back as `bot`.
   */
  bot: (chat: ChatHost) => Bot;
  /** State storage that also holds the bot's state; the chat log goes next to it. Pass a GroupCommitStorage to share it with the bot. */
  storage: StateStorage;
  /** Other channels (Slack) served on the same HTTP server; built once the bot is, so they can use its services. */
  channels?: (bot: Bot) => readonly HttpChannel[];
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

export interface RunningWebChatServer<Bot> {
  url: string;
  port: number;
  hub: ConversationHub;
  bot: Bot;
  server: Server;
  /** Stops taking requests, lets running turns finish and answer, then waits for the storage's last writes. */
  close(): Promise<void>;
}

/**
 * The web chat on the server: the conversation hub over the chat log, the bot built
 * with the hub in hand, and the chat's routes on the one HTTP server (with any other
 * channels). `npm start` runs it through startHearkenServer; tests and the bench run
 * it with a small echo bot.
 */
export async function startWebChatServer<Bot>(options: WebChatServerOptions<Bot>): Promise<RunningWebChatServer<Bot>> {
  const log = options.log ?? ((message: string) => console.error(message));
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  // Transcript writes of concurrent turns share one transaction (see GroupCommitStorage).
  const storage = options.storage instanceof GroupCommitStorage ? options.storage : new GroupCommitStorage(options.storage);
  const hub = new ConversationHub({
    storage: new ChatLog(storage),
    log,
    ...(options.now ? { now: options.now } : {}),
    ...(options.listenPauseMs !== undefined ? { listenPauseMs: options.listenPauseMs } : {}),
    ...(options.messageRateLimit ? { messageRateLimit: options.messageRateLimit } : {}),
    maxLiveConversations: options.maxLiveConversations ?? DEFAULT_CREATION_LIMITS.maxLiveConversations,
  });
  let bot: Bot;
  let http: Awaited<ReturnType<typeof startHttpServer>>;
  try {
    bot = options.bot(hub);
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
    http = await startHttpServer({
      channels: [web, ...(options.channels?.(bot) ?? [])],
      host: options.host ?? '127.0.0.1',
      ...(options.port !== undefined ? { port: options.port } : {}),
      maxBodyBytes,
      notFoundHint: web.notFoundHint,
      log,
    });
  } catch (error) {
    await hub.close();
    throw error;
  }

  return {
    url: http.url,
    port: http.port,
    hub,
    bot,
    server: http.server,
    async close() {
      await http.close();
      await storage.drain();
    },
  };
}
