// Complaint store throughput (create + 3 transitions per complaint) on SQLite
// and PostgreSQL, and the Bot Framework state read+write round trip. Baselines
// measured in the same run: the pure complaint core without storage, and
// botbuilder's MemoryStorage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type Storage } from 'botbuilder';
import pg from 'pg';
import type { ComplaintDraft } from '../src/contracts/complaint.js';
import { applyEvent, newComplaint, type ComplaintConfig } from '../src/complaints/index.js';
import { loadComplaintConfig, openPostgresStore, openSqliteStore, type Store } from '../src/store/index.js';
import { median, percentile, row, sampleMicrosAsync } from './measure.js';

export const title = 'Complaint store: create + 3 transitions, Bot Framework state round trip';

const COMPLAINTS = 400;
const STATE_ROUNDS = 1000;

const draft = (i: number): ComplaintDraft => ({
  channel: 'web_chat', locale: 'zh-Hans', customer: { name: `客户${i}`, phone: '13800000000' },
  subject: `order ${i}`, description: '快递三天没到,客服也不回。'.repeat(4), category: 'delivery',
  facts: [{ key: 'order_number', value: String(100000 + i), confirmed: true }],
});

async function lifecycleRate(store: Store, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const c = await store.complaints.create(draft(i), { actor: 'bot:bench', channel: 'web_chat' });
      const ctx = { actor: `agent:${i % 7}`, channel: 'slack' as const };
      await store.complaints.transition(c.id, { type: 'acknowledge' }, ctx);
      await store.complaints.transition(c.id, { type: 'start_investigation' }, ctx);
      await store.complaints.transition(c.id, { type: 'propose_solution', resolution: { type: 'apology', detail: '致歉' } }, ctx);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}

function pureRate(config: ComplaintConfig, count: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const now = new Date();
    let c = newComplaint(draft(i), { now, config, sequence: i + 1, actor: 'bot:bench' });
    const ctx = { actor: `agent:${i % 7}`, channel: 'slack' as const, now, config };
    c = applyEvent(c, { type: 'acknowledge' }, ctx);
    c = applyEvent(c, { type: 'start_investigation' }, ctx);
    c = applyEvent(c, { type: 'propose_solution', resolution: { type: 'apology', detail: '致歉' } }, ctx);
  }
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** One turn of BotState: read the conversation's state, write it back with the eTag just read. */
async function stateRoundTrip(storage: Storage, label: string, baselineP50?: number): Promise<number> {
  const state = { dialogStack: [{ id: 'lodge', state: { step: 3, values: { facts: Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(40) })) } } }] };
  let turn = 0;
  await storage.write({ 'web_chat/conversations/bench': { ...state, eTag: '*' } });
  const samples = await sampleMicrosAsync(async () => {
    const items = await storage.read(['web_chat/conversations/bench']);
    const current = items['web_chat/conversations/bench']!;
    await storage.write({ 'web_chat/conversations/bench': { ...current, turn: ++turn } });
  }, STATE_ROUNDS);
  const p50 = median(samples);
  row(`${label} state read+write p50`, p50, 'µs', baselineP50 ? `${(p50 / baselineP50).toFixed(1)}× MemoryStorage` : 'baseline');
  row(`${label} state read+write p99`, percentile(samples, 99), 'µs');
  return p50;
}

export async function run(): Promise<void> {
  const config = await loadComplaintConfig();
  const baseline = pureRate(config, COMPLAINTS * 5);
  row('pure core (no storage): complaints/s', baseline, '/s', 'baseline');

  const memoryP50 = await stateRoundTrip(new MemoryStorage(), 'MemoryStorage');

  const dir = mkdtempSync(join(tmpdir(), 'hearken-bench-'));
  try {
    const sqlite = await openSqliteStore({ dataDir: dir, config });
    const rate1 = await lifecycleRate(sqlite, COMPLAINTS, 1);
    row('SQLite (WAL, synchronous=FULL): complaints/s', rate1, '/s', `${(baseline / rate1).toFixed(0)}× slower than pure core; 4 commits each`);
    const rate8 = await lifecycleRate(sqlite, COMPLAINTS, 8);
    row('SQLite, 8 concurrent callers: complaints/s', rate8, '/s', `${(rate8 / rate1).toFixed(2)}× one caller`);
    await stateRoundTrip(sqlite.botStorage, 'SQLite', memoryP50);
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log('PostgreSQL: skipped (DATABASE_URL is not set)');
    return;
  }
  const schema = `hk_bench_${process.pid}`;
  const store = await openPostgresStore({ databaseUrl: url, schema, config });
  try {
    const rate1 = await lifecycleRate(store, COMPLAINTS, 1);
    row('PostgreSQL: complaints/s', rate1, '/s', `${(baseline / rate1).toFixed(0)}× slower than pure core`);
    const rate8 = await lifecycleRate(store, COMPLAINTS, 8);
    row('PostgreSQL, 8 concurrent callers: complaints/s', rate8, '/s', `${(rate8 / rate1).toFixed(2)}× one caller`);
    await stateRoundTrip(store.botStorage, 'PostgreSQL', memoryP50);
  } finally {
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}
