/**
 * The outbox on both backends: messages are added in the transaction of the change
 * that caused them (or not at all), claimed by one process at a time, and retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ETagConflictError, type OutboxMessageInput, type Store } from '../../src/store/index.js';
import { draft, MONDAY_10 } from '../complaints/fixtures.js';
import { harnesses } from './backends.js';

const web = { actor: 'bot:web', channel: 'web_chat' as const, now: MONDAY_10 };
const bad = { topic: null, payload: {} } as unknown as OutboxMessageInput;

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`the outbox on ${harness.name}`, () => {
    let store: Store;
    let other: Store;
    beforeAll(async () => {
      store = await harness.open();
      other = await harness.open();
    });
    afterAll(async () => {
      await other?.close();
      await store?.close();
      await harness.cleanup();
    });

    it('adds a complaint\'s messages and notes in the transaction that creates it, naming the new id', async () => {
      const record = await store.complaints.create(draft({ subject: 'handed over' }), {
        ...web,
        notes: [{ event: 'handoff_requested', detail: { conversationId: 'conv-h' } }],
        outbox: (r) => [{ topic: 'handoff_requested', payload: { complaintId: r.id, conversationId: 'conv-h' }, key: `handoff:${r.id}` }],
      });
      expect(record.history.map((h) => h.event)).toEqual(['received', 'handoff_requested']);
      expect((await store.complaints.require(record.id)).history.map((h) => h.event)).toEqual(['received', 'handoff_requested']);
      const [message] = await store.outbox.list({ topic: 'handoff_requested' });
      expect(message).toMatchObject({ payload: { complaintId: record.id, conversationId: 'conv-h' }, attempts: 0 });
    });

    it('stores neither the change nor its message when the message cannot be stored', async () => {
      const before = await store.complaints.count();
      await expect(store.complaints.create(draft({ subject: 'rolled back' }), { ...web, outbox: () => [bad] })).rejects.toThrow();
      expect(await store.complaints.count()).toBe(before);
      const kept = await store.complaints.create(draft({ subject: 'noted' }), web);
      await expect(store.complaints.note(kept.id, 'customer_contacted', {}, { ...web, outbox: [bad] })).rejects.toThrow();
      expect((await store.complaints.require(kept.id)).history.map((h) => h.event)).toEqual(['received']);
      await store.botStorage.write({ 'outbox-test/state': { n: 1, eTag: '*' } });
      const { eTag } = (await store.botStorage.read(['outbox-test/state']))['outbox-test/state'] as { eTag: string };
      await store.botStorage.write({ 'outbox-test/state': { n: 2, eTag: '*' } });
      // A stale eTag fails the state write, and the message of that write with it.
      await expect(store.botStorage.writeWithOutbox({ 'outbox-test/state': { n: 3, eTag } }, [{ topic: 'stale', payload: {} }])).rejects.toBeInstanceOf(ETagConflictError);
      expect(await store.outbox.list({ topic: 'stale' })).toEqual([]);
      await store.botStorage.writeWithOutbox({ 'outbox-test/state': { n: 4, eTag: '*' } }, [{ topic: 'fresh', payload: { n: 4 } }]);
      expect((await store.outbox.list({ topic: 'fresh' })).map((m) => m.payload)).toEqual([{ n: 4 }]);
    });

    it('adds a message with a key once, however often it is added', async () => {
      for (let i = 0; i < 3; i++) await store.outbox.add([{ topic: 'keyed', payload: { i }, key: 'keyed:1' }]);
      expect((await store.outbox.list({ topic: 'keyed' })).map((m) => m.payload)).toEqual([{ i: 0 }]);
    });

    it('hands each message to one claimer; a failed one waits for its retry time, a crashed claim for its lease', async () => {
      await store.outbox.add(Array.from({ length: 6 }, (_, i) => ({ topic: 'work', payload: { i } })));
      const now = new Date('2030-01-01T00:00:00Z');
      const [a, b] = await Promise.all([
        store.outbox.claim({ now, workerId: 'a', limit: 4, leaseMs: 10_000 }),
        other.outbox.claim({ now, workerId: 'b', limit: 4, leaseMs: 10_000 }),
      ]);
      const mine = (list: typeof a) => list.filter((m) => m.topic === 'work');
      const ids = [...mine(a), ...mine(b)].map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rest = mine(await store.outbox.claim({ now, workerId: 'c', limit: 100, leaseMs: 10_000 }));
      expect(ids.length + rest.length).toBe(6);
      expect(a.length).toBeLessThanOrEqual(4);

      const [first, second, ...others] = [...mine(a), ...mine(b), ...rest];
      await store.outbox.markDelivered(first!.id, now);
      await store.outbox.markFailed(second!.id, 'slack is down', new Date(now.getTime() + 5_000));
      // Within the lease, nothing is claimed again; the failed one waits for its retry time.
      expect(mine(await store.outbox.claim({ now: new Date(now.getTime() + 1_000), limit: 100 }))).toEqual([]);
      const retried = mine(await store.outbox.claim({ now: new Date(now.getTime() + 6_000), limit: 100, leaseMs: 1_000 }));
      expect(retried.map((m) => m.id)).toEqual([second!.id]);
      expect(retried[0]).toMatchObject({ attempts: 1, lastError: 'slack is down' });
      // The claims whose holder neither delivered nor failed come back once their lease is over.
      const afterLease = mine(await store.outbox.claim({ now: new Date(now.getTime() + 20_000), limit: 100 }));
      expect(afterLease.map((m) => m.id).sort((x, y) => x - y)).toEqual([second!.id, ...others.map((m) => m.id)].sort((x, y) => x - y));
      expect((await store.outbox.list({ topic: 'work', delivered: true })).map((m) => m.id)).toEqual([first!.id]);
    });

    it('marks a reminder sent and adds its message in one transaction', async () => {
      const c = await store.complaints.create(draft({ subject: 'remind' }), { ...web, now: new Date('2026-12-07T02:00:00Z') });
      const claimed = (await store.reminders.claimDue({ now: new Date('2026-12-09T07:00:00Z'), limit: 1000 })).filter((r) => r.complaintId === c.id);
      expect(claimed).toHaveLength(1);
      await expect(store.reminders.markSent([claimed[0]!.id], new Date(), [bad])).rejects.toThrow();
      expect((await store.reminders.listSent({ complaintId: c.id }))).toEqual([]);
      await store.reminders.markSent([claimed[0]!.id], new Date(), [{ topic: 'reminder_due', payload: claimed[0], key: `reminder:${claimed[0]!.id}` }]);
      expect((await store.reminders.listSent({ complaintId: c.id })).map((r) => r.id)).toEqual([claimed[0]!.id]);
      expect((await store.outbox.list({ topic: 'reminder_due' })).map((m) => (m.payload as { complaintId: string }).complaintId)).toContain(c.id);
    });

    it('records each survey once and queues it once, whoever claims it', async () => {
      await store.surveys.recordDue([{ complaintId: 'C-20261123-9001', conversationId: 'conv-s1' }]);
      await other.surveys.recordDue([{ complaintId: 'C-20261123-9001', conversationId: 'conv-other' }, { complaintId: 'C-20261123-9002', conversationId: 'conv-s2' }]);
      const now = new Date('2030-01-01T00:00:00Z');
      const [a, b] = await Promise.all([store.surveys.claim({ now, limit: 1, leaseMs: 1000 }), other.surveys.claim({ now, limit: 1, leaseMs: 1000 })]);
      const claimed = [...a, ...b].map((s) => s.complaintId).sort();
      expect(claimed).toEqual(['C-20261123-9001', 'C-20261123-9002']);
      expect([...a, ...b].find((s) => s.complaintId === 'C-20261123-9001')?.conversationId).toBe('conv-s1');
      const message = (id: string) => [{ topic: 'survey_due', payload: { complaintId: id }, key: `survey:${id}` }];
      await store.surveys.markQueued('C-20261123-9001', message('C-20261123-9001'));
      // A second process whose lease ran out queues nothing more.
      await other.surveys.markQueued('C-20261123-9001', message('C-20261123-9001'));
      expect((await store.outbox.list({ topic: 'survey_due' })).map((m) => m.payload)).toEqual([{ complaintId: 'C-20261123-9001' }]);
      // Queued surveys are never claimed again; the other one is, once its lease is over.
      expect((await store.surveys.claim({ now: new Date(now.getTime() + 2000) })).map((s) => s.complaintId)).toEqual(['C-20261123-9002']);
    });
  });
}
