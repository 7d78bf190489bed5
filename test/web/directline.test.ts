import { randomBytes } from 'node:crypto';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import { MemoryStorage } from 'botbuilder';
import type { Message } from 'botframework-directlinejs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signConversationToken } from '../../src/web/conversation-token.js';
import type { ChatConnection } from '../../src/bot/chat-adapter.js';
import { type RunningWebChatServer, startWebChatServer, type WebChatServerOptions } from '../../src/server/web-chat-server.js';

type RunningWebServer = RunningWebChatServer<ChatConnection>;
type WebServerOptions = WebChatServerOptions<ChatConnection>;
import { connectDirectLine, type ClientSession } from './directline-client.js';
import { echoBotOn } from './echo-bot.js';

const secret = randomBytes(48);
const running: RunningWebServer[] = [];
const sessions: ClientSession[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) session.end();
  for (const server of running.splice(0)) await server.close();
});

async function serve(options: Partial<WebServerOptions> = {}): Promise<RunningWebServer & { storage: MemoryStorage }> {
  const storage = (options.storage as MemoryStorage | undefined) ?? new MemoryStorage();
  const server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret, log: () => {}, ...options });
  running.push(server);
  return Object.assign(server, { storage });
}

async function generateToken(baseUrl: string, locale?: string): Promise<{ conversationId: string; token: string }> {
  const res = await fetch(`${baseUrl}/v3/directline/tokens/generate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(locale ? { locale } : {}),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { conversationId: string; token: string };
}

function userClaim(token: string): string {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { user: string }).user;
}

const textOf = (a: unknown) => (a as Message).text;

describe.each(['websocket', 'polling'] as const)('botframework-directlinejs over %s', (transport) => {
  it('gets the welcome, an echo with the server id and clientActivityID, and the reply to that id', async () => {
    const server = await serve();
    const { token } = await generateToken(server.url, 'zh-Hant');
    const session = connectDirectLine(server.url, token, transport);
    sessions.push(session);
    expect((session.directLine as unknown as { webSocket: boolean }).webSocket).toBe(transport === 'websocket');

    const welcome = await session.waitFor((a) => textOf(a) === 'welcome zh-Hant');
    expect(welcome.from.role).toBe('bot');

    const sent = await session.say('my parcel never came');
    const echo = await session.waitFor((a) => a.id === sent.id);
    expect(echo.channelData?.clientActivityID).toBe(sent.clientActivityID);
    // The server decides who speaks: the token's user claim, not the body's from.id.
    expect(echo.from.id).toBe(userClaim(token));
    expect(echo.from.role).toBe('user');

    const reply = await session.waitFor((a) => textOf(a) === 'echo 1: my parcel never came');
    expect((reply as { replyToId?: string }).replyToId).toBe(sent.id);

    await session.say('still waiting');
    await session.waitFor((a) => textOf(a) === 'echo 2: still waiting');
    const stamps = session.received.map((a) => Date.parse(a.timestamp!));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
    expect(new Set(session.received.map((a) => a.id)).size).toBe(session.received.length);
  });
});

describe('botframework-directlinejs after a network drop', () => {
  it('reconnects by itself with its watermark and gets what it missed exactly once', async () => {
    const server = await serve();
    // A TCP relay stands in for the network, so the test can cut every connection at once.
    const open = new Set<Socket>();
    const relay = createTcpServer((client) => {
      const upstream = connect(server.port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        open.add(socket);
        socket.on('close', () => open.delete(socket));
        socket.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayUrl = `http://127.0.0.1:${(relay.address() as { port: number }).port}`;
    try {
      const { token } = await generateToken(relayUrl);
      const session = connectDirectLine(relayUrl, token, 'websocket');
      sessions.push(session);
      await session.say('before the drop');
      await session.waitFor((a) => textOf(a) === 'echo 1: before the drop');

      for (const socket of open) socket.destroy();
      // Posting works over a new connection while the stream is down; the stream catches up later.
      await session.say('during the drop');
      const caughtUp = await session.waitFor((a) => textOf(a) === 'echo 2: during the drop', 15_000);
      expect(caughtUp.from.role).toBe('bot');
      const ids = session.received.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(session.received.map(textOf)).toEqual(['welcome', 'before the drop', 'echo 1: before the drop', 'during the drop', 'echo 2: during the drop']);
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  }, 30_000);
});

describe('Direct Line conversation lifecycle', () => {
  it('starts a conversation without a token and returns id, token, stream URL and lifetime', async () => {
    const server = await serve();
    const res = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', body: JSON.stringify({ user: {} }) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { conversationId: string; token: string; streamUrl: string; expires_in: number };
    expect(body.conversationId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(body.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${server.port}/v3/directline/conversations/${body.conversationId}/stream\\?t=`));
    expect(body.expires_in).toBe(1800);
    const poll = await fetch(`${server.url}/v3/directline/conversations/${body.conversationId}/activities?watermark=`, {
      headers: { authorization: `Bearer ${body.token}` },
    });
    // The welcome turn runs right after creation.
    await expect.poll(async () => {
      const again = await fetch(`${server.url}/v3/directline/conversations/${body.conversationId}/activities`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      return ((await again.json()) as { activities: unknown[] }).activities.map(textOf);
    }).toEqual(['welcome']);
    expect(poll.status).toBe(200);
  });

  it('runs the welcome turn once even when Web Chat starts the same conversation twice', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { conversationId: string }).conversationId).toBe(conversationId);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const transcript = await server.hub.get(conversationId);
    expect(transcript!.since('').activities.map(textOf)).toEqual(['welcome']);
  });

  it('refreshes a token: the new one works and lives longer', async () => {
    let now = Date.parse('2026-11-23T10:00:00Z');
    const server = await serve({ now: () => now });
    const { conversationId, token } = await generateToken(server.url);
    now += 20 * 60_000;
    const res = await fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { token: string; conversationId: string };
    expect(refreshed.conversationId).toBe(conversationId);
    now += 20 * 60_000; // the old token is now 40 min old: expired; the new one is 20 min old
    const withOld = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } });
    expect(withOld.status).toBe(403);
    const withNew = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${refreshed.token}` } });
    expect(withNew.status).toBe(200);
  });

  it('replays from the watermark after a dropped socket, with no duplicates and no gaps', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    const started = (await (await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { streamUrl: string };

    const firstFrames = await collectFrames(started.streamUrl, async (frames) => {
      await post(server.url, conversationId, token, 'one');
      await waitUntil(() => frames.flatMap((f) => f.activities).some((a) => textOf(a) === 'echo 1: one'));
    });
    const seen = firstFrames.flatMap((f) => f.activities);
    const watermark = firstFrames.at(-1)!.watermark;
    expect(Number(watermark)).toBe(seen.length);

    // While disconnected the customer keeps talking (e.g. over a flaky network, the POSTs got through).
    await post(server.url, conversationId, token, 'two');
    await post(server.url, conversationId, token, 'three');

    const reconnect = await fetch(`${server.url}/v3/directline/conversations/${conversationId}?watermark=${watermark}`, { headers: { authorization: `Bearer ${token}` } });
    expect(reconnect.status).toBe(200);
    const fresh = (await reconnect.json()) as { token: string; streamUrl: string };
    expect(fresh.streamUrl).toContain(`watermark=${watermark}`);
    const replayed = (await collectFrames(fresh.streamUrl, async (frames) => {
      await waitUntil(() => frames.flatMap((f) => f.activities).some((a) => textOf(a) === 'echo 3: three'));
    })).flatMap((f) => f.activities);

    expect(replayed.map(textOf)).toEqual(['two', 'echo 2: two', 'three', 'echo 3: three']);
    const all = [...seen, ...replayed].map((a) => a.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.map((id) => Number(id!.split('|')[1]))).toEqual(all.map((_, i) => i));
  });

  it('streams the bot typing indicator live but never stores or replays it', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    const started = (await (await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { streamUrl: string };
    const frames = await collectFrames(started.streamUrl, async (seen) => {
      await post(server.url, conversationId, token, 'think');
      await waitUntil(() => seen.flatMap((f) => f.activities).some((a) => textOf(a) === 'echo 1: think'));
    });
    const live = frames.flatMap((f) => f.activities) as Array<{ type?: string; text?: string }>;
    expect(live.map((a) => a.type)).toEqual(['message', 'message', 'typing', 'message']); // welcome, echo, typing, reply
    const polled = (await (await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json()) as { activities: Array<{ type: string }>; watermark: string };
    expect(polled.activities.map((a) => a.type)).toEqual(['message', 'message', 'message']);
    expect(polled.watermark).toBe('3');
  });

  it('posts hearken.listenTimeout to the bot after a quiet period, and typing postpones it', async () => {
    const server = await serve({ listenPauseMs: 300 });
    const { conversationId, token } = await generateToken(server.url);
    const sentAt = Date.now();
    await post(server.url, conversationId, token, 'first part of my story');
    // Typing 200 ms later pushes the timer to ~500 ms after the message.
    await new Promise((resolve) => setTimeout(resolve, 200));
    await fetch(`${server.url}/v3/directline/conversations/${conversationId}/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'typing' }),
    });
    const transcript = (await server.hub.get(conversationId))!;
    await waitUntil(() => transcript.since('').activities.some((a) => a.text === 'heard you'), 3000);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(480);
    const heard = transcript.since('').activities.find((a) => a.text === 'heard you')!;
    // It answers an internal event the client never saw, so it must not point at it.
    expect(heard.replyToId).toBeUndefined();
    // Typing is not a transcript entry.
    expect(transcript.since('').activities.some((a) => a.type === 'typing')).toBe(false);
  });

  it('delivers a proactive message through a stored conversation reference', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    const session = connectDirectLine(server.url, token, 'websocket', conversationId);
    sessions.push(session);
    await post(server.url, conversationId, token, 'hello');
    const transcript = (await server.hub.get(conversationId))!;
    const echoed = transcript.since('').activities.find((a) => a.text === 'hello')!;
    const { TurnContext } = await import('botbuilder');
    const reference = TurnContext.getConversationReference(echoed as unknown as Parameters<typeof TurnContext.getConversationReference>[0]);
    await server.bot.host.continueConversation(reference, async (context) => {
      await context.sendActivity('How satisfied are you, 1 to 5?');
    });
    const survey = await session.waitFor((a) => textOf(a) === 'How satisfied are you, 1 to 5?');
    expect(survey.from.role).toBe('bot');
    await expect(server.bot.host.continueConversation({ ...reference, conversation: { id: 'nope', isGroup: false, conversationType: '', name: '' } }, async () => {})).rejects.toThrow(/unknown Direct Line conversation nope/);
  });

  it('shuts down gracefully: a turn that is running finishes and its POST is answered', async () => {
    const server = await serve();
    running.splice(running.indexOf(server), 1);
    const { conversationId, token } = await generateToken(server.url);
    const pending = post(server.url, conversationId, token, 'slow');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closing = server.close();
    const res = await pending;
    expect(res.status).toBe(200);
    await closing;
    const stored = await new (await import('../../src/store/chat-log.js')).ChatLog(server.storage).loadConversation(conversationId);
    expect(stored!.activities.map((a) => a.text)).toEqual(['slow', 'echo 1: slow']);
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });

  it('keeps transcripts and dialog state in Storage: a new server on the same storage continues', async () => {
    const first = await serve();
    const { conversationId, token } = await generateToken(first.url);
    await post(first.url, conversationId, token, 'one');
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await serve({ storage: first.storage });
    const polled = await fetch(`${second.url}/v3/directline/conversations/${conversationId}/activities?watermark=`, { headers: { authorization: `Bearer ${token}` } });
    const before = (await polled.json()) as { activities: unknown[]; watermark: string };
    expect(before.activities.map(textOf)).toEqual(['one', 'echo 1: one']);
    await post(second.url, conversationId, token, 'two');
    const after = (await second.hub.get(conversationId))!.since(before.watermark).activities;
    expect(after.map((a) => a.text)).toEqual(['two', 'echo 2: two']);
    expect(after[0]!.id).toBe(`${conversationId}|0000002`);
  });
});

describe('Direct Line security and limits', () => {
  it('answers 403 to forged, tampered, expired, missing and other-conversation tokens', async () => {
    const server = await serve();
    const mine = await generateToken(server.url);
    const theirs = await generateToken(server.url);
    const forged = signConversationToken(randomBytes(48), { conversationId: mine.conversationId, userId: 'dl_x' }, Date.now(), 1800).token;
    const [header, , sig] = mine.token.split('.');
    const claims = JSON.parse(Buffer.from(mine.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, conv: theirs.conversationId })).toString('base64url')}.${sig}`;
    const expired = signConversationToken(secret, { conversationId: mine.conversationId, userId: 'dl_x' }, Date.now() - 3600_000, 1800).token;
    const activities = `${server.url}/v3/directline/conversations/${mine.conversationId}/activities`;

    for (const [label, token] of [['forged', forged], ['tampered', tampered], ['expired', expired], ['other conversation', theirs.token]] as const) {
      const get = await fetch(activities, { headers: { authorization: `Bearer ${token}` } });
      expect(get.status, label).toBe(403);
      const body = (await get.json()) as { error: { code: string; message: string } };
      expect(body.error.code, label).toBe('Forbidden');
      const postRes = await fetch(activities, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'hi' }) });
      expect(postRes.status, label).toBe(403);
      const reconnect = await fetch(`${server.url}/v3/directline/conversations/${mine.conversationId}?watermark=0`, { headers: { authorization: `Bearer ${token}` } });
      expect(reconnect.status, label).toBe(403);
      expect(await upgradeStatus(`${server.url.replace('http', 'ws')}/v3/directline/conversations/${mine.conversationId}/stream?t=${token}`), label).toBe(403);
    }
    expect((await fetch(activities)).status).toBe(403);
    for (const token of [forged, expired]) {
      const refresh = await fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(refresh.status).toBe(403);
    }
    // Nothing the rejected callers sent reached the conversation.
    expect((await server.hub.get(mine.conversationId))!.since('').activities).toEqual([]);
  });

  it('needs the conversation\'s token on every route but start and upload, and a bad token starts nothing', async () => {
    const server = await serve();
    const mine = await generateToken(server.url);
    const base = `${server.url}/v3/directline`;
    const forged = signConversationToken(randomBytes(48), { conversationId: mine.conversationId, userId: 'dl_x' }, Date.now(), 1800).token;
    for (const [label, auth] of [['no token', {}], ['forged', { authorization: `Bearer ${forged}` }], ['not bearer', { authorization: `Basic ${mine.token}` }]] as const) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...auth };
      const calls = [
        fetch(`${base}/conversations/${mine.conversationId}/activities`, { headers }),
        fetch(`${base}/conversations/${mine.conversationId}/activities`, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'hi' }) }),
        fetch(`${base}/conversations/${mine.conversationId}?watermark=0`, { headers }),
        fetch(`${base}/tokens/refresh`, { method: 'POST', headers }),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status, `${label} ${res.url}`).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('Forbidden');
      }
    }
    expect(await upgradeStatus(`${base.replace('http', 'ws')}/conversations/${mine.conversationId}/stream`)).toBe(403);
    const conversationsBefore = server.hub.liveCount;
    const start = await fetch(`${base}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${forged}` } });
    expect(start.status).toBe(403);
    expect(server.hub.liveCount).toBe(conversationsBefore);
    // Nothing the rejected callers sent reached the conversation, and its welcome turn was never started.
    expect((await server.hub.get(mine.conversationId))!.since('').activities).toEqual([]);
    expect((await server.hub.get(mine.conversationId))!.record.started).toBe(false);
  });

  it('keeps at most 4 streams per conversation: a fifth cuts the oldest, the others still get every activity', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    const streamUrl = `${server.url.replace('http', 'ws')}/v3/directline/conversations/${conversationId}/stream?t=${token}`;
    const streams: Array<{ socket: WebSocket; texts: string[]; closed: boolean }> = [];
    for (let i = 0; i < 5; i++) {
      const socket = new WebSocket(streamUrl);
      const stream = { socket, texts: [] as string[], closed: false };
      socket.on('message', (data) => {
        const text = data.toString();
        if (text) stream.texts.push(...(JSON.parse(text) as Frame).activities.map((a) => a.text ?? ''));
      });
      socket.on('close', () => (stream.closed = true));
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      streams.push(stream);
    }
    await waitUntil(() => streams[0]!.closed);
    expect(streams.slice(1).map((s) => s.closed)).toEqual([false, false, false, false]);
    expect((await post(server.url, conversationId, token, 'hello')).status).toBe(200);
    await waitUntil(() => streams.slice(1).every((s) => s.texts.includes('echo 1: hello')));
    expect(streams[0]!.texts).not.toContain('hello');
    for (const stream of streams) stream.socket.terminate();
  });

  it('refuses a too-large body with 413 JSON and a malformed activity with 400, losing nothing', async () => {
    const server = await serve({ maxBodyBytes: 2048 });
    const { conversationId, token } = await generateToken(server.url);
    const url = `${server.url}/v3/directline/conversations/${conversationId}/activities`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const big = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'x'.repeat(3000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'RequestTooLarge', message: expect.stringContaining('2048 bytes') });
    const bad = await fetch(url, { method: 'POST', headers, body: '{"type":"message",' });
    expect(bad.status).toBe(400);
    const wrongType = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ type: 'conversationUpdate', text: 'x' }) });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { error: { message: string } }).error.message).toMatch(/^activity\.type:/);
    const ok = await post(server.url, conversationId, token, 'fits');
    expect(ok.status).toBe(200);
    expect((await server.hub.get(conversationId))!.since('').activities.map((a) => a.text)).toEqual(['fits', 'echo 1: fits']);
  });

  it('limits the message rate per conversation with 429 and Retry-After, without touching other conversations', async () => {
    const server = await serve({ messageRateLimit: { burst: 3, perSecond: 1 } });
    const a = await generateToken(server.url);
    const b = await generateToken(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post(server.url, a.conversationId, a.token, `m${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await post(server.url, a.conversationId, a.token, 'again');
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect((await post(server.url, b.conversationId, b.token, 'other customer')).status).toBe(200);
    // Refused messages were not echoed or given to the bot.
    expect((await server.hub.get(a.conversationId))!.since('').activities.filter((x) => x.from?.role === 'user').map((x) => x.text)).toEqual(['m0', 'm1', 'm2']);
  });

  it('says uploads are off and unknown routes do not exist, as JSON', async () => {
    const server = await serve();
    const { conversationId, token } = await generateToken(server.url);
    const upload = await fetch(`${server.url}/v3/directline/conversations/${conversationId}/upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: 'x' });
    expect(upload.status).toBe(415);
    const missing = await fetch(`${server.url}/v3/directline/nothing`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain('/v3/directline/nothing');
    const unknownConversation = signConversationToken(secret, { conversationId: 'gone', userId: 'dl_x' }, Date.now(), 60).token;
    const gone = await fetch(`${server.url}/v3/directline/conversations/gone/activities`, { headers: { authorization: `Bearer ${unknownConversation}` } });
    expect(gone.status).toBe(404);
  });
});

async function post(baseUrl: string, conversationId: string, token: string, text: string): Promise<Response> {
  return fetch(`${baseUrl}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, channelData: { clientActivityID: `c-${text}` } }),
  });
}

interface Frame {
  activities: Array<{ id?: string; text?: string }>;
  watermark: string;
}

async function collectFrames(streamUrl: string, during: (frames: Frame[]) => Promise<void>): Promise<Frame[]> {
  const socket = new WebSocket(streamUrl);
  const frames: Frame[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    if (text) frames.push(JSON.parse(text) as Frame);
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  await during(frames);
  socket.close();
  await new Promise((resolve) => socket.once('close', resolve));
  return frames;
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

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
