/**
 * Bad input over the real wire: protocol-invalid WebSocket frames, deeply nested
 * JSON, malformed Host headers and endless bodies. Each must get a clear refusal
 * (a close code, 400 or 413) and leave the server and every other conversation
 * working.
 */
import { randomBytes } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ChatConnection } from '../../src/bot/chat-adapter.js';
import { type RunningWebChatServer, startWebChatServer, type WebChatServerOptions } from '../../src/server/web-chat-server.js';

type RunningWebServer = RunningWebChatServer<ChatConnection>;
type WebServerOptions = WebChatServerOptions<ChatConnection>;
import { StoreUnavailableError } from '../../src/store/errors.js';
import { echoBotOn } from './echo-bot.js';
import { clientFrame, openRawStream, rawRequest, streamBody } from './raw-wire.js';

const secret = randomBytes(48);
const running: RunningWebServer[] = [];
// An `error` event nobody listens to is thrown from the socket's data handler: in production that
// ends the process. Recording uncaught exceptions makes such a crash fail the very test that caused it.
let uncaught: Error[] = [];
const recordUncaught = (error: Error) => uncaught.push(error);

beforeEach(() => {
  uncaught = [];
  process.on('uncaughtException', recordUncaught);
});

afterEach(async () => {
  process.off('uncaughtException', recordUncaught);
  for (const server of running.splice(0)) await server.close();
});

async function serve(options: Partial<WebServerOptions> = {}): Promise<RunningWebServer> {
  const storage = new MemoryStorage();
  const server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret, log: () => {}, ...options });
  running.push(server);
  return server;
}

interface Conversation {
  conversationId: string;
  token: string;
  streamUrl: string;
}

async function startConversation(server: RunningWebServer): Promise<Conversation> {
  const res = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' });
  expect(res.status).toBe(201);
  return (await res.json()) as Conversation;
}

async function postRaw(server: RunningWebServer, conversation: Conversation, body: string): Promise<{ status: number; error?: { code: string; message: string } }> {
  const res = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${conversation.token}`, 'content-type': 'application/json' },
    body,
  });
  const reply = (await res.json()) as { error?: { code: string; message: string } };
  return { status: res.status, ...(reply.error ? { error: reply.error } : {}) };
}

const say = (server: RunningWebServer, conversation: Conversation, text: string) =>
  postRaw(server, conversation, JSON.stringify({ type: 'message', text }));

async function texts(server: RunningWebServer, conversation: Conversation): Promise<string[]> {
  const transcript = await server.hub.get(conversation.conversationId);
  return transcript!.since('').activities.map((a) => a.text ?? `(${a.type})`);
}

/** A `ws` client on a conversation's stream that collects the texts it is sent. */
async function listen(streamUrl: string): Promise<{ socket: WebSocket; texts: string[] }> {
  const socket = new WebSocket(streamUrl);
  const seen: string[] = [];
  socket.on('message', (data) => {
    const frame = data.toString();
    if (frame) seen.push(...(JSON.parse(frame) as { activities: Array<{ text?: string }> }).activities.map((a) => a.text ?? ''));
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, texts: seen };
}

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const BAD_FRAMES: Array<[string, () => Buffer, number]> = [
  ['a text frame over 4096 bytes', () => clientFrame(1, 'x'.repeat(4097)), 1009],
  ['invalid UTF-8 in a text frame', () => clientFrame(1, Buffer.from([0xff, 0xfe, 0xc3])), 1007],
  ['an unmasked client frame', () => clientFrame(1, 'hi', { mask: false }), 1002],
  ['reserved opcode 3', () => clientFrame(3), 1002],
  ['RSV1 without a negotiated extension', () => clientFrame(1, 'x', { rsv1: true }), 1002],
  ['a declared length of 2^62', () => clientFrame(2, '', { declaredLength: 2n ** 62n }), 1009],
  ['close code 999', () => clientFrame(8, Buffer.from([0x03, 0xe7])), 1002],
  ['a fragmented ping', () => clientFrame(9, 'p', { fin: false }), 1002],
];

describe('protocol-invalid WebSocket frames', () => {
  it.each(BAD_FRAMES)('closes the stream on %s with the right code; the server and other chats go on', async (_label, frame, expectedCode) => {
    const server = await serve();
    const victim = await startConversation(server);
    const other = await startConversation(server);
    const otherStream = await listen(other.streamUrl);

    const raw = await openRawStream(victim.streamUrl);
    raw.socket.write(frame());
    const { closeCode } = await raw.closed;

    expect(closeCode).toBe(expectedCode);
    expect(uncaught.map((e) => e.message)).toEqual([]);
    // Another customer's open stream and chat are untouched, and so is the victim's own chat.
    expect((await say(server, other, 'still here')).status).toBe(200);
    await waitUntil(() => otherStream.texts.includes('echo 1: still here'));
    expect((await say(server, victim, 'me too')).status).toBe(200);
    const again = await listen(victim.streamUrl);
    await waitUntil(() => again.texts.includes('echo 1: me too'));
    otherStream.socket.terminate();
    again.socket.terminate();
  });

  it('closes a real ws client that sends "x".repeat(4097) with 1009 (message too big)', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const socket = new WebSocket(conversation.streamUrl);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(4097));
    expect(await closed).toBe(1009);
    expect(uncaught.map((e) => e.message)).toEqual([]);
    expect((await say(server, conversation, 'after')).status).toBe(200);
  });

  it('survives a client that resets its socket while the server is still looking up the conversation', async () => {
    // Storage that answers only when told: the upgrade is then pending when the client vanishes.
    const storage = new MemoryStorage();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowRead = storage.read.bind(storage);
    storage.read = async (keys) => {
      await gate;
      return slowRead(keys);
    };
    const server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret, log: () => {} });
    running.push(server);
    const { signConversationToken } = await import('../../src/web/conversation-token.js');
    const token = signConversationToken(secret, { conversationId: 'not-here', userId: 'dl_x' }, Date.now(), 600).token;
    const { connect } = await import('node:net');
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /v3/directline/conversations/not-here/stream?t=${token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(uncaught.map((e) => e.message)).toEqual([]);
    expect((await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST' })).status).toBe(201);
  });
});

const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('deeply nested JSON', () => {
  const SLOTS: Array<[string, (inner: string) => string]> = [
    ['a message value', (inner) => `{"type":"message","text":"x","value":${inner}}`],
    ['an event value', (inner) => `{"type":"event","name":"probe","value":${inner}}`],
    ['channelData', (inner) => `{"type":"message","text":"x","channelData":{"a":${inner}}}`],
    ['entities', (inner) => `{"type":"message","text":"x","entities":[{"a":${inner}}]}`],
    ['a typing value', (inner) => `{"type":"typing","value":${inner}}`],
    ['the body itself', (inner) => inner],
  ];

  it.each(SLOTS)('refuses 5,000 levels in %s with 400 before anything is stored; the chat goes on', async (_label, wrap) => {
    const server = await serve();
    const conversation = await startConversation(server);
    await waitUntil(() => server.hub.liveCount > 0);
    const body = wrap(deep(5000));
    expect(Buffer.byteLength(body)).toBeLessThan(16 * 1024);
    const reply = await postRaw(server, conversation, body);
    expect(reply.status).toBe(400);
    expect(reply.error).toMatchObject({ code: 'BadArgument', message: expect.stringMatching(/nests deeper than (32|64) levels/) });
    const after = await say(server, conversation, 'hello');
    expect(after.status).toBe(200);
    expect(await texts(server, conversation)).toEqual(['welcome', 'hello', 'echo 1: hello']);
    expect(uncaught).toEqual([]);
  });

  it('takes 32 levels in a value and refuses 33, naming the field', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    // `value` itself is level 1.
    const fits = await postRaw(server, conversation, `{"type":"message","text":"fits","value":${deep(32)}}`);
    expect(fits.status).toBe(200);
    const tooDeep = await postRaw(server, conversation, `{"type":"message","text":"too deep","value":${deep(33)}}`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.error!.message).toMatch(/^activity\.value: nests deeper than 32 levels/);
    expect((await texts(server, conversation)).filter((t) => !t.startsWith('echo') && t !== 'welcome')).toEqual(['fits']);
  });

  it('caps the serialised size of value, channelData and entities, and the length of a locale', async () => {
    const server = await serve({ maxBodyBytes: 64 * 1024 });
    const conversation = await startConversation(server);
    for (const [field, json] of [
      ['value', `"value":"${'v'.repeat(9000)}"`],
      ['channelData', `"channelData":{"a":"${'c'.repeat(5000)}"}`],
      ['entities', `"entities":[{"a":"${'e'.repeat(5000)}"}]`],
    ] as const) {
      const reply = await postRaw(server, conversation, `{"type":"message","text":"big",${json}}`);
      expect(reply.status, field).toBe(400);
      expect(reply.error!.message, field).toMatch(new RegExp(`^activity\\.${field}: is larger than \\d+ bytes`));
    }
    const longLocale = `xx-${'abcdefgh-'.repeat(200)}x`;
    const locale = await postRaw(server, conversation, JSON.stringify({ type: 'message', text: 'big', locale: longLocale }));
    expect(locale.status).toBe(400);
    expect(locale.error!.message).toMatch(/^activity\.locale:/);
    expect((await texts(server, conversation)).filter((t) => t === 'big')).toEqual([]);
    // A start asking for such a locale gets a conversation without one.
    const started = await fetch(`${server.url}/v3/directline/conversations`, { method: 'POST', body: JSON.stringify({ locale: longLocale }) });
    const { conversationId } = (await started.json()) as Conversation;
    expect((await server.hub.get(conversationId))!.record.locale).toBeUndefined();
  });
});

describe('malformed Host header', () => {
  it.each(['a:b:c', 'x:65536', '['])('refuses Host %j on POST /conversations with 400 and creates nothing', async (host) => {
    const server = await serve();
    const before = server.hub.liveCount;
    const reply = await rawRequest(server.port, `POST /v3/directline/conversations HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 0\r\nConnection: close`);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text)).toMatchObject({ error: { code: 'BadArgument', message: expect.stringContaining('Host') } });
    expect(server.hub.liveCount).toBe(before);
    expect(uncaught).toEqual([]);
  });

  it('refuses it on a reconnect too, and a good Host still gets its stream URL', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const bad = await rawRequest(server.port, `GET /v3/directline/conversations/${conversation.conversationId} HTTP/1.1\r\nHost: x:65536\r\nAuthorization: Bearer ${conversation.token}\r\nConnection: close`);
    expect(bad.status).toBe(400);
    const good = await rawRequest(server.port, `GET /v3/directline/conversations/${conversation.conversationId} HTTP/1.1\r\nHost: chat.example:8080\r\nAuthorization: Bearer ${conversation.token}\r\nConnection: close`);
    expect(good.status).toBe(200);
    expect(JSON.parse(good.text).streamUrl).toMatch(/^ws:\/\/chat\.example:8080\/v3\/directline\/conversations\//);
  });
});

describe('bodies on routes that take none', () => {
  const FIFTY_MB = 50 * 1024 * 1024;

  it('answers 413 to 50 MB sent to refresh, upload and unknown routes, without reading it all', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const auth = { authorization: `Bearer ${conversation.token}` };
    const base = `${server.url}/v3/directline`;
    for (const url of [
      `${base}/tokens/refresh`,
      `${base}/conversations/${conversation.conversationId}/upload`,
      `${base}/nothing/here`,
      `${base}/conversations/${conversation.conversationId}/stream`,
      `${server.url}/no-such-page`,
    ]) {
      for (const headers of [{ ...auth, 'content-length': String(FIFTY_MB) }, { ...auth, 'transfer-encoding': 'chunked' }]) {
        const { status, bytesWritten } = await streamBody(url, FIFTY_MB, headers);
        expect(status, `${url} ${JSON.stringify(headers)}`).toBe(413);
        expect(bytesWritten, url).toBeLessThan(FIFTY_MB);
      }
    }
    expect((await say(server, conversation, 'fine')).status).toBe(200);
  });

  it('still answers these routes as before when the body is small', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const auth = { authorization: `Bearer ${conversation.token}` };
    const refresh = await fetch(`${server.url}/v3/directline/tokens/refresh`, { method: 'POST', headers: auth, body: '{}' });
    expect(refresh.status).toBe(200);
    const upload = await fetch(`${server.url}/v3/directline/conversations/${conversation.conversationId}/upload`, { method: 'POST', headers: auth, body: 'x' });
    expect(upload.status).toBe(415);
    expect((await fetch(`${server.url}/no-such-page`, { method: 'POST', body: 'x' })).status).toBe(404);
  });
});

describe('control characters in message text', () => {
  it('drops NUL, escape sequences and C1 controls, keeps line breaks, mends half an emoji; the bot sees clean text', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const reply = await say(server, conversation, 'my\u0000 order\u001b[31m\tHK1\r\n23\u0085\u009b x \ud83d');
    expect(reply.status).toBe(200);
    expect(await texts(server, conversation)).toEqual(['welcome', 'my order[31m\tHK1\r\n23\u0085 x \ufffd', 'echo 1: my order[31m\tHK1\r\n23\u0085 x \ufffd']);
  });

  it('refuses a message of nothing but control characters with 400, and the chat goes on', async () => {
    const server = await serve();
    const conversation = await startConversation(server);
    const reply = await say(server, conversation, '\u0000\u0001\u001b');
    expect(reply.status).toBe(400);
    expect(reply.error).toMatchObject({ code: 'BadArgument', message: expect.stringMatching(/^activity\.text: only control characters/) });
    expect((await say(server, conversation, 'hello')).status).toBe(200);
    expect(await texts(server, conversation)).toEqual(['welcome', 'hello', 'echo 1: hello']);
  });
});

/** Bot state in memory whose reads fail as PostgreSQL's do while it is away, when `away` is set. */
class StorageThatCanBeAway extends MemoryStorage {
  away = false;
  override async read(keys: string[]) {
    if (this.away) throw new StoreUnavailableError(2000, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    return super.read(keys);
  }
}

describe('a stream reconnect while the database is away', () => {
  it('answers the upgrade 503 with Retry-After instead of dropping it, and streams again once it is back', async () => {
    const storage = new StorageThatCanBeAway();
    const first = await serve({ storage, bot: echoBotOn(storage) });
    const conversation = await startConversation(first);
    await waitUntil(() => first.hub.liveCount > 0);
    expect((await say(first, conversation, 'hello')).status).toBe(200);
    await first.close();
    running.splice(running.indexOf(first), 1);

    // A restarted server has nothing in memory: the reconnect must load the conversation from the store.
    const second = await serve({ storage, bot: echoBotOn(storage) });
    storage.away = true;
    const url = new URL(conversation.streamUrl.replace(new URL(conversation.streamUrl).host, new URL(second.url).host));
    const upgrade = (port: number) => rawRequest(port, `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13`);
    const port = Number(new URL(second.url).port);
    const refused = await upgrade(port);
    expect(refused.status).toBe(503);
    expect(refused.head).toMatch(/\r\nRetry-After: [1-9]\d*\r\n/);
    storage.away = false;
    const stream = await listen(url.toString());
    await waitUntil(() => stream.texts.includes('echo 1: hello'));
    stream.socket.close();
    expect(uncaught).toEqual([]);
  });
});
