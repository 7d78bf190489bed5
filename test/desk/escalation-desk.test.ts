/**
 * The escalation desk on both backends, with the shipped lexicons: claims (first responder,
 * concurrent claims, confirmed take-over, all in the history), replies (checked, queued in
 * order, the owner only), resolving (the lifecycle walked, a supervisor's approval when the
 * policy wants one, the resolution and the survey queued for the customer in order), the
 * delivery of a queued reply (at most once in the transcript), and an agent's open complaints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerConversation } from '../../src/contracts/customer-conversation.js';
import {
  createAgentRelay, createAgentReplyDelivery, createDraftCheck, createEscalationDesk, sortOpenComplaints, THREAD_POSTED_EVENT,
  type AgentRef, type EscalationDesk, type OpenComplaint,
} from '../../src/desk/index.js';
import type { Guard } from '../../src/guard/index.js';
import { loadGuardWithSummary } from '../../src/lexicon-files/index.js';
import { ChatLog } from '../../src/store/chat-log.js';
import type { Store } from '../../src/store/index.js';
import { draft, fresh } from '../complaints/fixtures.js';
import { harnesses } from '../store/backends.js';

const loaded = loadGuardWithSummary();
const lexicons = { current: (): Guard => loaded.guard, version: () => loaded.version };
const ann: AgentRef = { actor: 'slack:U0ANN', channel: 'slack', team: 'T0' };
const bob: AgentRef = { actor: 'slack:U0BOB', channel: 'slack', team: 'T0' };
const sue: AgentRef = { actor: 'slack:U0SUE', channel: 'slack', team: 'T0' };
const GOOD = 'I am very sorry about the heater. An engineer will call you within the hour.';
const RUDE = "That's not my problem, talk to the shop.";

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`the escalation desk on ${harness.name}`, () => {
    let store: Store;
    let desk: EscalationDesk;
    let wakes = 0;
    let n = 0;

    /** A handed-over complaint (major, owned by the supervisors' queue) and its customer's chat. */
    async function handedOver(): Promise<{ id: string; conversationId: string }> {
      const conversationId = `conv-esc-${harness.name}-${++n}`;
      const record = await store.complaints.create(draft({ severity: 'major', owner: 'queue:supervisors', description: 'The heater caught fire.' }), {
        actor: 'bot:hearken', channel: 'web_chat', notes: [{ event: 'handoff_requested', detail: { conversationId } }],
      });
      await new ChatLog(store.botStorage).saveConversation(
        { conversationId, userId: 'dl_c', createdAt: '2026-03-02T08:00:00.000Z', started: true, activityCount: 1, lastTimestampMs: 0 },
        [{ index: 0, activity: { type: 'message', from: { id: 'dl_c', role: 'user' }, text: 'The heater caught fire and nobody cares!', timestamp: '2026-03-02T08:00:01.000Z' } }],
      );
      return { id: record.id, conversationId };
    }
    const queued = async (conversationId: string) => (await store.outbox.list({ delivered: false }))
      .filter((m) => (m.payload as { conversationId?: string }).conversationId === conversationId && (m.topic === 'agent_reply' || m.topic === 'survey_due'));

    beforeAll(async () => {
      store = await harness.open();
      const relay = createAgentRelay({ draftCheck: createDraftCheck({ lexicons, audit: store.guardAudit }), conversation: {} as CustomerConversation, transcripts: store.transcripts });
      desk = createEscalationDesk({ store, relay, wake: () => { wakes++; } });
    });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('gives a claimed complaint to the first to claim it, recorded in its history; two at once make exactly one owner', async () => {
      const { id } = await handedOver();
      const outcomes = await Promise.all([desk.claim(id, ann), desk.claim(id, bob)]);
      const kinds = outcomes.map((o) => o.outcome).sort();
      expect(kinds).toEqual(['claimed', 'owned']);
      const winner = outcomes.find((o) => o.outcome === 'claimed')!;
      const loser = outcomes.find((o) => o.outcome === 'owned')!;
      const stored = await store.complaints.require(id);
      expect(stored.owner).toBe(winner.record.owner);
      expect(loser).toMatchObject({ owner: stored.owner });
      expect(stored.status).toBe('acknowledged');
      expect(stored.history.filter((e) => e.event === 'acknowledge')).toEqual([
        expect.objectContaining({ actor: stored.owner, channel: 'slack', detail: { owner: stored.owner, firstResponder: true } }),
      ]);
      expect((await desk.claim(id, winner.record.owner === ann.actor ? ann : bob)).outcome).toBe('yours');
    });

    it('hands a complaint to a colleague only when they confirm, naming both in the history; a stale confirmation asks again', async () => {
      const { id } = await handedOver();
      await desk.claim(id, ann);
      expect(await desk.claim(id, bob)).toMatchObject({ outcome: 'owned', owner: ann.actor });
      expect((await store.complaints.require(id)).owner).toBe(ann.actor);
      const taken = await desk.takeOver(id, bob, ann.actor);
      expect(taken).toMatchObject({ outcome: 'taken', from: ann.actor });
      const stored = await store.complaints.require(id);
      expect(stored.owner).toBe(bob.actor);
      expect(stored.history.at(-1)).toMatchObject({ event: 'reassign', actor: bob.actor, detail: { from: ann.actor, to: bob.actor, reason: expect.stringContaining('confirmed by slack:U0BOB') } });
      // Sue was asked while Ann owned it; Bob has it now, so she is asked again.
      expect(await desk.takeOver(id, sue, ann.actor)).toMatchObject({ outcome: 'changed', owner: bob.actor });
    });

    it('queues a reply that passes, claiming an unclaimed complaint; blocks a rude one; refuses a colleague\'s complaint', async () => {
      const { id, conversationId } = await handedOver();
      const before = wakes;
      const sent = await desk.reply({ complaintId: id, agent: ann, text: GOOD, origin: { channel: 'C0ESC', user: 'U0ANN', ts: '1.1', threadTs: '1.0' } });
      expect(sent).toMatchObject({ outcome: 'queued', claimed: true });
      expect(wakes).toBe(before + 1);
      expect((await store.complaints.require(id)).owner).toBe(ann.actor);
      const rude = await desk.reply({ complaintId: id, agent: ann, text: RUDE });
      expect(rude.outcome).toBe('blocked');
      if (rude.outcome !== 'blocked') throw new Error('unreachable');
      expect(rude.check.result.findings.length).toBeGreaterThan(0);
      // Judged in the customer's context, audited against the complaint.
      expect(await store.guardAudit.get(rude.check.auditId)).toMatchObject({ verdict: 'block', by: ann.actor, complaintId: id, conversationId, customerContext: { message: 'The heater caught fire and nobody cares!' } });
      expect(await desk.reply({ complaintId: id, agent: bob, text: GOOD })).toMatchObject({ outcome: 'not_owner', owner: ann.actor });
      const messages = await queued(conversationId);
      expect(messages.map((m) => [m.topic, (m.payload as { text: string }).text, m.orderingKey])).toEqual([['agent_reply', GOOD, `customer:${conversationId}`]]);
      expect(messages[0]!.payload).toMatchObject({ by: ann.actor, kind: 'reply', origin: { channel: 'C0ESC', ts: '1.1' } });
    });

    it('resolves a major complaint only with a supervisor\'s approval, then queues the resolution before the survey', async () => {
      const { id, conversationId } = await handedOver();
      await desk.claim(id, ann);
      const resolution = { type: 'repair' as const, detail: 'I am sorry for the trouble. An engineer replaced the heater today, free of charge.' };
      // The owner cannot approve their own proposal: it waits.
      const waiting = await desk.resolve({ complaintId: id, agent: ann, resolution, canApprove: true });
      expect(waiting).toMatchObject({ outcome: 'awaiting_approval' });
      expect((await store.complaints.require(id)).status).toBe('awaiting_approval');
      expect(await queued(conversationId)).toEqual([]);
      // Someone else, not a supervisor: still waiting, nothing moved.
      expect(await desk.resolve({ complaintId: id, agent: bob, resolution, canApprove: false })).toMatchObject({ outcome: 'not_owner' });
      const approved = await desk.approve(id, sue);
      expect(approved.outcome).toBe('resolved');
      const stored = await store.complaints.require(id);
      expect(stored.status).toBe('resolved');
      expect(stored.resolution).toMatchObject({ type: 'repair', approvedBy: sue.actor });
      expect(stored.history.map((e) => e.event)).toEqual(expect.arrayContaining(['acknowledge', 'start_investigation', 'propose_solution', 'request_approval', 'approve', 'resolve']));
      const messages = await queued(conversationId);
      expect(messages.map((m) => m.topic)).toEqual(['agent_reply', 'survey_due']);
      expect(messages[0]!.payload).toMatchObject({ kind: 'resolution', text: resolution.detail, by: ann.actor });
      expect(new Set(messages.map((m) => m.orderingKey))).toEqual(new Set([`customer:${conversationId}`]));
      expect(messages[1]!.key).toBe(`survey_due:${id}`);
      expect(await desk.resolve({ complaintId: id, agent: ann, resolution, canApprove: false })).toMatchObject({ outcome: 'finished' });
    });

    it('lets a supervisor resolve in one go, and never with words the guard blocks', async () => {
      const { id, conversationId } = await handedOver();
      const blocked = await desk.resolve({ complaintId: id, agent: sue, resolution: { type: 'apology', detail: RUDE }, canApprove: true });
      expect(blocked.outcome).toBe('blocked');
      expect((await store.complaints.require(id)).status).toBe('received');
      // Unclaimed: the supervisor responds first, so she owns it, and cannot approve her own proposal.
      const mine = await desk.resolve({ complaintId: id, agent: sue, resolution: { type: 'apology', detail: GOOD }, canApprove: true });
      expect(mine.outcome).toBe('awaiting_approval');
      const other = await desk.resolve({ complaintId: id, agent: bob, resolution: { type: 'apology', detail: GOOD }, canApprove: true });
      expect(other.outcome).toBe('resolved');
      expect((await queued(conversationId)).map((m) => m.topic)).toEqual(['agent_reply', 'survey_due']);
    });

    it('records the thread once and notes it in the history', async () => {
      const { id, conversationId } = await handedOver();
      expect(await desk.recordThread({ complaintId: id, conversationId, channel: 'C0ESC', threadTs: '9.1' }, { channel: 'slack' })).toBe(true);
      expect(await desk.recordThread({ complaintId: id, conversationId, channel: 'C0ESC', threadTs: '9.2' }, { channel: 'slack' })).toBe(false);
      expect(await desk.threadAt('C0ESC', '9.1')).toMatchObject({ complaintId: id, conversationId });
      expect((await store.complaints.require(id)).history.filter((e) => e.event === THREAD_POSTED_EVENT)).toEqual([
        expect.objectContaining({ detail: { channel: 'C0ESC', threadTs: '9.1' } }),
      ]);
    });

    it('delivers a queued reply once: a retry that finds it in the transcript does not send it again', async () => {
      const conversationId = `conv-deliver-${harness.name}`;
      const log = new ChatLog(store.botStorage);
      const meta = { conversationId, userId: 'dl_d', createdAt: '2026-03-02T08:00:00.000Z', started: true, activityCount: 0, lastTimestampMs: 0 };
      await log.saveConversation(meta, []);
      const sent: string[] = [];
      const conversation: CustomerConversation = {
        async sendAgentMessage(id, text, options) {
          sent.push(text);
          // As the bot stores it: marked with the author and the relay id.
          await log.saveConversation({ ...meta, activityCount: sent.length }, [{ index: sent.length - 1, activity: { type: 'message', from: { id: 'bot', role: 'bot' }, text, channelData: { hearkenRelayed: options?.author ?? true, hearkenRelayId: options?.relayId }, timestamp: '2026-03-02T08:00:02.000Z' } }]);
          return id === conversationId ? 'sent' : 'unknown_conversation';
        },
        async askSatisfaction() { return 'asked'; },
        async releaseToBot() { return 'sent'; },
      };
      const deliver = createAgentReplyDelivery({ conversation, transcripts: store.transcripts });
      const reply = { complaintId: 'C-1', conversationId, text: GOOD, by: ann.actor, auditId: 1, kind: 'reply' as const };
      expect(await deliver(reply, { id: 1, key: 'agent_reply:1' })).toBe('sent');
      expect(await deliver(reply, { id: 1, key: 'agent_reply:1' })).toBe('already_sent');
      expect(sent).toEqual([GOOD]);
      const transcript = await store.transcripts.listByConversation(conversationId);
      expect(transcript.at(-1)).toMatchObject({ role: 'agent', text: GOOD, meta: { author: ann.actor, relayId: 'agent_reply:1' } });
    });

    it('lists an agent\'s open complaints, overdue first, then by deadline, with their threads', async () => {
      const a = await handedOver();
      const b = await handedOver();
      await desk.claim(a.id, { ...ann, actor: 'slack:U0LIST' });
      await desk.claim(b.id, { ...ann, actor: 'slack:U0LIST' });
      await desk.recordThread({ complaintId: b.id, conversationId: b.conversationId, channel: 'C0ESC', threadTs: '7.7' }, { channel: 'slack' });
      const list = await desk.openComplaintsOf('slack:U0LIST');
      expect(list.map((c) => c.record.id).sort()).toEqual([a.id, b.id].sort());
      expect(list.find((c) => c.record.id === b.id)?.thread?.threadTs).toBe('7.7');
    });
  });
}

describe('sorting open complaints', () => {
  const at = (dueAt: string | undefined, overdue: boolean, id: string): OpenComplaint => ({
    record: { ...fresh(), id }, ...(dueAt ? { deadline: { kind: 'ack' as const, dueAt, overdue } } : {}),
  });
  it('puts overdue first (oldest first), then upcoming by deadline, then those without one', () => {
    const sorted = sortOpenComplaints([
      at(undefined, false, 'C-20260101-0005'), at('2026-01-03T00:00:00Z', false, 'C-20260101-0004'),
      at('2026-01-01T12:00:00Z', true, 'C-20260101-0003'), at('2026-01-02T00:00:00Z', false, 'C-20260101-0002'),
      at('2026-01-01T06:00:00Z', true, 'C-20260101-0001'),
    ]);
    expect(sorted.map((c) => c.record.id)).toEqual(['C-20260101-0001', 'C-20260101-0003', 'C-20260101-0002', 'C-20260101-0004', 'C-20260101-0005']);
  });
});
