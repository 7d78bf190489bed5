import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatConnection } from '../../src/bot/chat-adapter.js';
import { type RunningWebChatServer, startWebChatServer } from '../../src/server/web-chat-server.js';

type RunningWebServer = RunningWebChatServer<ChatConnection>;
import { echoBotOn } from './echo-bot.js';

let server: RunningWebServer;

beforeAll(async () => {
  const storage = new MemoryStorage();
  server = await startWebChatServer({ bot: echoBotOn(storage), storage, secret: randomBytes(48), log: () => {}, embedOrigins: 'https://shop.example' });
});
afterAll(async () => server.close());

/** fetch() always asks for gzip; node:http lets the test choose the request headers exactly. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('chat pages', () => {
  it('serves the demo page under a strict CSP with only external scripts', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("frame-ancestors 'none'");
    const html = res.body.toString();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => /src="([^"]+)"/.exec(m[1]!)?.[1])).toEqual(['/webchat/webchat.js', '/static/webchat-start.js']);
    for (const script of scripts) expect(script[2]!.trim()).toBe('');
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });

  it('lets the configured origins frame /chat and nobody frame /', async () => {
    const chat = await get('/chat');
    expect(chat.status).toBe(200);
    expect(String(chat.headers['content-security-policy'])).toContain('frame-ancestors https://shop.example');
  });

  it('serves the official Web Chat bundle from node_modules, gzipped once and cacheable', async () => {
    const original = readFileSync('node_modules/botframework-webchat/dist/webchat.js');
    const zipped = await get('/webchat/webchat.js', { 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(original.length / 3);
    expect(gunzipSync(zipped.body).equals(original)).toBe(true);
    const plain = await get('/webchat/webchat.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    const again = await get('/webchat/webchat.js', { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('serves the embed snippet as cross-origin JavaScript that opens /chat in an iframe', async () => {
    const res = await get('/embed.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const source = res.body.toString();
    expect(source).toContain("'/chat?locale='");
    expect(() => new Function(source)).not.toThrow(); // valid JavaScript
  });

  it('turns off uploads in the widget start-up script', async () => {
    const res = await get('/static/webchat-start.js');
    expect(res.body.toString()).toMatch(/hideUploadButton:\s*true/);
  });

  it('answers unknown paths with a JSON 404 that says where the chat is', async () => {
    const res = await get('/nope');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body.toString())).toMatchObject({ error: { code: 'NotFound', message: expect.stringContaining('/embed.js') } });
  });
});
