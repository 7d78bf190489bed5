/**
 * The server's route table on a real loopback server: channels hand over routes and
 * upgrade handlers, and the server answers what they share (limits, 404, 500, 503).
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readJsonBody, sendJson } from '../../src/server/http-replies.js';
import { type HttpChannel, type RunningHttpServer, startHttpServer } from '../../src/server/http-server.js';
import { StoreUnavailableError } from '../../src/store/index.js';

const running: RunningHttpServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function serve(channels: HttpChannel[], logged: string[] = []): Promise<RunningHttpServer> {
  const server = await startHttpServer({ channels, maxBodyBytes: 1024, notFoundHint: 'try /hello', log: (m) => logged.push(m) });
  running.push(server);
  return server;
}

const echoChannel: HttpChannel = {
  routes: [
    { method: 'POST', path: '/echo', handle: async (req, res) => sendJson(res, 200, { got: await readJsonBody(req, 1024) }) },
    { method: ['GET', 'HEAD'], pattern: /^\/hello\/(\w+)$/, handle: async (_req, res, url) => sendJson(res, 200, { hello: url.pathname.split('/')[2] }) },
    { method: 'GET', path: '/broken', handle: async () => { throw new Error('a bug in a route'); } },
    { method: 'GET', path: '/away', handle: async () => { throw new Error('saving failed', { cause: new StoreUnavailableError(2500, new Error('ECONNREFUSED')) }); } },
  ],
};

describe('the HTTP server and its route table', () => {
  it('routes by method and path or pattern, across channels, in table order', async () => {
    const other: HttpChannel = { routes: [{ method: 'POST', path: '/slack/events', handle: async (_req, res) => sendJson(res, 200, { ok: 'slack' }) }] };
    const server = await serve([echoChannel, other]);
    expect(await (await fetch(`${server.url}/echo`, { method: 'POST', body: '{"a":1}' })).json()).toEqual({ got: { a: 1 } });
    expect(await (await fetch(`${server.url}/hello/wang`)).json()).toEqual({ hello: 'wang' });
    expect(await (await fetch(`${server.url}/slack/events`, { method: 'POST' })).json()).toEqual({ ok: 'slack' });
    // A known path with a method no row answers is nobody's.
    expect((await fetch(`${server.url}/echo`)).status).toBe(404);
  });

  it('answers 404 with the hint, 413 for a body over the limit on any path, 400 for bad JSON', async () => {
    const server = await serve([echoChannel]);
    const missing = await fetch(`${server.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe('nothing at /nowhere; try /hello');
    for (const path of ['/echo', '/nowhere']) {
      const big = await fetch(`${server.url}${path}`, { method: 'POST', body: 'x'.repeat(5000) });
      expect(big.status, path).toBe(413);
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe('RequestTooLarge');
    }
    expect((await fetch(`${server.url}/echo`, { method: 'POST', body: '{' })).status).toBe(400);
  });

  it('answers 500 and logs a failing route, and 503 with Retry-After while the database is away', async () => {
    const logged: string[] = [];
    const server = await serve([echoChannel], logged);
    const broken = await fetch(`${server.url}/broken`);
    expect(broken.status).toBe(500);
    expect(logged.join('\n')).toMatch(/HTTP GET \/broken failed: Error: a bug in a route/);
    const away = await fetch(`${server.url}/away`);
    expect(away.status).toBe(503);
    expect(away.headers.get('retry-after')).toBe('3');
  });

  it('hands an upgrade to the channel that claims its path and refuses the others with 404', async () => {
    const upgraded: string[] = [];
    const server = await serve([{
      routes: [],
      upgrades: [{ path: '/socket', upgrade: (_req, socket, _head, url) => { upgraded.push(url.pathname); socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n'); } }],
    }]);
    const ask = (path: string) => new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`));
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => resolve(text)).on('error', reject);
    });
    expect(await ask('/socket')).toMatch(/^HTTP\/1\.1 101/);
    expect(await ask('/other')).toMatch(/^HTTP\/1\.1 404/);
    expect(upgraded).toEqual(['/socket']);
  });

  it('on close, lets a channel finish its running request before connections are cut', async () => {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => { finish = resolve; });
    const server = await startHttpServer({
      channels: [{
        routes: [{ method: 'GET', path: '/slow', handle: async (_req, res) => { await finished; sendJson(res, 200, { done: true }); } }],
        close: async () => { finish(); },
      }],
      maxBodyBytes: 1024, log: () => {},
    });
    const pending = fetch(`${server.url}/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await (await pending).json()).toEqual({ done: true });
  });
});
