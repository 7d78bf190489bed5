import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseClientActivity, requestedLocale } from './client-activity.js';
import { ConversationCapacityError, type ConversationHub } from './conversation-hub.js';
import { AddressBuckets, clientAddressKey } from './creation-limit.js';
import { bearerToken, type ConversationTokenClaims, signConversationToken, type TokenCheck, verifyConversationToken } from './conversation-token.js';
import { readJsonBody, retryAfterSeconds, sendError, sendJson, skipBody } from '../server/http-replies.js';
import type { HttpRoute, UpgradeRoute } from '../server/http-server.js';
import { upgradeRefusalIfStoreUnavailable } from '../server/store-unavailable.js';
import { type Bucket, fullBucket, type MessageRateLimit, takeMessageToken } from './message-rate-limit.js';
import { DEFAULT_TOKEN_REFRESH_POLICY, TokenLedger, type TokenRefreshPolicy } from './token-ledger.js';

export interface DirectLineRouteOptions {
  hub: ConversationHub;
  secret: Buffer;
  now?: () => number;
  /** Token lifetime; Web Chat refreshes every 15 minutes, so keep it above that. Default 1800. */
  tokenTtlSeconds?: number;
  /** Refreshes per conversation and the grace of a replaced token; see TokenLedger. */
  tokenRefresh?: TokenRefreshPolicy;
  /** Largest accepted request body, on every route (routes that take none read at most this much). */
  maxBodyBytes?: number;
  /** New conversations per second across all callers (protects storage from floods). */
  conversationRateLimit?: MessageRateLimit;
  /** New conversations per client address (default: a burst of 10, then 1 per 6 s). */
  conversationsPerAddress?: MessageRateLimit;
  /** Charge limits to the last X-Forwarded-For address instead of the socket's peer (only behind a trusted proxy). */
  trustProxy?: boolean;
  /** Server-side ping to find dead sockets. */
  pingIntervalMs?: number;
  /** e.g. `https://chat.example.com` when behind a proxy; otherwise the request's Host is used. */
  publicUrl?: string;
  log?: (message: string) => void;
}

export const DIRECT_LINE_PREFIX = '/v3/directline';
const MAX_SOCKET_BUFFER_BYTES = 1024 * 1024;
/**
 * Web Chat keeps one stream per conversation (two briefly while reconnecting). More
 * is a client opening sockets in a loop; the oldest is closed rather than the new one
 * refused, so a real reconnect always wins over a stale socket.
 */
const MAX_STREAMS_PER_CONVERSATION = 4;
const CONVERSATION_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})(\/activities|\/stream|\/upload)?$/;
const CONVERSATION_ONLY = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})$/;
const CONVERSATION_ACTIVITIES = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/activities$/;
const CONVERSATION_STREAM = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/stream$/;
const CONVERSATION_UPLOAD = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{1,64})\/upload$/;
const DIRECT_LINE_PATH = /^\/v3\/directline\//;
/** Characters a Host header may hold (a name, an IPv4 or bracketed IPv6 address, a port); URL then checks the form. */
const HOST_HEADER = /^[A-Za-z0-9._~\-:[\]]+$/;

/**
 * The Direct Line 3.0 subset Web Chat uses: start, reconnect, post and poll
 * activities, a WebSocket stream and token refresh. Every route but "start a
 * new conversation" needs a token for that very conversation.
 */
export class DirectLineRoutes {
  private readonly now: () => number;
  private readonly ttl: number;
  private readonly maxBodyBytes: number;
  private readonly conversationLimit: MessageRateLimit;
  private conversationBucket: Bucket;
  private readonly addressBuckets: AddressBuckets;
  private readonly tokens: TokenLedger;
  private readonly sockets: WebSocketServer;
  private readonly streams = new Map<string, Set<WebSocket>>();
  private readonly pinger: NodeJS.Timeout;
  private readonly log: (message: string) => void;

  constructor(private readonly options: DirectLineRouteOptions) {
    this.now = options.now ?? Date.now;
    this.ttl = options.tokenTtlSeconds ?? 30 * 60;
    this.maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
    this.conversationLimit = options.conversationRateLimit ?? { burst: 60, perSecond: 10 };
    this.conversationBucket = fullBucket(this.conversationLimit, this.now());
    this.addressBuckets = new AddressBuckets(options.conversationsPerAddress ?? { burst: 10, perSecond: 1 / 6 }, this.now);
    this.log = options.log ?? ((message) => console.error(message));
    this.tokens = new TokenLedger(options.tokenRefresh ?? DEFAULT_TOKEN_REFRESH_POLICY, this.ttl * 1000, this.now);
    this.sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
    const alive = new WeakSet<WebSocket>();
    this.sockets.on('connection', (socket) => {
      // A protocol-invalid frame (too big, bad UTF-8, unmasked, reserved opcode or bit, bad close
      // code, fragmented control frame) makes ws close the socket with the matching code (1009,
      // 1007, 1002) and then emit `error`; unheard, that event would end the whole process. It is
      // one client's fault and already answered, so it is not logged either (a client could flood the log).
      socket.on('error', () => {});
      alive.add(socket);
      socket.on('pong', () => alive.add(socket));
    });
    this.pinger = setInterval(() => {
      for (const socket of this.sockets.clients) {
        if (!alive.has(socket)) {
          socket.terminate();
          continue;
        }
        alive.delete(socket);
        socket.ping();
      }
    }, options.pingIntervalMs ?? 30_000).unref();
  }

  /**
   * The Direct Line rows of the server's route table, in order: the routes, then this
   * prefix's own refusals (415 for uploads, 405 for a known path with another method,
   * 404 for the rest of /v3/directline/). Every row reads at most the server's body limit.
   */
  routes(): HttpRoute[] {
    const id = (url: URL) => CONVERSATION_PATH.exec(url.pathname)![1]!;
    return [
      { method: 'POST', path: `${DIRECT_LINE_PREFIX}/conversations`, handle: (req, res) => this.startConversation(req, res) },
      { method: 'POST', path: `${DIRECT_LINE_PREFIX}/tokens/generate`, handle: (req, res) => this.generateToken(req, res) },
      { method: 'POST', path: `${DIRECT_LINE_PREFIX}/tokens/refresh`, handle: (req, res) => this.refreshToken(req, res) },
      { method: 'GET', pattern: CONVERSATION_ONLY, handle: (req, res, url) => this.reconnect(req, res, url, id(url)) },
      { method: 'POST', pattern: CONVERSATION_ACTIVITIES, handle: (req, res, url) => this.postActivity(req, res, id(url)) },
      { method: 'GET', pattern: CONVERSATION_ACTIVITIES, handle: (req, res, url) => this.getActivities(req, res, url, id(url)) },
      {
        method: '*', pattern: CONVERSATION_UPLOAD,
        handle: async (req, res) => {
          await skipBody(req, this.maxBodyBytes);
          sendError(res, 415, 'UploadsDisabled', 'file uploads are not accepted on this chat; describe the problem in text instead');
        },
      },
      {
        method: '*', pattern: CONVERSATION_PATH,
        handle: async (req, res, url) => {
          await skipBody(req, this.maxBodyBytes);
          sendError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed on ${url.pathname}`);
        },
      },
      {
        method: '*', pattern: DIRECT_LINE_PATH,
        handle: async (req, res, url) => {
          await skipBody(req, this.maxBodyBytes);
          sendError(res, 404, 'NotFound', `no Direct Line route ${req.method} ${url.pathname}`);
        },
      },
    ];
  }

  /** The WebSocket stream's upgrade. */
  upgrades(): UpgradeRoute[] {
    return [{ pattern: CONVERSATION_STREAM, upgrade: (req, socket, head, url) => this.upgradeStream(req, socket, head, url) }];
  }

  /** WebSocket upgrade for `/conversations/:id/stream?t=<token>&watermark=N`. */
  private upgradeStream(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const conversationId = CONVERSATION_PATH.exec(url.pathname)![1]!;
    const check = this.checkToken(url.searchParams.get('t') ?? '', conversationId);
    if (!check.ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    void this.options.hub.get(conversationId).then((transcript) => {
      // The client may have given up while the conversation was loading.
      if (socket.destroyed) return;
      if (!transcript) {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.sockets.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.emit('connection', ws, req);
        // Backlog and subscription happen in the same tick, so nothing can slip in between.
        const backlog = transcript.since(url.searchParams.get('watermark') ?? undefined);
        if (backlog.activities.length > 0) ws.send(JSON.stringify(backlog));
        const unsubscribe = transcript.subscribe((set) => {
          if (ws.readyState !== ws.OPEN) return;
          // A client that stopped reading is cut off rather than buffered without bound; it
          // reconnects with its watermark and loses nothing.
          if (ws.bufferedAmount > MAX_SOCKET_BUFFER_BYTES) ws.terminate();
          else ws.send(JSON.stringify(set));
        });
        this.options.hub.touch(conversationId);
        const open = this.streams.get(conversationId) ?? new Set<WebSocket>();
        this.streams.set(conversationId, open);
        open.add(ws);
        if (open.size > MAX_STREAMS_PER_CONVERSATION) {
          const oldest = open.values().next().value!;
          open.delete(oldest);
          oldest.terminate();
        }
        // Web Chat sends an empty frame every 20 s as a keep-alive; nothing a client sends is an activity.
        ws.on('message', () => this.options.hub.touch(conversationId));
        ws.on('close', () => {
          open.delete(ws);
          if (open.size === 0 && this.streams.get(conversationId) === open) this.streams.delete(conversationId);
          unsubscribe();
          this.options.hub.touch(conversationId);
        });
      });
    }).catch((error: Error) => {
      const refusal = upgradeRefusalIfStoreUnavailable(error);
      if (refusal !== undefined && !socket.destroyed) {
        // The database is away: say so (503, Retry-After) so the client retries, rather than dropping it.
        socket.end(refusal);
        return;
      }
      this.log(`Direct Line stream for ${conversationId} failed: ${error.message}`);
      socket.destroy();
    });
  }

  close(): void {
    clearInterval(this.pinger);
    for (const socket of this.sockets.clients) socket.close(1001, 'server shutting down');
    this.sockets.close();
  }

  private async startConversation(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const locale = requestedLocale(await readJsonBody(req, this.maxBodyBytes));
    // The reply's stream URL is built from the Host header: refuse a bad one before anything is created.
    const socketBase = this.socketBase(req);
    if (socketBase === undefined) return this.badHost(req, res);
    let claims: Pick<ConversationTokenClaims, 'conv' | 'user' | 'gen'>;
    const token = bearerToken(req.headers.authorization);
    if (token !== undefined) {
      // A token from tokens/generate: start the conversation it was issued for.
      const check = this.checkToken(token);
      if (!check.ok) return this.forbidden(res, check.reason);
      if (!(await this.options.hub.get(check.claims.conv))) return this.ended(res, check.claims.conv);
      claims = check.claims;
    } else {
      const created = await this.createConversation(req, res, locale);
      if (!created) return;
      claims = { conv: created.conversationId, user: created.userId, gen: 0 };
    }
    await this.options.hub.start(claims.conv, locale);
    sendJson(res, 201, this.conversationReply(socketBase, claims, undefined));
  }

  private async generateToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const locale = requestedLocale(await readJsonBody(req, this.maxBodyBytes));
    const created = await this.createConversation(req, res, locale);
    if (!created) return;
    const { token, expiresIn } = signConversationToken(this.options.secret, created, this.now(), this.ttl);
    sendJson(res, 200, { conversationId: created.conversationId, token, expires_in: expiresIn });
  }

  /**
   * A new token for the caller's conversation. It retires the one presented (after
   * a short grace) and every older one; see TokenLedger. Rate limited per conversation.
   */
  private async refreshToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    await skipBody(req, this.maxBodyBytes);
    const check = this.checkToken(bearerToken(req.headers.authorization) ?? '');
    if (!check.ok) return this.forbidden(res, check.reason);
    const decision = this.tokens.refresh(check.claims.conv, check.claims.gen);
    if (!decision.allowed) return this.tooMany(res, decision.retryAfterMs, 'too many token refreshes for this conversation');
    const { token, expiresIn } = signConversationToken(
      this.options.secret,
      { conversationId: check.claims.conv, userId: check.claims.user, generation: decision.generation },
      this.now(),
      this.ttl,
    );
    sendJson(res, 200, { conversationId: check.claims.conv, token, expires_in: expiresIn });
  }

  /** directlinejs calls this after a dropped socket and expects a fresh token and stream URL. */
  private async reconnect(req: IncomingMessage, res: ServerResponse, url: URL, conversationId: string): Promise<void> {
    await skipBody(req, this.maxBodyBytes);
    const claims = this.authorize(req, res, conversationId);
    if (!claims) return;
    const socketBase = this.socketBase(req);
    if (socketBase === undefined) return this.badHost(req, res);
    if (!(await this.options.hub.get(conversationId))) return this.ended(res, conversationId);
    sendJson(res, 200, this.conversationReply(socketBase, claims, url.searchParams.get('watermark') ?? undefined));
  }

  private async postActivity(req: IncomingMessage, res: ServerResponse, conversationId: string): Promise<void> {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined || !this.checkToken(token, conversationId).ok) {
      // Refused without parsing what was sent, but the body is still read within the limit.
      await skipBody(req, this.maxBodyBytes);
      this.authorize(req, res, conversationId);
      return;
    }
    const parsed = parseClientActivity(await readJsonBody(req, this.maxBodyBytes));
    if (!parsed.ok) return sendError(res, 400, 'BadArgument', parsed.message);
    const outcome = await this.options.hub.postFromUser(conversationId, parsed.activity);
    if (!outcome) return this.ended(res, conversationId);
    if (outcome.status === 'rate_limited') {
      const seconds = retryAfterSeconds(outcome.retryAfterMs);
      return sendError(res, 429, 'TooManyRequests', `too many messages in this conversation; wait ${seconds} s and send again`, {
        'retry-after': String(seconds),
      });
    }
    sendJson(res, 200, { id: outcome.id });
  }

  private async getActivities(req: IncomingMessage, res: ServerResponse, url: URL, conversationId: string): Promise<void> {
    await skipBody(req, this.maxBodyBytes);
    if (!this.authorize(req, res, conversationId)) return;
    const transcript = await this.options.hub.get(conversationId);
    if (!transcript) return this.ended(res, conversationId);
    this.options.hub.touch(conversationId);
    sendJson(res, 200, transcript.since(url.searchParams.get('watermark') ?? undefined));
  }

  private authorize(req: IncomingMessage, res: ServerResponse, conversationId: string): ConversationTokenClaims | undefined {
    const token = bearerToken(req.headers.authorization);
    if (token === undefined) {
      sendError(res, 403, 'Forbidden', 'missing `Authorization: Bearer <token>`; get a token from POST /v3/directline/conversations');
      return undefined;
    }
    const check = this.checkToken(token, conversationId);
    if (!check.ok) {
      this.forbidden(res, check.reason);
      return undefined;
    }
    return check.claims;
  }

  /** Signature, expiry and conversation (verifyConversationToken), then whether a refresh has retired it. */
  private checkToken(token: string, conversationId?: string): TokenCheck | { ok: false; reason: 'superseded' } {
    const check = verifyConversationToken(this.options.secret, token, this.now(), conversationId);
    if (check.ok && !this.tokens.accepts(check.claims.conv, check.claims.gen)) return { ok: false, reason: 'superseded' };
    return check;
  }

  private forbidden(res: ServerResponse, reason: string): void {
    const why: Record<string, string> = {
      expired: 'the token has expired; start a new conversation',
      wrong_conversation: 'the token belongs to another conversation',
      bad_signature: 'the token was not issued by this server',
      malformed: 'the token is not a Direct Line token from this server',
      superseded: 'the token was replaced by a refreshed one; use the token tokens/refresh returned',
    };
    sendError(res, 403, 'Forbidden', why[reason] ?? 'token rejected');
  }

  private ended(res: ServerResponse, conversationId: string): void {
    // 404 is what directlinejs reads as "conversation ended".
    sendError(res, 404, 'ConversationNotFound', `conversation ${conversationId} does not exist on this server; start a new one`);
  }

  /**
   * Creates a conversation if the caller's address and the server as a whole may
   * start one now; otherwise answers 429 (rate) or 503 (memory cap) with Retry-After.
   * The address is charged first, so one client spending its burst leaves the
   * global budget to everyone else.
   */
  private async createConversation(req: IncomingMessage, res: ServerResponse, locale: string | undefined) {
    const perAddress = this.addressBuckets.take(clientAddressKey(req, this.options.trustProxy ?? false));
    if (!perAddress.allowed) {
      this.tooMany(res, perAddress.retryAfterMs, 'too many new conversations from your address');
      return undefined;
    }
    const decision = takeMessageToken(this.conversationLimit, this.conversationBucket, this.now());
    this.conversationBucket = decision.bucket;
    if (!decision.allowed) {
      this.tooMany(res, decision.retryAfterMs, 'too many new conversations on this server');
      return undefined;
    }
    try {
      return await this.options.hub.create(locale);
    } catch (error) {
      if (!(error instanceof ConversationCapacityError)) throw error;
      this.log(`Direct Line: refused a new conversation: ${error.message}`);
      sendError(res, 503, 'ServerBusy', 'the chat server is full right now; try again in a minute', { 'retry-after': '60' });
      return undefined;
    }
  }

  private tooMany(res: ServerResponse, retryAfterMs: number, what: string): void {
    const seconds = retryAfterSeconds(retryAfterMs);
    sendError(res, 429, 'TooManyRequests', `${what}; try again in ${seconds} s`, { 'retry-after': String(seconds) });
  }

  private conversationReply(socketBase: string, claims: Pick<ConversationTokenClaims, 'conv' | 'user' | 'gen'>, watermark: string | undefined) {
    const conversationId = claims.conv;
    const generation = this.tokens.currentGeneration(conversationId, claims.gen);
    const { token, expiresIn } = signConversationToken(this.options.secret, { conversationId, userId: claims.user, generation }, this.now(), this.ttl);
    const stream = new URL(`${DIRECT_LINE_PREFIX}/conversations/${conversationId}/stream`, socketBase);
    if (watermark !== undefined && watermark !== '') stream.searchParams.set('watermark', watermark);
    stream.searchParams.set('t', token);
    return { conversationId, token, expires_in: expiresIn, streamUrl: stream.toString() };
  }

  /**
   * Origin of the stream URL: the public URL when configured, else the request's
   * Host, else the socket's own address when there is no Host at all. Undefined
   * when the Host header is present but is no valid `host[:port]`.
   */
  private socketBase(req: IncomingMessage): string | undefined {
    if (this.options.publicUrl) return this.options.publicUrl.replace(/^http/, 'ws');
    const host = req.headers.host;
    if (host === undefined || host === '') {
      const address = req.socket.localAddress ?? '127.0.0.1';
      return `ws://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
    }
    if (!HOST_HEADER.test(host)) return undefined;
    try {
      // The character check leaves no room for a path or credentials; URL refuses a second colon,
      // a port over 65535 or an unclosed bracket.
      return new URL(`ws://${host}`).origin;
    } catch {
      return undefined;
    }
  }

  private badHost(req: IncomingMessage, res: ServerResponse): void {
    sendError(res, 400, 'BadArgument', `the Host header ${JSON.stringify(req.headers.host)} is not a valid host name or address with an optional port`);
  }
}
