/**
 * The outbox dispatcher on SQLite: every subscriber of a topic gets each message, a
 * failure retries it for all of them after the backoff, and a message nobody
 * subscribes to is not kept forever. (Claims across processes: test/desk/deadline-watcher.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, defaultBackoffMs, DeliveryDeferredError } from '../../src/desk/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hearken-outbox-'));
  store = await openSqliteStore({ dataDir: dir });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the outbox dispatcher', () => {
  it('hands each message to every subscriber of its topic in order, and again to all when one failed', async () => {
    let now = new Date('2030-01-01T00:00:00Z');
    const seen: string[] = [];
    let failOnce = true;
    const dispatcher = createOutboxDispatcher(store.outbox, { clock: () => now, backoffMs: () => 1_000, log: () => {} });
    dispatcher.subscribe('handoff_requested', async (h) => { seen.push(`log ${h.complaintId}`); });
    dispatcher.subscribe('handoff_requested', async (h) => {
      if (failOnce) { failOnce = false; throw new Error('slack is down'); }
      seen.push(`slack ${h.complaintId}`);
    });
    await store.outbox.add([{ topic: 'handoff_requested', payload: { complaintId: 'C-1', conversationId: 'c1', reason: 'escalation', locale: 'en' } }], now);
    expect(await dispatcher.runOnce()).toEqual([]);
    expect(seen).toEqual(['log C-1']);
    now = new Date(now.getTime() + 1_001);
    expect((await dispatcher.runOnce()).map((m) => m.topic)).toEqual(['handoff_requested']);
    expect(seen).toEqual(['log C-1', 'log C-1', 'slack C-1']);
    expect(await dispatcher.runOnce()).toEqual([]);
  });

  it('marks a message nobody subscribes to delivered, saying so', async () => {
    const logged: string[] = [];
    const dispatcher = createOutboxDispatcher(store.outbox, { log: (m) => logged.push(m) });
    await store.outbox.add([{ topic: 'reminder_due', payload: { complaintId: 'C-2' } }]);
    expect((await dispatcher.runOnce()).map((m) => m.topic)).toEqual(['reminder_due']);
    expect(logged.join('\n')).toMatch(/\(reminder_due\) has no subscriber; marked delivered/);
    expect(await store.outbox.list({ topic: 'reminder_due', delivered: false })).toEqual([]);
  });

  it('waits as long as a deferral asks (Retry-After), without counting it towards giving up', async () => {
    let now = new Date('2031-01-01T00:00:00Z');
    const tries: number[] = [];
    const dispatcher = createOutboxDispatcher(store.outbox, { clock: () => now, backoffMs: () => 60_000, maxAttempts: 2, log: () => {} });
    dispatcher.subscribe('survey_due', async () => {
      tries.push(now.getTime());
      if (tries.length <= 3) throw new DeliveryDeferredError('rate limited', 2_000);
    });
    await store.outbox.add([{ topic: 'survey_due', payload: { complaintId: 'C-3', conversationId: 'c3' } }], now);
    for (let i = 0; i < 3; i++) {
      expect(await dispatcher.runOnce()).toEqual([]);
      now = new Date(now.getTime() + 1_999);
      expect(await dispatcher.runOnce()).toEqual([]);
      now = new Date(now.getTime() + 1);
    }
    // Three deferrals with maxAttempts 2, and still tried: a deferral is not a failure.
    expect((await dispatcher.runOnce()).map((m) => m.topic)).toEqual(['survey_due']);
    expect(tries.map((t) => t - tries[0]!)).toEqual([0, 2_000, 4_000, 6_000]);
  });

  it('gives a message up after maxAttempts failures, keeps it with its error, and tells the give-up handlers', async () => {
    let now = new Date('2032-01-01T00:00:00Z');
    const logged: string[] = [];
    const toldOf: string[] = [];
    const dispatcher = createOutboxDispatcher(store.outbox, { clock: () => now, backoffMs: (n) => n * 1_000, maxAttempts: 3, log: (m) => logged.push(m) });
    dispatcher.subscribe('agent_reply', async () => { throw new Error('the customer\'s chat is away'); }, {
      onGiveUp: async (reply, message, error) => { toldOf.push(`${reply.text} after ${message.attempts + 1}: ${error.message}`); },
    });
    await store.outbox.add([{ topic: 'agent_reply', payload: { complaintId: 'C-4', conversationId: 'c4', text: 'hello', by: 'slack:U1', auditId: 1, kind: 'reply' } }], now);
    for (const wait of [1_000, 2_000]) {
      expect(await dispatcher.runOnce()).toEqual([]);
      now = new Date(now.getTime() + wait);
    }
    expect(toldOf).toEqual([]);
    expect(await dispatcher.runOnce()).toEqual([]);
    expect(toldOf).toEqual(["hello after 3: the customer's chat is away"]);
    expect(logged.join('\n')).toMatch(/GIVEN UP after 3 failed attempts: the customer's chat is away; payload .*hello/);
    now = new Date(now.getTime() + 3_600_000);
    expect(await dispatcher.runOnce()).toEqual([]);
    expect(toldOf).toHaveLength(1);
    const [kept] = await store.outbox.list({ topic: 'agent_reply', gaveUp: true });
    expect(kept).toMatchObject({ attempts: 3, lastError: "the customer's chat is away" });
  });

  it('holds back the later messages of an ordering key behind one that failed, and delivers them in order after it', async () => {
    let now = new Date('2033-01-01T00:00:00Z');
    const posted: string[] = [];
    let down = true;
    const dispatcher = createOutboxDispatcher(store.outbox, { clock: () => now, backoffMs: () => 1_000, log: () => {} });
    dispatcher.subscribe('customer_message_during_handoff', async (m) => {
      if (down && m.text === 'one') throw new Error('slack answered 500');
      posted.push(m.text);
    });
    const message = (text: string, complaintId = 'C-5') => ({ topic: 'customer_message_during_handoff' as const, payload: { complaintId, conversationId: 'c5', text, at: now.toISOString(), locale: 'en' as const }, orderingKey: `agents:${complaintId}` });
    await store.outbox.add([message('one'), message('two'), message('elsewhere', 'C-6'), message('three')], now);
    expect((await dispatcher.runOnce()).map((m) => (m.payload as { text: string }).text)).toEqual(['elsewhere']);
    down = false;
    now = new Date(now.getTime() + 500);
    expect(await dispatcher.runOnce()).toEqual([]);
    now = new Date(now.getTime() + 600);
    await dispatcher.runOnce();
    expect(posted).toEqual(['elsewhere', 'one', 'two', 'three']);
  });

  it('waits longer after each failure, up to an hour', () => {
    expect([1, 2, 3, 10, 30].map(defaultBackoffMs)).toEqual([5_000, 10_000, 20_000, 2_560_000, 3_600_000]);
  });
});
