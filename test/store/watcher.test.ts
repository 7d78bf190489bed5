import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplaintRecord } from '../../src/contracts/complaint.js';
import { createDeadlineWatcher, type Reminder, type Store } from '../../src/store/index.js';
import { draft } from '../complaints/fixtures.js';
import { DATABASE_URL, harnesses, postgresHarness } from './backends.js';

const register = fileURLToPath(new URL('./ts-register.mjs', import.meta.url));
const workerScript = fileURLToPath(new URL('./watcher-worker.ts', import.meta.url));

/** Runs one watcher process to completion and returns the reminder keys it emitted. */
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
  describe.skipIf(harness.skip)(`deadline watcher on ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('emits each reminder once with concurrent watchers (separate connections on PostgreSQL)', async () => {
      const created: ComplaintRecord[] = [];
      for (let i = 0; i < 25; i++) created.push(await store.complaints.create(draft({ subject: `w${i}` }), { actor: 'bot:web', channel: 'web_chat', now: CREATED }));
      // One complaint is acknowledged in time: its running deadline becomes investigateBy, so it gets no ack reminder.
      await store.complaints.transition(created[0]!.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack', now: CREATED });

      // PostgreSQL: three watchers with their own pools, as three server processes.
      // SQLite: three stores, which share the process's one connection to the file.
      const stores = [store, await harness.open(), await harness.open()];
      const emitted: { worker: number; reminder: Reminder }[] = [];
      let clock = DUE_SOON;
      const watchers = stores.map((s, worker) => createDeadlineWatcher(s, {
        workerId: `w${worker}`,
        clock: () => clock,
        limit: 7, // small batches so the watchers really interleave
        emit: async (reminder) => {
          emitted.push({ worker, reminder });
          await new Promise((r) => setTimeout(r, 1));
        },
      }));
      try {
        for (const phase of [DUE_SOON, OVERDUE]) {
          clock = phase;
          // Several rounds of all watchers sweeping at the same moment.
          for (let round = 0; round < 5; round++) {
            const batches = await Promise.all(watchers.map((w) => w.runOnce()));
            // A claim never takes more than its limit (PostgreSQL re-scanning a LIMIT subquery once broke this).
            for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(7);
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
    });

    it('retries a reminder whose delivery failed, on a later sweep', async () => {
      const c = await store.complaints.create(draft({ subject: 'flaky' }), { actor: 'bot:web', channel: 'web_chat', now: new Date('2026-12-14T02:00:00Z') });
      let now = new Date('2026-12-16T08:00:00Z');
      let fail = true;
      const delivered: string[] = [];
      const errors: unknown[] = [];
      const watcher = createDeadlineWatcher(store, {
        clock: () => now, leaseMs: 30_000,
        emit: async (r) => { if (r.complaintId !== c.id) return; if (fail) throw new Error('slack is down'); delivered.push(r.level); },
        onError: (error) => errors.push(error),
      });
      expect((await watcher.runOnce()).filter((r) => r.complaintId === c.id)).toEqual([]);
      expect(errors).toHaveLength(1);
      fail = false;
      now = new Date(now.getTime() + 31_000);
      expect((await watcher.runOnce()).map((r) => r.complaintId)).toContain(c.id);
      expect(delivered).toEqual(['due_soon']);
    });
  });
}

describe.skipIf(!DATABASE_URL)('deadline watcher: two server processes on PostgreSQL', () => {
  const harness = postgresHarness();
  afterAll(() => harness.cleanup());

  it('emits each reminder exactly once across two real processes sweeping at the same time', async () => {
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
