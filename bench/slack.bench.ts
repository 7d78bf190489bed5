/**
 * Slack: signed `/hearken <draft>` slash commands to POST /slack/events on loopback, timed from
 * sending the request to receiving the ack (the HTTP answer Slack waits at most 3 s for).
 * Hearken: the real channel (route receiver with size, signature, timestamp and replay checks,
 * Bolt App, the draft-check listener) over the shipped lexicons and a SQLite store; after each ack
 * it lints the draft, writes the audit row and posts the answer to a loopback response_url, so
 * that work competes with the next acks as it would in production.
 * Baseline: Bolt's own HTTPReceiver (its signature check) with a listener that only acks, in the same run.
 * The client runs in this process with keep-alive connections, 1 and 16 requests in flight.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createDraftCheck } from '../src/desk/index.js';
import { loadGuardWithSummary } from '../src/lexicon-files/index.js';
import { createSlackChannel, signSlackRequest } from '../src/slack/index.js';
import { openSqliteStore } from '../src/store/index.js';
import { percentile, row } from './measure.js';

export const title = 'Slack: signed /hearken requests to ack on loopback (target: p99 ≪ 3 s; ratio to Bolt\'s HTTPReceiver acking empty)';

const SECRET = 'bench-signing-secret-0123456789abcdef';
const DRAFTS = ["That's not my problem, you should have read the manual.", '这不归我管，你问我我问谁', '這不歸我管，你問我我問誰', "I'm sorry about the delay; I have booked an engineer for Thursday at 10."];
const LEVELS = [{ inFlight: 1, requests: 600 }, { inFlight: 16, requests: 3000 }];
const WARMUP = 200;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });

let sequence = 0;
function slashCommand(responseUrl: string): string {
  const n = ++sequence;
  return new URLSearchParams({
    token: 'x', team_id: 'T0BENCH', team_domain: 'bench', channel_id: 'C0BENCH', channel_name: 'support', user_id: `U${n % 50}`, user_name: 'agent',
    command: '/hearken', text: DRAFTS[n % DRAFTS.length]!, api_app_id: 'A0BENCH', response_url: responseUrl, trigger_id: `trigger-${n}`,
  }).toString();
}

/** One signed POST; resolves with milliseconds from sending to the complete answer, and its status. */
function post(url: URL, agent: Agent, body: string): Promise<{ ms: number; status: number }> {
  const ts = String(Math.floor(Date.now() / 1000));
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': ts, 'x-slack-signature': signSlackRequest(SECRET, ts, body) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function drive(endpoint: string, responseUrl: string, inFlight: number, requests: number): Promise<{ perSecond: number; latencies: number[] }> {
  const url = new URL(`${endpoint}/slack/events`);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  try {
    for (let i = 0; i < WARMUP; i++) await post(url, agent, slashCommand(responseUrl));
    const latencies: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: inFlight }, async () => {
      while (next < requests) {
        next++;
        const { ms, status } = await post(url, agent, slashCommand(responseUrl));
        if (status !== 200) throw new Error(`a signed slash command was answered ${status}`);
        latencies.push(ms);
      }
    }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { perSecond: latencies.length / seconds, latencies: latencies.sort((a, b) => a - b) };
  } finally {
    agent.destroy();
  }
}

export async function run(): Promise<void> {
  // Where Hearken posts its answers: a loopback stand-in for Slack's response_url.
  let answers = 0;
  const responses = createServer((req, res) => { req.resume(); req.on('end', () => { answers++; res.writeHead(200).end('ok'); }); });
  const responseUrl = `${await listen(responses)}/respond`;
  // auth.test goes nowhere useful; Hearken retries it in the background and never waits for it.
  const webApi = createServer((req, res) => { req.resume(); res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"user_id":"U0B","bot_id":"B0B","team_id":"T0BENCH"}'); });
  const apiUrl = `${await listen(webApi)}/api/`;

  const dir = mkdtempSync(join(tmpdir(), 'hearken-slack-bench-'));
  const store = await openSqliteStore({ dataDir: dir });
  const loaded = loadGuardWithSummary();
  const channel = createSlackChannel({
    signingSecret: SECRET, botToken: 'xoxb-bench', apiUrl, log: () => {},
    draftCheck: createDraftCheck({ lexicons: { current: () => loaded.guard, version: () => loaded.version }, audit: store.guardAudit }),
  });
  const hearkenServer = createServer((req, res) => {
    const route = channel.routes.find((r) => r.method === req.method && r.path === req.url);
    if (route) void route.handle(req, res); else res.writeHead(404).end();
  });
  const hearken = await listen(hearkenServer);
  await channel.start();

  const bolt = new App({
    receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
    authorize: async () => ({ botToken: 'xoxb-bench', botId: 'B0B', botUserId: 'U0B' }),
    logLevel: LogLevel.ERROR,
  });
  bolt.command('/hearken', async ({ ack }) => { await ack(); });
  const boltServer = (await bolt.start(0)) as Server;
  const baseline = `http://127.0.0.1:${(boltServer.address() as AddressInfo).port}`;

  try {
    for (const { inFlight, requests } of LEVELS) {
      const base = await drive(baseline, responseUrl, inFlight, requests);
      const ours = await drive(hearken, responseUrl, inFlight, requests);
      const label = `${inFlight} in flight`;
      row(`Bolt HTTPReceiver, empty ack, ${label}: throughput`, base.perSecond, 'req/s');
      row(`Bolt HTTPReceiver, empty ack, ${label}: p99 to ack`, percentile(base.latencies, 99), 'ms');
      row(`Hearken /hearken, ${label}: throughput`, ours.perSecond, 'req/s', `${(ours.perSecond / base.perSecond).toFixed(2)}× Bolt`);
      row(`Hearken /hearken, ${label}: p50 to ack`, percentile(ours.latencies, 50), 'ms');
      row(`Hearken /hearken, ${label}: p99 to ack`, percentile(ours.latencies, 99), 'ms', `${(percentile(ours.latencies, 99) / percentile(base.latencies, 99)).toFixed(2)}× Bolt`);
    }
    // Every check is still answered: wait for the background work to drain.
    await channel.stop();
    const expected = LEVELS.reduce((n, l) => n + l.requests + WARMUP, 0);
    row('Hearken answers posted to response_url', answers, 'answers', `of ${expected} Hearken commands`);
    row('Hearken audit rows written', (await store.guardAudit.list()).length, 'rows');
  } finally {
    await bolt.stop();
    await close(hearkenServer);
    await close(responses);
    await close(webApi);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
