import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintRecord } from '../../src/contracts/complaint.js';
import type { ReminderDueEvent } from '../../src/contracts/outbox.js';
import { createDeadlineWatcher } from '../../src/desk/deadline-watcher.js';
import { createOutboxDispatcher } from '../../src/desk/outbox-dispatcher.js';
import type { Store } from '../../src/store/index.js';
import { draft } from '../complaints/fixtures.js';
import { DATABASE_URL, harnesses, postgresHarness } from '../store/backends.js';

const register = fileURLToPath(new URL('../store/ts-register.mjs', import.meta.url));
const workerScript = fileURLToPath(new URL('./watcher-worker.ts', import.meta.url));

/** Runs one watcher process (watcher and dispatcher) to completion and returns the reminder keys it delivered. */
function watcherProcess(schema: string, now: Date): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', register, workerScript, DATABASE_URL!, schema, now.toISOString(), '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { out += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { err += chunk; });
    child.on('exit', (code) => (code === 0
      ? resolve(out.split('\n').filter((line) => line.startsWith('EMIT ')).map((line) => line.slice(5)))
      : reject(new Error(`watcher process exited ${code}: ${err}`))));
  });
}

// Monday 7 Dec 2026 10:00 Shanghai; ackBy is Wednesday 9 Dec 18:00 Shanghai (10:00Z).
const CREATED = new Date('2026-12-07T02:00:00Z');
const DUE_SOON = new Date('2026-12-09T07:00:00Z');
const OVERDUE = new Date('2026-12-09T12:00:00Z');

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`deadline watcher and outbox on ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('queues and delivers each reminder once with concurrent watchers and dispatchers (separate connections on PostgreSQL)', async () => {
      const created: ComplaintRecord[] = [];
      for (let i = 0; i < 25; i++) created.push(await store.complaints.create(draft({ subject: `w${i}` }), { actor: 'bot:web', channel: 'web_chat', now: CREATED }));
      // One complaint is acknowledged in time: its running deadline becomes investigateBy, so it gets no ack reminder.
      await store.complaints.transition(created[0]!.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack', now: CREATED });

      // PostgreSQL: three watchers with their own pools, as three server processes.
      // SQLite: three stores, which share the process's one connection to the file.
      const stores = [store, await harness.open(), await harness.open()];
      const emitted: { worker: number; reminder: ReminderDueEvent['payload'] }[] = [];
      let clock = DUE_SOON;
      // Small batches so the watchers and dispatchers really interleave.
      const watchers = stores.map((s, worker) => createDeadlineWatcher(s, { workerId: `w${worker}`, clock: () => clock, limit: 7 }));
      const dispatchers = stores.map((s, worker) => {
        const dispatcher = createOutboxDispatcher(s.outbox, { workerId: `w${worker}`, clock: () => clock, limit: 7, log: () => {} });
        dispatcher.subscribe('reminder_due', async (reminder) => {
          emitted.push({ worker, reminder });
          await new Promise((r) => setTimeout(r, 1));
        });
        return dispatcher;
      });
      try {
        for (const phase of [DUE_SOON, OVERDUE]) {
          clock = phase;
          // Several rounds of all watchers sweeping at the same moment.
          for (let round = 0; round < 5; round++) {
            const batches = await Promise.all(watchers.map((w) => w.runOnce()));
            // A claim never takes more than its limit (PostgreSQL re-scanning a LIMIT subquery once broke this).
            for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(7);
            const delivered = await Promise.all(dispatchers.map((d) => d.runOnce()));
            for (const batch of delivered) expect(batch.length).toBeLessThanOrEqual(7);
          }
        }
      } finally {
        for (const s of stores) if (s !== store) await s.close();
      }
      const keys = emitted.map(({ reminder: r }) => `${r.complaintId}/${r.deadline}/${r.level}`);
      expect(new Set(keys).size).toBe(keys.length); // never twice
      expect(keys.filter((k) => k.endsWith('/ack/due_soon'))).toHaveLength(24);
      expect(keys.filter((k) => k.endsWith('/ack/overdue'))).toHaveLength(24);
      expect(keys.some((k) => k.startsWith(`${created[0]!.id}/`))).toBe(false);
      if (harness.name === 'postgres') {
        // The work was really shared, not done by one watcher while the others idled.
        expect(new Set(emitted.map((e) => e.worker)).size).toBeGreaterThan(1);
      }
      const sent = await store.reminders.listSent({ limit: 1000 });
      expect(sent).toHaveLength(48);
      expect(await store.outbox.list({ topic: 'reminder_due', delivered: false })).toEqual([]);
    });

    it('retries a reminder whose delivery failed, after the backoff, and marks it delivered then', async () => {
      const c = await store.complaints.create(draft({ subject: 'flaky' }), { actor: 'bot:web', channel: 'web_chat', now: new Date('2026-12-14T02:00:00Z') });
      let now = new Date('2026-12-16T08:00:00Z');
      let fail = true;
      const delivered: string[] = [];
      const logged: string[] = [];
      const watcher = createDeadlineWatcher(store, { clock: () => now });
      const dispatcher = createOutboxDispatcher(store.outbox, { clock: () => now, backoffMs: () => 30_000, log: (m) => logged.push(m) });
      dispatcher.subscribe('reminder_due', async (r) => {
        if (r.complaintId !== c.id) return;
        if (fail) throw new Error('slack is down');
        delivered.push(r.level);
      });
      expect((await watcher.runOnce()).map((r) => r.complaintId)).toContain(c.id);
      await dispatcher.runOnce();
      expect(delivered).toEqual([]);
      expect(logged.join('\n')).toMatch(/\(reminder_due\) not delivered: slack is down; next attempt at 2026-12-16T08:00:30/);
      fail = false;
      // Not before its retry time.
      now = new Date(now.getTime() + 10_000);
      await dispatcher.runOnce();
      expect(delivered).toEqual([]);
      now = new Date(now.getTime() + 21_000);
      await dispatcher.runOnce();
      expect(delivered).toEqual(['due_soon']);
      const [message] = (await store.outbox.list({ topic: 'reminder_due' })).filter((m) => (m.payload as { complaintId: string }).complaintId === c.id);
      expect(message).toMatchObject({ attempts: 1, lastError: 'slack is down', deliveredAt: now.toISOString() });
      // Queued once: the watcher does not queue it again.
      expect((await watcher.runOnce()).filter((r) => r.complaintId === c.id)).toEqual([]);
    });
  });
}

describe.skipIf(!DATABASE_URL)('deadline watcher: two server processes on PostgreSQL', () => {
  const harness = postgresHarness();
  afterAll(() => harness.cleanup());

  it('delivers each reminder exactly once across two real processes sweeping at the same time', async () => {
    const store = await harness.open();
    const ids: string[] = [];
    try {
      for (let i = 0; i < 30; i++) ids.push((await store.complaints.create(draft({ subject: `p${i}` }), { actor: 'bot:web', channel: 'web_chat', now: CREATED })).id);
    } finally {
      await store.close();
    }
    const all: string[][] = [];
    for (const phase of [DUE_SOON, OVERDUE]) {
      const pair = await Promise.all([watcherProcess(harness.schema!, phase), watcherProcess(harness.schema!, phase)]);
      all.push(...pair);
    }
    const keys = all.flat();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(ids.flatMap((id) => [`${id}/ack/due_soon`, `${id}/ack/overdue`]).sort());
  }, 90_000);
});
