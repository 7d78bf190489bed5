/**
 * The bot's transcript sink with group commit (src/server/batched-transcript-sink.ts)
 * over a real SQLite store, and the composed server's promise that a turn's
 * transcript rows are committed before the customer's POST is answered.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedTranscriptSink } from '../../src/server/batched-transcript-sink.js';
import { startHearkenServer, type RunningHearken } from '../../src/server/hearken-server.js';
import { openSqliteStore, StoreUnavailableError, type Store, type TranscriptMessageInput, type TranscriptRepository } from '../../src/store/index.js';
import { LINES, wordingFor } from './complaint-customer.js';
import { HttpCustomer } from './http-customer.js';

/** The real repository, counting how the sink calls it. */
function counting(transcripts: TranscriptRepository, failWhen: (m: TranscriptMessageInput) => boolean = () => false) {
  const calls = { appendMany: [] as number[], append: 0 };
  const repo: Pick<TranscriptRepository, 'append' | 'appendMany'> = {
    async appendMany(messages) {
      calls.appendMany.push(messages.length);
      if (messages.some(failWhen)) throw new Error('disk I/O error');
      return transcripts.appendMany(messages);
    },
    async append(message) {
      calls.append += 1;
      if (failWhen(message)) throw new Error('disk I/O error');
      return transcripts.append(message);
    },
  };
  return { calls, repo };
}

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 2, 0, s)).toISOString();

describe('BatchedTranscriptSink over SQLite', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearken-sink-'));
    store = await openSqliteStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the rows of many conversations ending a turn together in one transaction, in call order', async () => {
    const { calls, repo } = counting(store.transcripts);
    const sink = new BatchedTranscriptSink(repo, { log: () => {}, idleFlushMs: 60_000 });
    for (let i = 0; i < 20; i++) {
      await sink.append({ conversationId: `group-${i % 4}`, role: i % 2 ? 'bot' : 'customer', text: `message ${i}`, at: at(i), locale: 'en' });
    }
    await sink.append({ conversationId: 'group-0', role: 'customer', text: '我要转人工', at: at(30), duringHandoff: true });
    expect(sink.pending).toBe(21);
    expect(await store.transcripts.listByConversation('group-0')).toEqual([]); // queued, not yet written
    // Four turns end in the same tick.
    await Promise.all([sink.flush(), sink.flush(), sink.flush(), sink.flush()]);
    expect(calls.appendMany).toEqual([21]);
    expect(sink.pending).toBe(0);
    const group0 = await store.transcripts.listByConversation('group-0');
    expect(group0.map((m) => m.text)).toEqual(['message 0', 'message 4', 'message 8', 'message 12', 'message 16', '我要转人工']);
    expect(group0[0]).toMatchObject({ role: 'customer', channel: 'web_chat', locale: 'en', at: at(0) });
    expect(group0[5]!.meta).toEqual({ duringHandoff: true });
    expect((await store.transcripts.listByConversation('group-1')).map((m) => m.role)).toEqual(['bot', 'bot', 'bot', 'bot', 'bot']);
    await sink.flush(); // nothing queued: no empty transaction
    expect(calls.appendMany).toEqual([21]);
  });

  it('a flush waits for a batch already being written that holds earlier rows', async () => {
    const { calls, repo } = counting(store.transcripts);
    const sink = new BatchedTranscriptSink(repo, { log: () => {}, idleFlushMs: 60_000 });
    await sink.append({ conversationId: 'chain', role: 'customer', text: 'one', at: at(1) });
    const first = sink.flush();
    await new Promise((resolve) => setImmediate(resolve)); // the first batch is taken
    await sink.append({ conversationId: 'chain', role: 'bot', text: 'two', at: at(2) });
    await Promise.all([first, sink.flush()]);
    expect(calls.appendMany).toEqual([1, 1]);
    expect((await store.transcripts.listByConversation('chain')).map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('rows queued outside a turn are written after the idle delay without a flush', async () => {
    const { calls, repo } = counting(store.transcripts);
    const sink = new BatchedTranscriptSink(repo, { log: () => {}, idleFlushMs: 20 });
    await sink.append({ conversationId: 'idle', role: 'agent', text: 'relayed', at: at(3) });
    const deadline = Date.now() + 2000;
    while (calls.appendMany.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await sink.flush();
    expect(calls.appendMany).toEqual([1]);
    expect((await store.transcripts.listByConversation('idle')).map((m) => m.text)).toEqual(['relayed']);
  });

  it('a row the store refuses is logged and dropped alone; the rest of the batch is stored', async () => {
    const { calls, repo } = counting(store.transcripts, (m) => m.text === 'poison');
    const logged: string[] = [];
    const sink = new BatchedTranscriptSink(repo, { log: (message) => logged.push(message), idleFlushMs: 60_000 });
    await sink.append({ conversationId: 'fail-a', role: 'customer', text: 'kept 1', at: at(1) });
    await sink.append({ conversationId: 'fail-b', role: 'bot', text: 'poison', at: at(2) });
    await sink.append({ conversationId: 'fail-a', role: 'bot', text: 'kept 2', at: at(3) });
    await expect(sink.flush()).resolves.toBeUndefined();
    expect(calls).toEqual({ appendMany: [3], append: 3 });
    expect((await store.transcripts.listByConversation('fail-a')).map((m) => m.text)).toEqual(['kept 1', 'kept 2']);
    expect(await store.transcripts.listByConversation('fail-b')).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('transcript append failed');
    expect(logged[0]).toContain('fail-b');
    expect(logged[0]).toContain('disk I/O error');
  });
});

describe('BatchedTranscriptSink while the database is away', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearken-sink-away-'));
    store = await openSqliteStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the rows instead of dropping them, and stores them in order once it is back', async () => {
    let down = true;
    const away = () => new StoreUnavailableError(1000, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const repo: Pick<TranscriptRepository, 'append' | 'appendMany'> = {
      async appendMany(messages) {
        if (down) throw away();
        return store.transcripts.appendMany(messages);
      },
      async append(message) {
        if (down) throw away();
        return store.transcripts.append(message);
      },
    };
    const logged: string[] = [];
    const sink = new BatchedTranscriptSink(repo, { log: (message) => logged.push(message), idleFlushMs: 60_000 });
    await sink.append({ conversationId: 'away', role: 'customer', text: 'said while away', at: at(1) });
    await sink.append({ conversationId: 'away', role: 'bot', text: 'answered while away', at: at(2) });
    await sink.flush();
    expect(sink.pending).toBe(2);
    expect(logged.join('\n')).toMatch(/kept in memory until the database is back/);
    down = false;
    await sink.append({ conversationId: 'away', role: 'customer', text: 'said after', at: at(3) });
    await sink.flush();
    expect(sink.pending).toBe(0);
    expect((await store.transcripts.listByConversation('away')).map((m) => m.text)).toEqual(['said while away', 'answered while away', 'said after']);
  });
});

describe('the composed server commits a turn\'s transcript before answering it', () => {
  let hearken: RunningHearken;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearken-sink-server-'));
    hearken = await startHearkenServer({ port: 0, dataDir, databaseUrl: '', secret: randomBytes(48), listenPauseMs: 0, log: () => {} });
  });
  afterAll(async () => {
    await hearken?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('after each answered POST the customer message and the bot replies are in the store', async () => {
    const customer = new HttpCustomer(hearken.url, 'en');
    await customer.start();
    const w = wordingFor('en');
    for (const text of [w.menu.lodge.label, LINES.en.story[0]!, LINES.en.story[1], "that's all"]) {
      const replies = await customer.say(text);
      const rows = await hearken.store.transcripts.listByConversation(customer.conversationId);
      const mine = rows.map((m) => m.role === 'customer' ? m.text : undefined).lastIndexOf(text);
      expect(mine).toBeGreaterThanOrEqual(0);
      expect(rows.slice(mine + 1).map((m) => m.text)).toEqual(replies);
    }
  });
});
