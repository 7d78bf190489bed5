import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComplaintRecordSchema } from '../../src/contracts/complaint.js';
import { InvalidTransitionError, TransitionGuardError } from '../../src/complaints/index.js';
import { ComplaintNotFoundError, ETagConflictError, GuardAuditNotFoundError, VersionConflictError, type Store } from '../../src/store/index.js';
import { MONDAY_10, draft } from '../complaints/fixtures.js';
import { harnesses } from './backends.js';
import { ChatLog } from '../../src/store/chat-log.js';

const at = (minutes: number) => new Date(MONDAY_10.getTime() + minutes * 60_000);
const bot = { actor: 'bot:web', channel: 'web_chat' as const };

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`Store contract on ${harness.name}`, () => {
    let store: Store;
    // A second writer. PostgreSQL: another pool, as another server process would have.
    // SQLite: another store on the same file, which shares the process's one connection
    // (cross-process SQLite writers are covered in crash.test.ts).
    const secondWriter = () => harness.open();
    const release = (other: Store) => other.close();
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    describe('complaints', () => {
      it('creates with per-day numbering, routing and deadlines, and reads back the same record', async () => {
        const a = await store.complaints.create(draft({ subject: 'A' }), { ...bot, now: at(0) });
        const b = await store.complaints.create(draft({ subject: 'B', category: 'billing' }), { ...bot, now: at(1) });
        expect(a.id).toBe('C-20261123-0001');
        expect(b.id).toBe('C-20261123-0002');
        expect(b.department).toBe('billing');
        const next = await store.complaints.create(draft({ subject: 'C' }), { ...bot, now: new Date('2026-11-24T02:00:00Z') });
        expect(next.id).toBe('C-20261124-0001');
        const read = await store.complaints.get(a.id);
        expect(read).toEqual(a);
        expect(ComplaintRecordSchema.safeParse(read).success).toBe(true);
      });

      it('refuses an invalid draft and consumes no number', async () => {
        const day = new Date('2026-11-25T02:00:00Z');
        await expect(store.complaints.create({ ...draft(), description: '' }, { ...bot, now: day })).rejects.toThrow(/nothing was stored/);
        const ok = await store.complaints.create(draft(), { ...bot, now: day });
        expect(ok.id).toBe('C-20261125-0001');
      });

      it('moves through the lifecycle, storing every history entry and bumping the version', async () => {
        const c = await store.complaints.create(draft({ subject: 'lifecycle' }), { ...bot, now: at(5) });
        const ctx = { actor: 'alice', channel: 'slack' as const };
        await store.complaints.transition(c.id, { type: 'acknowledge' }, { ...ctx, now: at(6) });
        await store.complaints.transition(c.id, { type: 'start_investigation' }, { ...ctx, now: at(7) });
        await store.complaints.transition(c.id, { type: 'propose_solution', resolution: { type: 'refund', detail: '退款', amount: 80_000 } }, { ...ctx, now: at(8) });
        await store.complaints.transition(c.id, { type: 'request_approval' }, { ...ctx, now: at(9) });
        await store.complaints.transition(c.id, { type: 'approve' }, { actor: 'supervisor:li', channel: 'slack', now: at(10) });
        await store.complaints.transition(c.id, { type: 'resolve' }, { ...ctx, now: at(11) });
        const closed = await store.complaints.transition(c.id, { type: 'close', satisfaction: { score: 4 } }, { ...ctx, now: at(12) });
        const read = await store.complaints.require(c.id);
        expect(read).toEqual(closed);
        expect(read.version).toBe(8);
        expect(read.owner).toBe('alice');
        expect(read.resolution).toMatchObject({ type: 'refund', approvedBy: 'supervisor:li' });
        expect(read.history.map((h) => h.event)).toEqual(['received', 'acknowledge', 'start_investigation', 'propose_solution', 'request_approval', 'approve', 'resolve', 'close']);
        expect(read.history.map((h) => h.to).slice(1)).toEqual(['acknowledged', 'investigating', 'solution_proposed', 'awaiting_approval', 'approved', 'resolved', 'closed']);
      });

      it('refuses an invalid transition naming state and allowed events, and writes nothing', async () => {
        const c = await store.complaints.create(draft(), { ...bot, now: at(20) });
        await expect(store.complaints.transition(c.id, { type: 'resolve' }, { actor: 'alice', channel: 'slack' }))
          .rejects.toThrow(InvalidTransitionError);
        await expect(store.complaints.transition(c.id, { type: 'close' }, { actor: 'alice', channel: 'slack' }))
          .rejects.toThrow(/is "received": event "close" is not allowed there\. Allowed next events: acknowledge, reject/);
        await expect(store.complaints.transition(c.id, { type: 'reject', reason: '' }, { actor: 'alice', channel: 'slack' }))
          .rejects.toThrow(TransitionGuardError);
        expect(await store.complaints.require(c.id)).toEqual(c);
      });

      it('reports a missing complaint clearly', async () => {
        await expect(store.complaints.require('C-19990101-0001')).rejects.toThrow(ComplaintNotFoundError);
        await expect(store.complaints.transition('C-19990101-0001', { type: 'acknowledge' }, { actor: 'a', channel: 'slack' })).rejects.toThrow(/C-19990101-0001 does not exist/);
        expect(await store.complaints.get('C-19990101-0001')).toBeUndefined();
      });

      it('reassigns explicitly, amends with re-routing, and keeps notes', async () => {
        const c = await store.complaints.create(draft(), { ...bot, now: at(30) });
        await store.complaints.transition(c.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack', now: at(31) });
        const moved = await store.complaints.reassign(c.id, 'bob', { actor: 'supervisor:li', channel: 'slack', reason: 'workload', now: at(32) });
        expect(moved.owner).toBe('bob');
        const amended = await store.complaints.amend(c.id, { category: 'billing', facts: [{ key: 'order', value: '88231', confirmed: true }] }, { actor: 'bob', channel: 'slack', now: at(33) });
        expect(amended.department).toBe('billing');
        expect(amended.owner).toBe('bob');
        const noted = await store.complaints.note(c.id, 'customer_contacted', { via: 'phone' }, { actor: 'bob', channel: 'phone', now: at(34) });
        const read = await store.complaints.require(c.id);
        expect(read).toEqual(noted);
        expect(read.history.slice(-3).map((h) => h.event)).toEqual(['reassign', 'amend', 'customer_contacted']);
        expect(read.facts).toEqual([{ key: 'order', value: '88231', confirmed: true }]);
      });

      it('lists by status, owner, department and overdue, pages and counts', async () => {
        const all = await store.complaints.list();
        expect(all.length).toBe(await store.complaints.count());
        expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort());
        const received = await store.complaints.list({ status: 'received' });
        expect(received.length).toBeGreaterThan(0);
        expect(received.every((c) => c.status === 'received')).toBe(true);
        expect(await store.complaints.count({ status: ['closed'] })).toBe(1);
        expect((await store.complaints.list({ owner: 'bob' })).map((c) => c.owner)).toEqual(['bob']);
        expect((await store.complaints.list({ department: 'billing' })).every((c) => c.department === 'billing')).toBe(true);
        // On Thursday the Monday complaints that nobody acknowledged are past their Wednesday ackBy.
        const overdue = await store.complaints.list({ dueBefore: new Date('2026-11-26T02:00:00Z') });
        expect(overdue.length).toBeGreaterThan(0);
        expect(overdue.every((c) => c.status === 'received')).toBe(true);
        const page1 = await store.complaints.list({ limit: 2 });
        const page2 = await store.complaints.list({ limit: 2, afterId: page1[1]!.id });
        expect([...page1, ...page2].map((c) => c.id)).toEqual(all.slice(0, 4).map((c) => c.id));
        const streamed: string[] = [];
        for await (const c of store.complaints.iterate({}, 2)) streamed.push(c.id);
        expect(streamed).toEqual(all.map((c) => c.id));
      });
    });

    describe('optimistic versioning', () => {
      it('two writers with the same version: one wins, the other gets a clear conflict and nothing is lost', async () => {
        const c = await store.complaints.create(draft(), { ...bot, now: at(40) });
        const other = await secondWriter();
        try {
          const results = await Promise.allSettled([
            store.complaints.reassign(c.id, 'alice', { actor: 'sup', channel: 'slack', reason: 'a', expectedVersion: c.version }),
            other.complaints.reassign(c.id, 'bob', { actor: 'sup', channel: 'slack', reason: 'b', expectedVersion: c.version }),
          ]);
          const won = results.filter((r) => r.status === 'fulfilled');
          const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
          expect(won).toHaveLength(1);
          expect(lost).toHaveLength(1);
          expect(lost[0]!.reason).toBeInstanceOf(VersionConflictError);
          expect(lost[0]!.reason.message).toMatch(new RegExp(`complaint ${c.id} was changed by someone else: you read version 1, it is now version 2`));
          const read = await store.complaints.require(c.id);
          expect(read.version).toBe(2);
          expect(read.history.filter((h) => h.event === 'reassign')).toHaveLength(1);
        } finally {
          await release(other);
        }
      });

      it('without an expected version, concurrent events are re-judged against the stored state', async () => {
        const c = await store.complaints.create(draft(), { ...bot, now: at(41) });
        const other = await secondWriter();
        try {
          const results = await Promise.allSettled([
            store.complaints.transition(c.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack' }),
            other.complaints.transition(c.id, { type: 'acknowledge' }, { actor: 'bob', channel: 'slack' }),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const loser = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
          expect(loser.reason).toBeInstanceOf(InvalidTransitionError);
          expect(loser.reason.message).toMatch(/is "acknowledged": event "acknowledge" is not allowed/);
          const read = await store.complaints.require(c.id);
          expect(read.history.filter((h) => h.event === 'acknowledge')).toHaveLength(1);
        } finally {
          await release(other);
        }
      });

      it('a stale expected version is refused before anything is written', async () => {
        const c = await store.complaints.create(draft(), { ...bot, now: at(42) });
        await store.complaints.transition(c.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack' });
        await expect(store.complaints.transition(c.id, { type: 'start_investigation' }, { actor: 'alice', channel: 'slack', expectedVersion: 1 }))
          .rejects.toThrow(VersionConflictError);
        expect((await store.complaints.require(c.id)).status).toBe('acknowledged');
      });

      it('numbers stay unique when many complaints are created at once from two connections', async () => {
        const other = await secondWriter();
        try {
          const day = new Date('2026-12-01T03:00:00Z');
          const made = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? store : other).complaints.create(draft({ subject: `burst ${i}` }), { ...bot, now: day })));
          const ids = made.map((c) => c.id).sort();
          expect(new Set(ids).size).toBe(30);
          expect(ids[0]).toBe('C-20261201-0001');
          expect(ids[29]).toBe('C-20261201-0030');
        } finally {
          await release(other);
        }
      });
    });

    if (harness.name === 'sqlite') {
      it('several stores on one SQLite file in one process share a connection; closing one leaves the others working', async () => {
        const a = await harness.open();
        const b = await harness.open();
        const [x, y] = await Promise.all([
          a.complaints.create(draft({ subject: 'shared a' }), { ...bot, now: at(45) }),
          b.complaints.create(draft({ subject: 'shared b' }), { ...bot, now: at(45) }),
        ]);
        expect(x.id).not.toBe(y.id);
        await a.close();
        expect((await b.complaints.require(x.id)).subject).toBe('shared a');
        await b.close();
        expect((await store.complaints.require(y.id)).subject).toBe('shared b');
      });
    }

    describe('transcripts, read from the chat log', () => {
      it('reads a conversation\'s messages by who spoke, and a complaint\'s from the conversation that lodged it', async () => {
        const conv = `conv-${harness.name}-1`;
        const customer = { id: 'dl_customer', role: 'user' };
        const hearken = { id: 'hearken', role: 'bot' };
        const activities = [
          { type: 'message', from: customer, text: '我的快递丢了', locale: 'zh-CN' },
          { type: 'message', from: hearken, text: '很抱歉,请告诉我订单号。', locale: 'zh-Hans' },
          { type: 'event', from: customer, name: 'webchat/join' },
          { type: 'message', from: hearken, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive' }] },
          { type: 'messageDelete', from: hearken, text: '' },
          { type: 'message', from: hearken, text: '已为您登记', locale: 'zh-Hans', channelData: { hearkenRelayed: true } },
        ].map((activity, index) => ({ index, activity: { ...activity, id: `${conv}|${String(index).padStart(7, '0')}`, timestamp: at(50 + index).toISOString(), conversation: { id: conv } } }));
        await new ChatLog(store.botStorage).saveConversation(
          { conversationId: conv, userId: 'dl_customer', createdAt: at(49).toISOString(), started: true, activityCount: activities.length, lastTimestampMs: at(55).getTime() },
          activities,
        );
        const byConversation = await store.transcripts.listByConversation(conv);
        expect(byConversation.map((m) => [m.seq, m.role, m.text])).toEqual([[0, 'customer', '我的快递丢了'], [1, 'bot', '很抱歉,请告诉我订单号。'], [5, 'agent', '已为您登记']]);
        expect(byConversation[0]).toEqual({
          seq: 0, conversationId: conv, role: 'customer', text: '我的快递丢了', channel: 'web_chat', locale: 'zh-Hans', meta: { activityId: `${conv}|0000000` }, at: at(50).toISOString(),
        });
        const c = await store.complaints.create(draft(), { ...bot, now: at(56), notes: [{ event: 'intake_conversation', detail: { conversationId: conv } }] });
        expect(await store.transcripts.listByComplaint(c.id)).toEqual(byConversation.map((m) => ({ ...m, complaintId: c.id })));
        const elsewhere = await store.complaints.create(draft({ channel: 'phone' }), { ...bot, now: at(57) });
        expect(await store.transcripts.listByComplaint(elsewhere.id)).toEqual([]);
        expect(await store.transcripts.listByConversation('nobody')).toEqual([]);
      });
    });

    describe('guard audit', () => {
      it('records each checked draft and filters by rule, agent, verdict and time', async () => {
        await store.guardAudit.append({ draft: '这不是我们的问题', verdict: 'block', ruleIds: ['zh.blame_shift', 'zh.not_our_problem'], suggestionApplied: true, finalText: '我们马上帮您查', by: 'alice', complaintId: 'C-20261123-0001', locale: 'zh-Hans', at: at(60) });
        await store.guardAudit.append({ draft: 'Calm down', verdict: 'warn', ruleIds: ['en.calm_down'], suggestionApplied: false, by: 'bob', at: at(61) });
        await store.guardAudit.append({ draft: 'Thanks for telling us', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'bob', at: at(62) });
        const all = await store.guardAudit.list();
        expect(all.map((e) => e.verdict)).toEqual(['block', 'warn', 'pass']);
        expect(all[0]).toMatchObject({ ruleIds: ['zh.blame_shift', 'zh.not_our_problem'], suggestionApplied: true, finalText: '我们马上帮您查', by: 'alice', complaintId: 'C-20261123-0001' });
        expect((await store.guardAudit.list({ ruleId: 'zh.not_our_problem' })).map((e) => e.by)).toEqual(['alice']);
        // `_` in a rule id must not act as a LIKE wildcard.
        expect(await store.guardAudit.list({ ruleId: 'zh.blameXshift' })).toEqual([]);
        expect((await store.guardAudit.list({ by: 'bob' })).length).toBe(2);
        expect((await store.guardAudit.list({ verdict: 'warn' })).map((e) => e.draft)).toEqual(['Calm down']);
        expect((await store.guardAudit.list({ since: at(61), until: at(62) })).map((e) => e.draft)).toEqual(['Calm down']);
        expect((await store.guardAudit.list({ limit: 1 })).length).toBe(1);
      });

      it('keeps where a check ran, its lexicon, the check it revises, the customer context and every disagreement', async () => {
        const first = await store.guardAudit.append({
          draft: '這不歸我管', verdict: 'block', ruleIds: ['deflect.not-my-job'], suggestionApplied: false, by: 'U0AGENT',
          channel: 'slack', team: 'T0TEAM', lexiconVersion: 'lex-1a2b3c', locale: 'zh-Hant',
          customerContext: { message: '我等了一個星期！', emotion: { label: 'anger', intensity: 0.8 } }, at: at(80),
        });
        const revised = await store.guardAudit.append({
          draft: '我來幫您查', verdict: 'pass', ruleIds: [], suggestionApplied: true, by: 'U0AGENT', channel: 'slack', team: 'T0TEAM',
          lexiconVersion: 'lex-1a2b3c', revisionOf: first.id, at: at(81),
        });
        expect(await store.guardAudit.get(first.id)).toEqual(first);
        expect(first).toMatchObject({ channel: 'slack', team: 'T0TEAM', lexiconVersion: 'lex-1a2b3c', customerContext: { emotion: { label: 'anger', intensity: 0.8 } } });
        expect(first.feedback).toBeUndefined();
        expect((await store.guardAudit.get(revised.id))!.revisionOf).toBe(first.id);
        expect(await store.guardAudit.get(999_999)).toBeUndefined();

        // Two agents disagreeing at the same moment: both entries are kept.
        const other = await secondWriter();
        try {
          await Promise.all([
            store.guardAudit.addFeedback(first.id, { ruleId: 'deflect.not-my-job', reason: 'quoting the customer', by: 'U0AGENT', at: at(82) }),
            other.guardAudit.addFeedback(first.id, { ruleId: 'deflect.not-my-job', reason: 'it really is another team', by: 'U0LEAD', at: at(83) }),
          ]);
        } finally { await release(other); }
        const withFeedback = (await store.guardAudit.get(first.id))!;
        expect(withFeedback.feedback!.map((f) => f.by).sort()).toEqual(['U0AGENT', 'U0LEAD']);
        expect(withFeedback.feedback!.every((f) => f.ruleId === 'deflect.not-my-job' && typeof f.at === 'string')).toBe(true);
        expect((await store.guardAudit.list({ withFeedback: true })).map((e) => e.id)).toEqual([first.id]);
        expect((await store.guardAudit.list({ channel: 'slack', team: 'T0TEAM' })).map((e) => e.id)).toEqual([first.id, revised.id]);
        await expect(store.guardAudit.addFeedback(999_999, { ruleId: 'x.y', reason: 'no', by: 'U0AGENT' })).rejects.toThrow(GuardAuditNotFoundError);
      });

      it('appendMany stores several checks in one go, in order, or none of them', async () => {
        const drafts = Array.from({ length: 7 }, (_, i) => `batch draft ${i}`);
        const stored = await store.guardAudit.appendMany(drafts.map((draft, i) => ({ draft, verdict: 'pass' as const, ruleIds: [], suggestionApplied: false, by: 'U0BATCH', channel: 'slack' as const, at: at(90 + i) })));
        expect(stored.map((e) => e.draft)).toEqual(drafts);
        expect(stored.map((e) => e.id)).toEqual([...stored.map((e) => e.id)].sort((a, b) => a - b));
        expect(await store.guardAudit.get(stored[3]!.id)).toEqual(stored[3]);
        expect(await store.guardAudit.appendMany([])).toEqual([]);
        await expect(store.guardAudit.appendMany([
          { draft: 'kept only if all are', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'U0BATCHBAD' },
          { draft: null as unknown as string, verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'U0BATCHBAD' },
        ])).rejects.toThrow();
        expect(await store.guardAudit.list({ by: 'U0BATCHBAD' })).toEqual([]);
      });
    });

    describe('Bot Framework storage', () => {
      it('reads what was written with a fresh eTag, and deletes', async () => {
        const s = store.botStorage;
        await s.write({ 'web/conversations/c1': { dialogState: { step: 2 }, eTag: '*' }, 'web/users/u1': { name: '王' } });
        const items = await s.read(['web/conversations/c1', 'web/users/u1', 'missing']);
        expect(Object.keys(items).sort()).toEqual(['web/conversations/c1', 'web/users/u1']);
        expect(items['web/conversations/c1']).toMatchObject({ dialogState: { step: 2 } });
        expect(typeof items['web/conversations/c1']!.eTag).toBe('string');
        expect(items['web/conversations/c1']!.eTag).not.toBe('*');
        await s.delete(['web/users/u1']);
        expect(await s.read(['web/users/u1'])).toEqual({});
      });

      it('rejects a stale eTag, accepts the current one, and "*" overwrites', async () => {
        const s = store.botStorage;
        await s.write({ k: { n: 1 } });
        const first = (await s.read(['k'])).k!;
        await s.write({ k: { n: 2, eTag: first.eTag } });
        const second = (await s.read(['k'])).k!;
        expect(second.n).toBe(2);
        expect(second.eTag).not.toBe(first.eTag);
        await expect(s.write({ k: { n: 3, eTag: first.eTag } })).rejects.toThrow(ETagConflictError);
        await expect(s.write({ k: { n: 3, eTag: first.eTag } })).rejects.toThrow(/Storage: error writing "k" due to eTag conflict/);
        expect((await s.read(['k'])).k!.n).toBe(2);
        await s.write({ k: { n: 4, eTag: '*' } });
        expect((await s.read(['k'])).k!.n).toBe(4);
      });

      it('a write with a stale eTag stores none of its keys', async () => {
        const s = store.botStorage;
        await s.write({ x: { v: 1 }, y: { v: 1 } });
        const { x } = await s.read(['x']);
        await s.write({ x: { v: 2 } });
        await expect(s.write({ y: { v: 9, eTag: '*' }, x: { v: 9, eTag: x!.eTag } })).rejects.toThrow(ETagConflictError);
        const after = await s.read(['x', 'y']);
        expect([after.x!.v, after.y!.v]).toEqual([2, 1]);
      });

      it('an eTag for an item deleted meanwhile is a conflict', async () => {
        const s = store.botStorage;
        await s.write({ gone: { v: 1 } });
        const { gone } = await s.read(['gone']);
        await s.delete(['gone']);
        await expect(s.write({ gone: { v: 2, eTag: gone!.eTag } })).rejects.toThrow(ETagConflictError);
      });

      it('two writers racing with the same eTag: exactly one wins', async () => {
        const other = await secondWriter();
        try {
          await store.botStorage.write({ race: { v: 0 } });
          const { race } = await store.botStorage.read(['race']);
          const results = await Promise.allSettled([
            store.botStorage.write({ race: { v: 'a', eTag: race!.eTag } }),
            other.botStorage.write({ race: { v: 'b', eTag: race!.eTag } }),
          ]);
          expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
          const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
          expect(lost.reason).toBeInstanceOf(ETagConflictError);
          const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
          expect((await other.botStorage.read(['race'])).race!.v).toBe(winner);
        } finally {
          await release(other);
        }
      });
    });

    describe('reminders', () => {
      it('claims due-soon and overdue reminders once, and again only after a lease expires', async () => {
        const c = await store.complaints.create(draft({ subject: 'remind me' }), { ...bot, now: new Date('2026-12-07T02:00:00Z') });
        // ackBy is Wednesday 9 Dec 10:00Z; at 07:00Z it is due within 4 hours.
        const soon = new Date('2026-12-09T07:00:00Z');
        const first = (await store.reminders.claimDue({ now: soon })).filter((r) => r.complaintId === c.id);
        expect(first).toHaveLength(1);
        expect(first[0]).toMatchObject({ deadline: 'ack', level: 'due_soon', dueAt: c.ackBy, owner: 'queue:logistics', status: 'received' });
        expect((await store.reminders.claimDue({ now: soon })).filter((r) => r.complaintId === c.id)).toEqual([]);
        // Not confirmed: after the lease, someone else may retry.
        const retried = (await store.reminders.claimDue({ now: new Date(soon.getTime() + 61_000) })).filter((r) => r.complaintId === c.id);
        expect(retried.map((r) => r.id)).toEqual([first[0]!.id]);
        await store.reminders.markSent([first[0]!.id]);
        const late = new Date('2026-12-09T11:00:00Z');
        const overdue = (await store.reminders.claimDue({ now: late })).filter((r) => r.complaintId === c.id);
        expect(overdue.map((r) => r.level)).toEqual(['overdue']);
        await store.reminders.markSent(overdue.map((r) => r.id));
        expect((await store.reminders.claimDue({ now: new Date('2026-12-10T11:00:00Z') })).filter((r) => r.complaintId === c.id)).toEqual([]);
        expect((await store.reminders.listSent({ complaintId: c.id })).map((r) => r.level).sort()).toEqual(['due_soon', 'overdue']);
        // Acknowledging moves the running deadline to investigateBy, which is not due yet.
        await store.complaints.transition(c.id, { type: 'acknowledge' }, { actor: 'alice', channel: 'slack', now: late });
        expect((await store.reminders.claimDue({ now: new Date('2026-12-10T11:00:00Z') })).filter((r) => r.complaintId === c.id)).toEqual([]);
      });
    });
  });
}
