// The supervisors' read-only views (src/store/insight-reads.ts) and the list filters and orders
// they rely on, on both backends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { MONDAY_10, draft } from '../complaints/fixtures.js';
import { harnesses } from './backends.js';

const at = (minutes: number) => new Date(MONDAY_10.getTime() + minutes * 60_000);
const bot = { actor: 'bot:web', channel: 'web_chat' as const };
const staff = (minutes: number) => ({ actor: 'alice', channel: 'slack' as const, now: at(minutes) });

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`insight reads on ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('streams audited drafts and check outcomes of a period in id order, across pages', async () => {
      const rows = Array.from({ length: 7 }, (_, i) => ({
        draft: `draft ${i}`, verdict: i % 2 === 0 ? 'block' as const : 'pass' as const, ruleIds: i % 2 === 0 ? ['deflect.not-my-job'] : [],
        suggestionApplied: i === 3, by: i < 4 ? 'U1' : 'U2', channel: 'slack' as const, lexiconVersion: 'abc123abc123',
        ...(i === 3 ? { revisionOf: 1 } : {}), ...(i === 0 ? { customerContext: { message: '气死了' } } : {}),
        at: at(i * 60), locale: 'zh-Hans' as const,
      }));
      const stored = await store.guardAudit.appendMany(rows);
      await store.guardAudit.addFeedback(stored[2]!.id, { ruleId: 'deflect.not-my-job', reason: 'the customer asked who handles it', by: 'U1' });
      const period = { since: at(60), until: at(6 * 60) };
      expect(await store.insights.countAuditedDrafts(period)).toBe(5);
      expect(await store.insights.countAuditedDrafts()).toBe(7);
      const drafts = await collect(store.insights.auditedDrafts(period, 2));
      expect(drafts.map((d) => d.draft)).toEqual(['draft 1', 'draft 2', 'draft 3', 'draft 4', 'draft 5']);
      expect(drafts[1]).toMatchObject({ verdict: 'block', ruleIds: ['deflect.not-my-job'], by: 'U1', channel: 'slack', locale: 'zh-Hans', lexiconVersion: 'abc123abc123' });
      const first = await collect(store.insights.auditedDrafts({ until: at(1) }));
      expect(first.map((d) => d.customerContext)).toEqual([{ message: '气死了' }]);
      const outcomes = await collect(store.insights.checkOutcomes(period, 3));
      expect(outcomes.map((o) => o.id)).toEqual(stored.slice(1, 6).map((s) => s.id));
      expect(outcomes.find((o) => o.id === stored[2]!.id)!.disputedRuleIds).toEqual(['deflect.not-my-job']);
      expect(outcomes.find((o) => o.id === stored[3]!.id)).toMatchObject({ suggestionApplied: true, revisionOf: 1, disputedRuleIds: [] });
    });

    it('streams complaints created in a period with their lifecycle moves only (no notes)', async () => {
      const a = await store.complaints.create(draft({ subject: 'A' }), { ...bot, now: at(0), notes: [{ event: 'intake_conversation', detail: { conversationId: 'c-1' } }] });
      const b = await store.complaints.create(draft({ subject: 'B', category: 'billing', channel: 'phone' }), { ...bot, now: at(10) });
      await store.complaints.create(draft({ subject: 'C' }), { ...bot, now: at(3 * 24 * 60) });
      await store.complaints.transition(a.id, { type: 'acknowledge' }, staff(20));
      await store.complaints.transition(a.id, { type: 'reject', reason: 'no such order' }, staff(30));
      const period = { since: at(0), until: at(60) };
      expect(await store.insights.countComplaints(period)).toBe(2);
      const listed = await collect(store.insights.complaintsForReport(period, 1));
      expect(listed.map((c) => c.record.id)).toEqual([a.id, b.id]);
      expect(listed[0]!.transitions.map((t) => [t.event, t.from, t.to])).toEqual([
        ['received', undefined, 'received'], ['acknowledge', 'received', 'acknowledged'], ['reject', 'acknowledged', 'rejected'],
      ]);
      expect(listed[0]!.record.status).toBe('rejected');
      expect(listed[1]!.transitions.map((t) => t.event)).toEqual(['received']);
    });

    it('lists by category and channel, and sorts by due, created and severity', async () => {
      const billing = await store.complaints.list({ category: 'billing' });
      expect(billing.map((r) => r.subject)).toEqual(['B']);
      expect((await store.complaints.list({ channel: ['phone', 'email'] })).map((r) => r.subject)).toEqual(['B']);
      expect(await store.complaints.list({ category: [] })).toEqual([]);
      const major = await store.complaints.create(draft({ subject: 'M', severity: 'major' }), { ...bot, now: at(5 * 24 * 60) });
      const byDue = await store.complaints.list({ sort: 'due' });
      const dues = byDue.map((r) => r.status === 'rejected' ? null : r.ackBy);
      // Running deadlines ascending, the finished complaint (rejected) last.
      expect(dues.at(-1)).toBeNull();
      const running = dues.filter((d): d is string => d !== null);
      expect([...running].sort()).toEqual(running);
      const byCreated = await store.complaints.list({ sort: 'created' });
      expect(byCreated[0]!.id).toBe(major.id);
      const bySeverity = await store.complaints.list({ sort: 'severity', limit: 1 });
      expect(bySeverity[0]!.id).toBe(major.id);
    });
  });
}
