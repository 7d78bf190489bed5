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

    it('keeps messages with one ordering key in order: a later one waits behind an earlier one that is leased or waiting for its retry', async () => {
      const topic = 'ordered';
      await store.outbox.add([
        { topic, payload: 'a', orderingKey: 'k1' }, { topic, payload: 'b', orderingKey: 'k1' },
        { topic, payload: 'c', orderingKey: 'k2' }, { topic, payload: 'd', orderingKey: 'k1' }, { topic, payload: 'e' },
      ]);
      const at = (s: number) => new Date(Date.parse('2031-01-01T00:00:00Z') + s * 1000);
      const mine = (list: Awaited<ReturnType<Store['outbox']['claim']>>) => list.filter((m) => m.topic === topic);
      const payloads = (list: Awaited<ReturnType<Store['outbox']['claim']>>) => mine(list).map((m) => m.payload);
      // Free and due, the earlier ones come in the same pick, ahead of the later ones.
      const first = mine(await store.outbox.claim({ now: at(0), limit: 1000, leaseMs: 10_000 }));
      expect(first.map((m) => m.payload)).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(first[0]).toMatchObject({ orderingKey: 'k1' });
      const id = (p: string) => first.find((m) => m.payload === p)!.id;
      await store.outbox.markFailed(id('a'), 'slack is down', at(5));
      for (const p of ['b', 'd']) await store.outbox.release(id(p));
      for (const p of ['c', 'e']) await store.outbox.markDelivered(id(p), at(0));
      // a waits for its retry, and b and d behind it.
      expect(payloads(await other.outbox.claim({ now: at(1), limit: 1000 }))).toEqual([]);
      // a's retry time came: a goes first, on its own; while its lease lives, b and d wait.
      expect(payloads(await other.outbox.claim({ now: at(6), limit: 1, leaseMs: 10_000 }))).toEqual(['a']);
      expect(payloads(await store.outbox.claim({ now: at(7), limit: 1000 }))).toEqual([]);
      // Given up, a no longer holds the others back, and is never claimed again.
      await other.outbox.giveUp(id('a'), 'slack answered 500 eight times', at(8));
      expect(payloads(await store.outbox.claim({ now: at(9), limit: 1000, leaseMs: 10_000 }))).toEqual(['b', 'd']);
      const [gaveUp] = await store.outbox.list({ topic, gaveUp: true });
      expect(gaveUp).toMatchObject({ payload: 'a', attempts: 2, lastError: 'slack answered 500 eight times', gaveUpAt: at(8).toISOString() });
      expect(gaveUp!.deliveredAt).toBeUndefined();
    });

    it('records one escalation thread per complaint and finds it by complaint or by thread', async () => {
      const thread = { complaintId: 'C-20261123-7001', conversationId: 'conv-t1', channel: 'C0ESC', threadTs: '1700000000.000100', postedAt: '2026-11-23T02:00:00.000Z' };
      expect(await store.escalations.record(thread)).toBe(true);
      // A second post for the same complaint (a retried delivery) does not replace the first.
      expect(await other.escalations.record({ ...thread, threadTs: '1700000000.000999' })).toBe(false);
      expect(await store.escalations.byComplaint('C-20261123-7001')).toEqual(thread);
      expect(await other.escalations.byThread('C0ESC', '1700000000.000100')).toEqual(thread);
      expect(await store.escalations.byThread('C0ESC', '1700000000.000999')).toBeUndefined();
      expect(await store.escalations.byThread('C0OTHER', '1700000000.000100')).toBeUndefined();
      await store.escalations.record({ ...thread, complaintId: 'C-20261123-7002', threadTs: '1700000000.000200' });
      expect((await store.escalations.forComplaints(['C-20261123-7002', 'C-20261123-7001', 'C-20261123-7003'])).map((t) => t.threadTs).sort())
        .toEqual(['1700000000.000100', '1700000000.000200']);
      expect(await store.escalations.forComplaints([])).toEqual([]);
    });
  });
}
