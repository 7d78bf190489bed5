/**
 * Limits on starting conversations, over real HTTP on loopback: per client
 * address (the socket's peer; 127.0.0.2 is a second loopback address, so a
 * second "client" is real), X-Forwarded-For only when trusted, the global cap
 * on conversations in memory, and the bounded bucket map.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { MemoryStorage } from 'botbuilder';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { creationLimitsFromEnv } from '../../src/server/environment.js';
import { AddressBuckets, addressKey, DEFAULT_CREATION_LIMITS } from '../../src/web/creation-limit.js';
import type { ChatConnection } from '../../src/bot/chat-adapter.js';
import { type RunningWebChatServer, startWebChatServer, type WebChatServerOptions } from '../../src/server/web-chat-server.js';

type RunningWebServer = RunningWebChatServer<ChatConnection>;
type WebServerOptions = WebChatServerOptions<ChatConnection>;
import { echoBotOn } from './echo-bot.js';

const secret = randomBytes(48);
const running: RunningWebServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const server of running.splice(0)) await server.close();
});

async function serve(options: Partial<WebServerOptions> = {}): Promise<RunningWebServer> {
  const storage = new MemoryStorage();
  const server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret, log: () => {}, ...options });
  running.push(server);
  return server;
}

interface Reply {
  status: number;
  retryAfter: string | undefined;
  body: { conversationId?: string; token?: string; streamUrl?: string; error?: { code: string; message: string } };
}

/** A POST from a chosen local address (the server sees it as the socket's peer). */
function create(server: RunningWebServer, path: 'tokens/generate' | 'conversations', opts: { from?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/v3/directline/${path}`,
      { method: 'POST', localAddress: opts.from ?? '127.0.0.1', headers: { 'content-type': 'application/json', ...opts.headers }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, retryAfter, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['body'] });
        });
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

describe('new conversations per client address', () => {
  it('lets a burst through, answers the next with 429 + Retry-After on both routes, and refills over time', async () => {
    let clock = Date.now();
    const server = await serve({ now: () => clock, conversationsPerAddress: { burst: 3, perSecond: 1 / 6 } });
    const statuses: number[] = [];
    for (const path of ['tokens/generate', 'conversations', 'tokens/generate'] as const) statuses.push((await create(server, path)).status);
    expect(statuses).toEqual([200, 201, 200]);
    const conversationsBefore = server.hub.liveCount;

    for (const path of ['tokens/generate', 'conversations'] as const) {
      const refused = await create(server, path);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBe('6');
      expect(refused.body.error).toEqual({ code: 'TooManyRequests', message: expect.stringContaining('from your address') });
    }
    // Nothing was created for the refused calls.
    expect(server.hub.liveCount).toBe(conversationsBefore);

    // Half the refill period: still no whole token, and the wait shown has shrunk.
    clock += 3000;
    const stillEarly = await create(server, 'conversations');
    expect(stillEarly.status).toBe(429);
    expect(stillEarly.retryAfter).toBe('3');
    // One period later exactly one more is allowed, then refused again.
    clock += 3000;
    expect((await create(server, 'conversations')).status).toBe(201);
    expect((await create(server, 'conversations')).status).toBe(429);
    // Long idle: the whole burst is back, and no more.
    clock += 60_000;
    const after: number[] = [];
    for (let i = 0; i < 4; i++) after.push((await create(server, 'tokens/generate')).status);
    expect(after).toEqual([200, 200, 200, 429]);
  });

  it('keeps addresses apart: another client is not refused because one spent its burst', async () => {
    const server = await serve({ conversationsPerAddress: { burst: 2, perSecond: 0.001 } });
    expect((await create(server, 'tokens/generate', { from: '127.0.0.1' })).status).toBe(200);
    expect((await create(server, 'tokens/generate', { from: '127.0.0.1' })).status).toBe(200);
    expect((await create(server, 'tokens/generate', { from: '127.0.0.1' })).status).toBe(429);
    const other = await create(server, 'conversations', { from: '127.0.0.2' });
    expect(other.status).toBe(201);
    expect(other.body.token).toBeTypeOf('string');
  });

  it('ignores X-Forwarded-For unless told the server is behind a trusted proxy', async () => {
    const direct = await serve({ conversationsPerAddress: { burst: 2, perSecond: 0.001 } });
    const spoofed = await Promise.all(['203.0.113.1', '203.0.113.2', '203.0.113.3'].map((ip) => create(direct, 'tokens/generate', { headers: { 'x-forwarded-for': ip } })));
    expect(spoofed.map((r) => r.status).sort()).toEqual([200, 200, 429]);

    const proxied = await serve({ conversationsPerAddress: { burst: 2, perSecond: 0.001 }, trustProxy: true });
    // The proxy appends the real peer last; whatever the client wrote before it is not trusted.
    const viaProxy = (first: string) => create(proxied, 'tokens/generate', { headers: { 'x-forwarded-for': `${first}, 198.51.100.7` } });
    expect([(await viaProxy('10.0.0.1')).status, (await viaProxy('10.0.0.2')).status, (await viaProxy('10.0.0.3')).status]).toEqual([200, 200, 429]);
    expect((await create(proxied, 'tokens/generate', { headers: { 'x-forwarded-for': '198.51.100.8' } })).status).toBe(200);
    // A garbled header falls back to the socket's peer (127.0.0.1), the same bucket as no header at all.
    expect((await create(proxied, 'tokens/generate', { headers: { 'x-forwarded-for': 'not-an-ip' } })).status).toBe(200);
    expect((await create(proxied, 'tokens/generate', { headers: { 'x-forwarded-for': '1.2.3.4, garbage' } })).status).toBe(200);
    expect((await create(proxied, 'tokens/generate')).status).toBe(429);
  });

  it('leaves existing conversations alone: a limited address can still talk in the chats it has', async () => {
    const server = await serve({ conversationsPerAddress: { burst: 1, perSecond: 0.001 } });
    const mine = await create(server, 'tokens/generate');
    expect((await create(server, 'tokens/generate')).status).toBe(429);
    // Starting the conversation a generated token was issued for creates nothing, so it is not charged.
    const started = await create(server, 'conversations', { headers: { authorization: `Bearer ${mine.body.token}` } });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(mine.body.conversationId);
    const sent = await fetch(`${server.url}/v3/directline/conversations/${mine.body.conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mine.body.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hello' }),
    });
    expect(sent.status).toBe(200);
  });
});

describe('conversations held in memory', () => {
  it('drops quiet conversations to make room, refuses with 503 when every one is busy, and reloads dropped ones', async () => {
    const server = await serve({ maxLiveConversations: 2 });
    const first = await create(server, 'conversations');
    const second = await create(server, 'conversations', { from: '127.0.0.2' });
    await waitUntil(async () => (await server.hub.get(first.body.conversationId!))!.since('').activities.length > 0);
    await waitUntil(async () => (await server.hub.get(second.body.conversationId!))!.since('').activities.length > 0);
    // Open streams keep both in memory.
    for (const reply of [first, second]) sockets.push(await openStream(reply.body.streamUrl!));
    const refused = await create(server, 'tokens/generate', { from: '127.0.0.3' });
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('60');
    expect(refused.body.error?.code).toBe('ServerBusy');
    expect(server.hub.liveCount).toBe(2);

    // Closing the first stream makes it quiet: the next creation drops it from memory, not from storage.
    const closing = sockets.shift()!;
    closing.close();
    await new Promise((resolve) => closing.once('close', resolve));
    await waitUntil(async () => (await create(server, 'tokens/generate', { from: '127.0.0.3' })).status === 200);
    expect(server.hub.liveCount).toBe(2);
    const reconnect = await fetch(`${server.url}/v3/directline/conversations/${first.body.conversationId}/activities`, {
      headers: { authorization: `Bearer ${first.body.token}` },
    });
    expect(reconnect.status).toBe(200);
    const { activities } = (await reconnect.json()) as { activities: Array<{ text?: string }> };
    expect(activities.map((a) => a.text)).toEqual(['welcome']);
  });
});

describe('listening address', () => {
  it('binds 127.0.0.1 only by default: not reachable on the machine\'s other addresses', async () => {
    const server = await serve();
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
    const outside = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    if (!outside) {
      console.warn('creation-limit.test.ts: no non-loopback IPv4 address on this machine, so only the bound address is checked');
      return;
    }
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(server.port, outside);
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });
});

describe('AddressBuckets', () => {
  it('stays bounded however many addresses call, and forgets buckets that have refilled', () => {
    let clock = 0;
    const buckets = new AddressBuckets({ burst: 2, perSecond: 1 }, () => clock, 100, 1000);
    for (let i = 0; i < 1000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`);
    expect(buckets.trackedAddresses).toBeLessThanOrEqual(100);
    // The most recent callers are the ones kept: the last one is still charged.
    buckets.take('10.0.3.231');
    expect(buckets.take('10.0.3.231')).toEqual({ allowed: false, retryAfterMs: 1000 });
    clock += 5000; // everyone has refilled; the next call sweeps them all but itself
    expect(buckets.take('192.0.2.1')).toEqual({ allowed: true });
    expect(buckets.trackedAddresses).toBe(1);
  });
});

describe('addressKey', () => {
  it('reads IPv4-mapped IPv6 as IPv4 and charges IPv6 per /64 however it is written', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('2001:db8:0:1::5')).toBe(addressKey('2001:0DB8:0000:0001:ffff:1:2:3'));
    expect(addressKey('2001:db8:0:1::5')).not.toBe(addressKey('2001:db8:0:2::5'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('')).toBe('unknown');
  });
});

describe('creationLimitsFromEnv', () => {
  it('defaults to a burst of 10 then 1 per 6 s, no proxy trust, and names a bad variable', () => {
    expect(creationLimitsFromEnv({})).toEqual(DEFAULT_CREATION_LIMITS);
    expect(DEFAULT_CREATION_LIMITS.perAddress.burst).toBe(10);
    expect(1 / DEFAULT_CREATION_LIMITS.perAddress.perSecond).toBe(6);
    expect(creationLimitsFromEnv({ HEARKEN_NEW_CHAT_BURST: '3', HEARKEN_NEW_CHAT_REFILL_MS: '500', HEARKEN_MAX_LIVE_CHATS: '40', HEARKEN_TRUST_PROXY: 'yes' })).toEqual({
      perAddress: { burst: 3, perSecond: 2 },
      maxLiveConversations: 40,
      trustProxy: true,
    });
    expect(() => creationLimitsFromEnv({ HEARKEN_NEW_CHAT_BURST: '0' })).toThrow(/HEARKEN_NEW_CHAT_BURST="0" is not a whole number between 1/);
    expect(() => creationLimitsFromEnv({ HEARKEN_TRUST_PROXY: 'maybe' })).toThrow(/HEARKEN_TRUST_PROXY/);
  });
});

async function openStream(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return socket;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
