// Starting never depends on reaching Slack; Socket Mode connects through the same Web API base.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDraftCheck } from '../../src/desk/index.js';
import type { Guard } from '../../src/guard/index.js';
import { createSlackChannel } from '../../src/slack/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../complaints/fixtures.js';
import { BOT_ID, BOT_USER, send, shippedGuard, SlackStandIn, slashCommand, startHearkenSlack, TEAM, visibleText, waitFor, type HearkenSlack } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A loopback port with nothing listening (Slack unreachable). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('start-up', () => {
  it('starts and answers /hearken while the Web API is unreachable, retrying auth.test in the background', async () => {
    const responses = await new SlackStandIn().start(); // only the response_url side is up
    cleanups.push(() => responses.stop());
    const unreachable = `http://127.0.0.1:${await closedPort()}/api/`;
    const h: HearkenSlack = await startHearkenSlack(responses, { apiUrl: unreachable, retryBackoff: { firstMs: 20, maxMs: 40 } });
    cleanups.push(() => h.stop());
    expect(h.channel.identity()).toEqual({});
    const a = { user: 'U0AGENT', key: 'offline' };
    const ack = await send(h, slashCommand(responses, '这不归我管', a), { contentType: 'application/x-www-form-urlencoded' });
    expect(ack.status).toBe(200);
    const answer = await waitFor('the answer', () => responses.responsesFor('offline')[0]);
    expect(visibleText(answer.body.blocks)).toMatch(/已拦截/);
    await waitFor('two failed auth.test attempts', () => (h.logs.filter((l) => /auth\.test failed .* retries in/.test(l)).length >= 2 ? true : undefined));
    expect(h.logs.join('\n')).not.toContain('xoxb-test-0000');
  });

  it('learns the bot ids once auth.test answers after an outage', async () => {
    const standIn = await new SlackStandIn().start();
    cleanups.push(() => standIn.stop());
    standIn.failing.set('auth.test', 2);
    const h = await startHearkenSlack(standIn);
    cleanups.push(() => h.stop());
    expect(await h.channel.whenSignedIn()).toEqual({ botId: BOT_ID, botUserId: BOT_USER, teamId: TEAM, url: 'https://test.slack.com/' });
    expect(standIn.callsTo('auth.test')).toHaveLength(3);
    expect(standIn.callsTo('auth.test')[0]!.authorization).toBe('Bearer xoxb-test-0000');
    expect(h.logs.filter((l) => /auth\.test failed/.test(l))).toHaveLength(2);
    expect(h.logs.some((l) => /signed in as hearken \(U0HEARKEN\) in Test/.test(l))).toBe(true);
  });
});

describe('Socket Mode (SLACK_APP_TOKEN)', () => {
  it('offers no HTTP route, connects through apps.connections.open on the Web API base, and answers a slash command', async () => {
    const standIn = await new SlackStandIn().start();
    cleanups.push(() => standIn.stop());
    // Slack's Socket Mode side: says hello, then delivers one slash command envelope.
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => { for (const c of wss.clients) c.terminate(); wss.close(() => resolve()); }));
    standIn.socketUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/`;
    const acks: unknown[] = [];
    const connected = new Promise<WebSocket>((resolve) => wss.on('connection', (socket) => {
      socket.on('message', (data) => acks.push(JSON.parse(String(data))));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0HEARKEN' } }));
      resolve(socket);
    }));

    const dir = mkdtempSync(join(tmpdir(), 'hearken-slack-socket-'));
    const store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
    cleanups.push(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });
    const loaded = shippedGuard();
    const logs: string[] = [];
    const channel = createSlackChannel({
      signingSecret: 'unused-in-socket-mode', botToken: 'xoxb-test-0000', appToken: 'xapp-test-0000', apiUrl: standIn.apiUrl,
      draftCheck: createDraftCheck({ lexicons: { current: (): Guard => loaded.guard, version: () => loaded.version }, audit: store.guardAudit }),
      log: (m) => logs.push(m), webApiRetries: 0, retryBackoff: { firstMs: 20, maxMs: 100 },
    });
    cleanups.push(() => channel.stop());
    expect(channel.mode).toBe('socket');
    expect(channel.routes).toEqual([]);
    await channel.start();
    const socket = await connected;
    const open = standIn.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe('Bearer xapp-test-0000');

    await waitFor('connected', () => (logs.some((l) => /connected in Socket Mode/.test(l)) ? true : undefined));
    const command = Object.fromEntries(new URLSearchParams(slashCommand(standIn, '這不歸我管，你問我我問誰', { user: 'U0SOCKET', key: 'socket' })));
    socket.send(JSON.stringify({ envelope_id: 'env-1', type: 'slash_commands', payload: command, accepts_response_payload: true }));
    await waitFor('the ack', () => acks.find((x) => (x as { envelope_id?: string }).envelope_id === 'env-1'));
    const answer = await waitFor('the answer', () => standIn.responsesFor('socket')[0]);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(visibleText(answer.body.blocks)).toMatch(/已攔截[\s\S]*不歸我管/);
  });

  it('keeps retrying the connection in the background when Slack is unreachable', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}/api/`;
    const logs: string[] = [];
    const channel = createSlackChannel({
      signingSecret: 's', botToken: 'xoxb-test-0000', appToken: 'xapp-test-0000', apiUrl: unreachable,
      draftCheck: createDraftCheck({ lexicons: { current: (): Guard => shippedGuard().guard, version: () => 'v' }, audit: { } as never }),
      log: (m) => logs.push(m), webApiRetries: 0, retryBackoff: { firstMs: 20, maxMs: 40 },
    });
    cleanups.push(() => channel.stop());
    await channel.start(); // resolves at once
    await waitFor('two failed connection attempts', () => (logs.filter((l) => /Socket Mode connection failed .* retrying in/.test(l)).length >= 2 ? true : undefined));
  });
});
