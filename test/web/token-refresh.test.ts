/**
 * Token refresh over real HTTP: rate limited per conversation, a refreshed token
 * retires the one it replaces after a short grace (older ones at once), and the
 * lifetime is an option that `npm start` reads from HEARKEN_TOKEN_TTL_SECONDS.
 */
import { randomBytes } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenTtlSecondsFrom } from '../../src/server/environment.js';
import { DEFAULT_TOKEN_REFRESH_POLICY, TokenLedger } from '../../src/web/token-ledger.js';
import type { ChatConnection } from '../../src/bot/chat-adapter.js';
import { type RunningWebChatServer, startWebChatServer, type WebChatServerOptions } from '../../src/server/web-chat-server.js';

type RunningWebServer = RunningWebChatServer<ChatConnection>;
type WebServerOptions = WebChatServerOptions<ChatConnection>;
import { echoBotOn } from './echo-bot.js';

const secret = randomBytes(48);
const running: RunningWebServer[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function serve(options: Partial<WebServerOptions> = {}): Promise<RunningWebServer> {
  const storage = new MemoryStorage();
  const server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret, log: () => {}, ...options });
  running.push(server);
  return server;
}

async function generate(server: RunningWebServer): Promise<{ conversationId: string; token: string; expires_in: number }> {
  const res = await fetch(`${server.url}/v3/directline/tokens/generate`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { conversationId: string; token: string; expires_in: number };
}

async function refresh(server: RunningWebServer, token: string): Promise<{ status: number; token?: string; retryAfter: string | null; expiresIn?: number; message?: string }> {
  const res = await fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { token?: string; expires_in?: number; error?: { message: string } };
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    ...(body.token ? { token: body.token } : {}),
    ...(body.expires_in !== undefined ? { expiresIn: body.expires_in } : {}),
    ...(body.error ? { message: body.error.message } : {}),
  };
}

async function poll(server: RunningWebServer, conversationId: string, token: string): Promise<{ status: number; message?: string }> {
  const res = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, ...(body.error ? { message: body.error.message } : {}) };
}

async function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', () => {});
  });
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number; gen: number };

describe('token refresh', () => {
  it('allows a burst of 10 chained refreshes per conversation, then 429 with Retry-After; other chats are not charged', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const server = await serve({ now: () => now });
    const mine = await generate(server);
    const theirs = await generate(server);
    let token = mine.token;
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const reply = await refresh(server, token);
      statuses.push(reply.status);
      if (reply.token) token = reply.token;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]));
    const limited = await refresh(server, token);
    expect(limited.retryAfter).toBe('30');
    expect(limited.message).toMatch(/too many token refreshes/);
    // The newest token still works for the chat itself, and another conversation refreshes freely.
    expect((await poll(server, mine.conversationId, token)).status).toBe(200);
    expect((await refresh(server, theirs.token)).status).toBe(200);
    // After the Retry-After one more refresh is allowed.
    now += 30_000;
    expect((await refresh(server, token)).status).toBe(200);
  });

  it('retires the replaced token after a 60 s grace and any older one at once, on every route', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const server = await serve({ now: () => now });
    const { conversationId, token: first } = await generate(server);
    const second = (await refresh(server, first)).token!;
    expect(claimsOf(second).gen).toBe(claimsOf(first).gen + 1);

    // Within the grace both work: a request already in flight with the old token is not lost.
    now += 59_000;
    expect((await poll(server, conversationId, first)).status).toBe(200);
    expect((await poll(server, conversationId, second)).status).toBe(200);
    now += 2_000;
    const stale = await poll(server, conversationId, first);
    expect(stale.status).toBe(403);
    expect(stale.message).toMatch(/replaced by a refreshed one/);
    const streamUrl = (token: string) => `${server.url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`;
    expect(await upgradeStatus(streamUrl(first))).toBe(403);
    expect(await upgradeStatus(streamUrl(second))).toBe(101);
    expect((await refresh(server, first)).status).toBe(403);
    const reconnect = await fetch(`${server.url}/v3/directline/conversations/${conversationId}`, { headers: { authorization: `Bearer ${first}` } });
    expect(reconnect.status).toBe(403);

    // A second refresh retires `second` (after its grace) and `first`'s generation at once.
    const third = (await refresh(server, second)).token!;
    expect((await poll(server, conversationId, second)).status).toBe(200);
    expect((await poll(server, conversationId, third)).status).toBe(200);
    now += 61_000;
    expect((await poll(server, conversationId, second)).status).toBe(403);
    expect((await poll(server, conversationId, third)).status).toBe(200);
  });

  it('gives a reconnect a token of the current generation, which the next refresh retires in turn', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const server = await serve({ now: () => now });
    const { conversationId, token: first } = await generate(server);
    const second = (await refresh(server, first)).token!;
    now += 61_000;
    const reconnect = await fetch(`${server.url}/v3/directline/conversations/${conversationId}`, { headers: { authorization: `Bearer ${second}` } });
    expect(reconnect.status).toBe(200);
    const fromReconnect = ((await reconnect.json()) as { token: string }).token;
    expect(claimsOf(fromReconnect).gen).toBe(claimsOf(second).gen);
    expect((await poll(server, conversationId, fromReconnect)).status).toBe(200);
    await refresh(server, second);
    now += 61_000;
    expect((await poll(server, conversationId, fromReconnect)).status).toBe(403);
  });

  it('issues tokens with the configured lifetime on every route', async () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const server = await serve({ now: () => now, tokenTtlSeconds: 1200 });
    const generated = await generate(server);
    expect(generated.expires_in).toBe(1200);
    expect(claimsOf(generated.token).exp - claimsOf(generated.token).iat).toBe(1200);
    const started = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
    expect(((await started.json()) as { expires_in: number }).expires_in).toBe(1200);
    const refreshed = await refresh(server, generated.token);
    expect(refreshed.expiresIn).toBe(1200);
    now += 1199_000;
    expect((await poll(server, generated.conversationId, refreshed.token!)).status).toBe(200);
    now += 2_000;
    expect((await poll(server, generated.conversationId, refreshed.token!)).status).toBe(403);
  });
});

describe('TokenLedger', () => {
  it('forgets a conversation once every token it retired has expired and its bucket is full again', () => {
    let now = 0;
    const ledger = new TokenLedger(DEFAULT_TOKEN_REFRESH_POLICY, 1800_000, () => now);
    for (let i = 0; i < 50; i++) expect(ledger.refresh(`c${i}`, 0).allowed).toBe(true);
    expect(ledger.size).toBe(50);
    expect(ledger.accepts('c0', 0)).toBe(true); // within the grace
    now += 1800_000 + 1;
    expect(ledger.accepts('c0', 0)).toBe(false);
    ledger.refresh('c0', 1);
    expect(ledger.size).toBe(1);
    // Forgotten conversations accept their current generation as before, and nothing older was left unexpired.
    expect(ledger.accepts('c1', 1)).toBe(true);
  });
});

describe('HEARKEN_TOKEN_TTL_SECONDS', () => {
  it('reads a lifetime between 16 minutes and a day, and names the variable when it is out of range', () => {
    expect(tokenTtlSecondsFrom({})).toBeUndefined();
    expect(tokenTtlSecondsFrom({ HEARKEN_TOKEN_TTL_SECONDS: '3600' })).toBe(3600);
    expect(() => tokenTtlSecondsFrom({ HEARKEN_TOKEN_TTL_SECONDS: '600' })).toThrow(/HEARKEN_TOKEN_TTL_SECONDS="600" is not a whole number between 960 and 86400/);
    expect(() => tokenTtlSecondsFrom({ HEARKEN_TOKEN_TTL_SECONDS: 'forever' })).toThrow(/HEARKEN_TOKEN_TTL_SECONDS/);
  });
});
