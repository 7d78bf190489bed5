/**
 * The outbox dispatcher on SQLite: every subscriber of a topic gets each message, a
 * failure retries it for all of them after the backoff, and a message nobody
 * subscribes to is not kept forever. (Claims across processes: test/desk/deadline-watcher.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboxDispatcher, defaultBackoffMs } from '../../src/desk/index.js';
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

  it('waits longer after each failure, up to an hour', () => {
    expect([1, 2, 3, 10, 30].map(defaultBackoffMs)).toEqual([5_000, 10_000, 20_000, 2_560_000, 3_600_000]);
  });
});
