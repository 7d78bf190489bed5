/**
 * Bot turns through Hearken's Direct Line on loopback: 1, 10 and 100 simulated
 * customers, each opening a conversation like Web Chat does (token, start,
 * WebSocket stream) and sending messages one after another. A turn's latency is
 * POST sent → POST answered, which the server sends after the bot turn is done
 * and its replies are on the stream. Baseline: a trivial echo bot on the same
 * server, store and transport, so the ratio is the cost of Hearken's bot.
 * SQLite by default; with DATABASE_URL set, the Hearken bot also runs on PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ActivityHandler } from 'botbuilder';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import WebSocket from 'ws';
import { percentile, row } from './measure.js';
import { openStore } from '../src/store/index.js';
import { connectChat, type TurnHandler } from '../src/bot/chat-adapter.js';
import type { ChatHost } from '../src/contracts/chat.js';
import { GroupCommitStorage } from '../src/store/group-commit-storage.js';
import { startWebChatServer } from '../src/server/web-chat-server.js';

export const title = 'Web chat: bot turns through self-hosted Direct Line on loopback (targets: p99 ≤ 50 ms at 100 customers, ≥ 300 turns/s)';

const LEVELS = [1, 10, 100];
const TURNS_PER_LEVEL: Record<number, number> = { 1: 300, 10: 1500, 100: 3000 };

/** A customer who says hello, starts a complaint, tells a two-line story, finishes, and starts over. */
const HEARKEN_SCRIPT = ['hello', 'Make a complaint', 'My parcel never arrived.', 'I have waited a whole week and nobody called me back.', "that's all", 'start over'];
const ECHO_SCRIPT = HEARKEN_SCRIPT;

interface Customer {
  conversationId: string;
  token: string;
  socket: WebSocket;
  received: number;
}

async function openCustomer(baseUrl: string): Promise<Customer> {
  const issued = (await (await fetch(`${baseUrl}/v3/directline/tokens/generate`, { method: 'POST', body: '{"locale":"en-US"}' })).json()) as { token: string; conversationId: string };
  const started = await fetch(`${baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${issued.token}` } });
  if (started.status !== 201) throw new Error(`starting a conversation answered ${started.status}: ${await started.text()}`);
  const { streamUrl } = (await started.json()) as { streamUrl: string };
  const socket = new WebSocket(streamUrl);
  const customer: Customer = { conversationId: issued.conversationId, token: issued.token, socket, received: 0 };
  socket.on('message', (data) => {
    const text = data.toString();
    if (text) customer.received += (JSON.parse(text) as { activities: unknown[] }).activities.length;
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return customer;
}

async function sendTurn(baseUrl: string, customer: Customer, text: string, sequence: number): Promise<number> {
  const start = process.hrtime.bigint();
  const res = await fetch(`${baseUrl}/v3/directline/conversations/${customer.conversationId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text, locale: 'en-US', channelData: { clientActivityID: `bench-${sequence}` } }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`turn answered ${res.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface LoadResult {
  turns: number;
  seconds: number;
  latenciesMs: number[];
  received: number;
  /** Server event loop busy time per turn (ms): what a turn costs the server, less sensitive to a busy machine than latency. */
  serverBusyMsPerTurn?: number;
}

/**
 * `paceMs` 0: closed loop, every customer sends as soon as the last turn ended (maximum throughput).
 * `paceMs` > 0: each customer sends one message every `paceMs` on average (jittered), like people
 * typing; the offered load is then customers / paceMs, and latency is measured at that load.
 */
async function runLoad(baseUrl: string, customers: number, totalTurns: number, script: string[], paceMs = 0): Promise<LoadResult> {
  const people: Customer[] = [];
  // Opened in small batches, like customers arriving, not as one thundering herd.
  for (let i = 0; i < customers; i += 10) people.push(...(await Promise.all(Array.from({ length: Math.min(10, customers - i) }, () => openCustomer(baseUrl)))));
  await new Promise((resolve) => setTimeout(resolve, 300)); // welcome turns settle; they are not load
  const turnsEach = Math.ceil(totalTurns / customers);
  const latencies: number[] = [];
  const receivedBefore = people.reduce((sum, c) => sum + c.received, 0);
  const started = process.hrtime.bigint();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await Promise.all(people.map(async (customer) => {
    if (paceMs > 0) await sleep(Math.random() * paceMs);
    for (let i = 0; i < turnsEach; i++) {
      const latency = await sendTurn(baseUrl, customer, script[i % script.length]!, i);
      latencies.push(latency);
      if (paceMs > 0) await sleep(Math.max(0, paceMs * (0.5 + Math.random()) - latency));
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const received = people.reduce((sum, c) => sum + c.received, 0) - receivedBefore;
  for (const customer of people) customer.socket.close();
  return { turns: latencies.length, seconds, latenciesMs: latencies.sort((a, b) => a - b), received };
}

/**
 * The customers run in a worker thread, so on a 2-core machine the load
 * generator and the server each get a core instead of sharing one event loop.
 */
interface LoadRequest {
  role: 'web-bench-load';
  baseUrl: string;
  customers: number;
  totalTurns: number;
  script: string[];
  paceMs: number;
}

if (!isMainThread && (workerData as LoadRequest | undefined)?.role === 'web-bench-load') {
  const request = workerData as LoadRequest;
  parentPort!.postMessage(await runLoad(request.baseUrl, request.customers, request.totalTurns, request.script, request.paceMs));
}

function loadInWorker(baseUrl: string, customers: number, totalTurns: number, script: string[], paceMs: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: { role: 'web-bench-load', baseUrl, customers, totalTurns, script, paceMs } satisfies LoadRequest });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

function echoBot(): TurnHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  return bot;
}


type Store = Awaited<ReturnType<typeof openStore>>;
/** Builds a bot with the chat transport in hand and serves it there. */
type BotMaker = (chat: ChatHost, store: Store, storage: GroupCommitStorage) => { dispose(): void };

/** One load run on a fresh store (SQLite in a temp dir, or a temp PostgreSQL schema) and server. */
async function measureOnce(makeBot: BotMaker, script: string[], customers: number, totalTurns: number, paceMs: number, databaseUrl = ''): Promise<LoadResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hearken-bench-web-'));
  const schema = `hk_web_bench_${process.pid}`;
  const store = databaseUrl ? await openStore({ databaseUrl, schema }) : await openStore({ dataDir, databaseUrl: '' });
  const storage = new GroupCommitStorage(store.botStorage);
  const server = await startWebChatServer({
    bot: (chat) => makeBot(chat, store, storage),
    storage,
    secret: randomBytes(48),
    // Bench customers type far faster than people; the limiter is not what is measured here.
    messageRateLimit: { burst: 1e9, perSecond: 1e9 },
    conversationRateLimit: { burst: 1e9, perSecond: 1e9 },
    // 100 simulated customers all come from 127.0.0.1; the per-address limit would refuse the 11th.
    conversationsPerAddress: { burst: 1e9, perSecond: 1e9 },
    log: () => {},
  });
  try {
    // The customers run in a worker, so this thread's event loop is the server's.
    const before = performance.eventLoopUtilization();
    const result = await loadInWorker(server.url, customers, totalTurns, script, paceMs);
    return { ...result, serverBusyMsPerTurn: performance.eventLoopUtilization(before).active / result.turns };
  } finally {
    await server.close();
    server.bot.dispose();
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  }
}

function report(label: string, result: LoadResult): void {
  row(`${label}: throughput`, result.turns / result.seconds, 'turns/s', `${result.turns} turns, ${result.received} activities streamed`);
  row(`${label}: p50 turn latency`, percentile(result.latenciesMs, 50), 'ms');
  row(`${label}: p99 turn latency`, percentile(result.latenciesMs, 99), 'ms');
  if (result.serverBusyMsPerTurn !== undefined) row(`${label}: server event loop busy`, result.serverBusyMsPerTurn, 'ms/turn');
}

/** 100 customers each sending every 333 ms on average: an offered load of 300 turns/s. */
const PACED = { customers: 100, paceMs: 333, turns: 3000 };
/** 100 customers each sending once a second, still faster than people type: 100 turns/s offered. */
const PACED_LIGHT = { customers: 100, paceMs: 1000, turns: 1500 };

export async function run(): Promise<void> {
  // Other processes on a shared 2-core box distort every figure; say how busy it was.
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(2)} at start`);
  const echo: BotMaker = (chat) => {
    connectChat(chat, { log: () => {} }).serve(echoBot());
    return { dispose: () => {} };
  };
  const { createServerBot } = await import('../src/server/compose.js');
  const hearken: BotMaker = (chat, store, storage) => createServerBot(chat, store, { storage, log: () => {} });

  const closed = new Map<string, LoadResult>();
  for (const [name, maker, script] of [['echo bot (baseline)', echo, ECHO_SCRIPT], ['Hearken bot', hearken, HEARKEN_SCRIPT]] as const) {
    for (const customers of LEVELS) {
      const result = await measureOnce(maker, [...script], customers, TURNS_PER_LEVEL[customers]!, 0);
      closed.set(`${name}/${customers}`, result);
      report(`${name}, ${customers} customer${customers > 1 ? 's' : ''}, back to back`, result);
    }
  }
  for (const customers of LEVELS) {
    const b = closed.get(`echo bot (baseline)/${customers}`)!;
    const h = closed.get(`Hearken bot/${customers}`)!;
    row(`Hearken / echo at ${customers}: throughput ratio`, (h.turns / h.seconds) / (b.turns / b.seconds), '×');
  }

  const pacedEcho = await measureOnce(echo, [...ECHO_SCRIPT], PACED.customers, PACED.turns, PACED.paceMs);
  report(`echo bot (baseline), ${PACED.customers} customers offering 300 turns/s`, pacedEcho);
  const paced = await measureOnce(hearken, [...HEARKEN_SCRIPT], PACED.customers, PACED.turns, PACED.paceMs);
  report(`Hearken bot, ${PACED.customers} customers offering 300 turns/s`, paced);
  row('Hearken / echo at 300 turns/s offered: p99 latency ratio', percentile(paced.latenciesMs, 99) / percentile(pacedEcho.latenciesMs, 99), '×');
  const light = await measureOnce(hearken, [...HEARKEN_SCRIPT], PACED_LIGHT.customers, PACED_LIGHT.turns, PACED_LIGHT.paceMs);
  report(`Hearken bot, ${PACED_LIGHT.customers} customers offering 100 turns/s`, light);

  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const pgMax = await measureOnce(hearken, [...HEARKEN_SCRIPT], 100, TURNS_PER_LEVEL[100]!, 0, databaseUrl);
    report('Hearken bot on PostgreSQL, 100 customers, back to back', pgMax);
    const pgPaced = await measureOnce(hearken, [...HEARKEN_SCRIPT], PACED.customers, PACED.turns, PACED.paceMs, databaseUrl);
    report(`Hearken bot on PostgreSQL, ${PACED.customers} customers offering 300 turns/s`, pgPaced);
  } else {
    console.log('PostgreSQL rows skipped: DATABASE_URL is not set');
  }

  const max = closed.get('Hearken bot/100')!;
  const rate = max.turns / max.seconds;
  const p99 = percentile(paced.latenciesMs, 99);
  console.log(`machine: load average ${loadavg()[0]!.toFixed(2)} at end`);
  console.log(`targets: ${rate.toFixed(0)} turns/s at most with 100 customers (≥ 300: ${rate >= 300 ? 'met' : 'MISSED'}); ` +
    `p99 ${p99.toFixed(1)} ms with 100 customers at 300 turns/s offered (≤ 50: ${p99 <= 50 ? 'met' : 'MISSED'})`);
}
