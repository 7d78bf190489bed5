/**
 * The survey watcher and the survey's delivery on both backends: several watchers
 * (processes) sweep at once and each survey is queued once; delivering asks in the
 * customer's conversation, waits while they are busy, and notes it once asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerConversation, SurveyOutcome } from '../../src/contracts/customer-conversation.js';
import { createOutboxDispatcher, createSurveyDelivery, createSurveyWatcher, SURVEY_SENT_EVENT } from '../../src/desk/index.js';
import type { Store } from '../../src/store/index.js';
import { draft } from '../complaints/fixtures.js';
import { harnesses } from '../store/backends.js';

const web = { actor: 'bot:web', channel: 'web_chat' as const };
const agent = { actor: 'agent:li', channel: 'slack' as const };

async function resolvedComplaint(store: Store, conversationId: string | undefined): Promise<string> {
  const record = await store.complaints.create(draft({ subject: `survey ${conversationId}` }), {
    ...web, ...(conversationId ? { notes: [{ event: 'intake_conversation', detail: { conversationId } }] } : {}),
  });
  for (const event of [{ type: 'acknowledge' }, { type: 'start_investigation' }, { type: 'propose_solution', resolution: { type: 'apology', detail: 'Sorry.' } }, { type: 'resolve' }] as const) {
    await store.complaints.transition(record.id, event, agent);
  }
  return record.id;
}

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`satisfaction surveys on ${harness.name}`, () => {
    let stores: Store[];
    beforeAll(async () => { stores = [await harness.open(), await harness.open(), await harness.open()]; });
    afterAll(async () => {
      for (const s of stores ?? []) await s.close();
      await harness.cleanup();
    });

    it('queues each resolved web chat complaint\'s survey once, however many watchers sweep at the same time', async () => {
      const [store] = stores;
      const ids = [];
      for (let i = 0; i < 12; i++) ids.push(await resolvedComplaint(store!, `conv-${i}`));
      // Lodged elsewhere: no conversation to ask in.
      const phone = await resolvedComplaint(store!, undefined);
      const watchers = stores.map((s, i) => createSurveyWatcher(s, { workerId: `w${i}`, limit: 3, log: () => {} }));
      const queued: string[] = [];
      for (let round = 0; round < 4; round++) for (const batch of await Promise.all(watchers.map((w) => w.runOnce()))) queued.push(...batch);
      expect([...queued].sort()).toEqual([...ids].sort());
      const messages = await store!.outbox.list({ topic: 'survey_due' });
      expect(messages.map((m) => (m.payload as { complaintId: string }).complaintId).sort()).toEqual([...ids].sort());
      expect(messages.map((m) => m.payload)).toContainEqual({ complaintId: ids[3], conversationId: 'conv-3' });
      expect(queued).not.toContain(phone);
    });

    it('asks in the conversation, later when the customer is busy, and notes it once asked', async () => {
      const [store] = stores;
      const id = await resolvedComplaint(store!, 'conv-busy');
      const outcomes: SurveyOutcome[] = ['busy', 'asked'];
      const asked: Array<[string, string]> = [];
      const conversation: CustomerConversation = {
        async askSatisfaction(conversationId, complaintId) {
          if (complaintId !== id) return 'asked';
          asked.push([conversationId, complaintId]);
          return outcomes.shift()!;
        },
        async sendAgentMessage() { return 'sent'; },
        async releaseToBot() { return 'sent'; },
      };
      let now = new Date('2030-01-01T00:00:00Z');
      const logged: string[] = [];
      const dispatcher = createOutboxDispatcher(store!.outbox, { clock: () => now, backoffMs: () => 60_000, log: (m) => logged.push(m) });
      dispatcher.subscribe('survey_due', createSurveyDelivery(store!, conversation, { clock: () => now }));
      await createSurveyWatcher(store!, { clock: () => now }).runOnce();
      await dispatcher.runOnce();
      expect(asked).toEqual([['conv-busy', id]]);
      expect(logged.join('\n')).toMatch(/\(survey_due\) deferred: the customer is busy in another flow right now/);
      expect((await store!.complaints.require(id)).history.some((h) => h.event === SURVEY_SENT_EVENT)).toBe(false);
      now = new Date(now.getTime() + 61_000);
      await dispatcher.runOnce();
      expect(asked).toHaveLength(2);
      expect((await store!.complaints.require(id)).history.filter((h) => h.event === SURVEY_SENT_EVENT)).toHaveLength(1);
      // Asked: neither the watcher nor a repeated delivery asks again.
      expect(await createSurveyWatcher(store!, { clock: () => now }).runOnce()).not.toContain(id);
      await createSurveyDelivery(store!, conversation)({ complaintId: id, conversationId: 'conv-busy' });
      expect(asked).toHaveLength(2);
    });
  });
}
