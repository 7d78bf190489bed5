/**
 * Bot turns through Hearken's Direct Line on loopback: 1, 10 and 100 simulated
 * customers, each opening a conversation like Web Chat does (token, start,
 * WebSocket stream) and sending messages one after another. A turn's latency is
 * POST sent → POST answered, which the server sends after the bot turn is done
 * and its replies are on the stream. Baseline: a trivial echo bot on the same
 * server, store and transport, so the ratio is the cost of Hearken's bot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ActivityHandler } from 'botbuilder';
import WebSocket from 'ws';
import { percentile, row } from './measure.js';
import { openStore } from '../src/store/index.js';
import type { TurnHandler } from '../src/web/conversation-hub.js';
import { startWebServer } from '../src/web/web-server.js';

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
}

async function runLoad(baseUrl: string, customers: number, totalTurns: number, script: string[]): Promise<LoadResult> {
  const people: Customer[] = [];
  // Opened in small batches, like customers arriving, not as one thundering herd.
  for (let i = 0; i < customers; i += 10) people.push(...(await Promise.all(Array.from({ length: Math.min(10, customers - i) }, () => openCustomer(baseUrl)))));
  await new Promise((resolve) => setTimeout(resolve, 300)); // welcome turns settle; they are not load
  const turnsEach = Math.ceil(totalTurns / customers);
  const latencies: number[] = [];
  const receivedBefore = people.reduce((sum, c) => sum + c.received, 0);
  const started = process.hrtime.bigint();
  await Promise.all(people.map(async (customer) => {
    for (let i = 0; i < turnsEach; i++) latencies.push(await sendTurn(baseUrl, customer, script[i % script.length]!, i));
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((resolve) => setTimeout(resolve, 50));
  const received = people.reduce((sum, c) => sum + c.received, 0) - receivedBefore;
  for (const customer of people) customer.socket.close();
  return { turns: latencies.length, seconds, latenciesMs: latencies.sort((a, b) => a - b), received };
}

function echoBot(): TurnHandler {
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  return bot;
}


async function measure(label: string, makeBot: (store: Awaited<ReturnType<typeof openStore>>) => Promise<{ bot: TurnHandler; dispose(): void }>, script: string[]) {
  const results = new Map<number, LoadResult>();
  for (const customers of LEVELS) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hearken-bench-web-'));
    const store = await openStore({ dataDir, databaseUrl: '' });
    const { bot, dispose } = await makeBot(store);
    const server = await startWebServer({
      bot,
      storage: store.botStorage,
      secret: randomBytes(48),
      // Bench customers type far faster than people; the limiter is not what is measured here.
      messageRateLimit: { burst: 1e9, perSecond: 1e9 },
      conversationRateLimit: { burst: 1e9, perSecond: 1e9 },
      log: () => {},
    });
    try {
      const result = await runLoad(server.url, customers, TURNS_PER_LEVEL[customers]!, script);
      results.set(customers, result);
      const rate = result.turns / result.seconds;
      row(`${label}, ${customers} customer${customers > 1 ? 's' : ''}: throughput`, rate, 'turns/s', `${result.turns} turns, ${result.received} activities streamed`);
      row(`${label}, ${customers} customer${customers > 1 ? 's' : ''}: p50 turn latency`, percentile(result.latenciesMs, 50), 'ms');
      row(`${label}, ${customers} customer${customers > 1 ? 's' : ''}: p99 turn latency`, percentile(result.latenciesMs, 99), 'ms');
    } finally {
      await server.close();
      dispose();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

export async function run(): Promise<void> {
  const baseline = await measure('echo bot (baseline)', async () => ({ bot: echoBot(), dispose: () => {} }), ECHO_SCRIPT);
  const { createServerBot } = await import('../src/server/compose.js');
  const hearken = await measure('Hearken bot', (store) => createServerBot(store), HEARKEN_SCRIPT);
  for (const customers of LEVELS) {
    const b = baseline.get(customers)!;
    const h = hearken.get(customers)!;
    row(`Hearken / echo at ${customers}: throughput ratio`, (h.turns / h.seconds) / (b.turns / b.seconds), '×');
    row(`Hearken / echo at ${customers}: p99 latency ratio`, percentile(h.latenciesMs, 99) / percentile(b.latenciesMs, 99), '×');
  }
  const at100 = hearken.get(100)!;
  const p99 = percentile(at100.latenciesMs, 99);
  const rate = at100.turns / at100.seconds;
  console.log(`targets at 100 customers: p99 ${p99.toFixed(1)} ms (≤ 50: ${p99 <= 50 ? 'met' : 'MISSED'}), ${rate.toFixed(0)} turns/s (≥ 300: ${rate >= 300 ? 'met' : 'MISSED'})`);
}
