/**
 * The agents' relay on both backends, with the shipped lexicons: a draft is checked in
 * the customer's context read from the chat log, audited, and sent only when not blocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerConversation } from '../../src/contracts/customer-conversation.js';
import { createAgentRelay, createDraftCheck, type AgentRelay } from '../../src/desk/index.js';
import type { Guard } from '../../src/guard/index.js';
import { loadGuardWithSummary } from '../../src/lexicon-files/index.js';
import { ChatLog } from '../../src/store/chat-log.js';
import type { Store } from '../../src/store/index.js';
import { harnesses } from '../store/backends.js';

const loaded = loadGuardWithSummary();
const lexicons = { current: (): Guard => loaded.guard, version: () => loaded.version };

/** The customer's channel, recording what was sent where; 'known' conversations exist. */
function recordingConversation(known: string[]): CustomerConversation & { sent: Array<[string, string]> } {
  const sent: Array<[string, string]> = [];
  return {
    sent,
    async sendAgentMessage(conversationId, text) {
      if (!known.includes(conversationId)) return 'unknown_conversation';
      sent.push([conversationId, text]);
      return 'sent';
    },
    async askSatisfaction() { return 'asked'; },
    async releaseToBot() { return 'sent'; },
  };
}

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`the agents' relay on ${harness.name}`, () => {
    let store: Store;
    let relay: AgentRelay;
    let conversation: ReturnType<typeof recordingConversation>;
    const emotions: string[] = [];
    beforeAll(async () => {
      store = await harness.open();
      // What the customer said in the chat, as the web chat stores it.
      await new ChatLog(store.botStorage).saveConversation(
        { conversationId: 'conv-r', userId: 'dl_r', createdAt: '2026-03-02T08:00:00.000Z', started: true, activityCount: 3, lastTimestampMs: 0 },
        [
          { index: 0, activity: { type: 'message', from: { id: 'dl_r', role: 'user' }, text: 'My parcel is lost.', timestamp: '2026-03-02T08:00:01.000Z' } },
          { index: 1, activity: { type: 'message', from: { id: 'hearken', role: 'bot' }, text: 'A person will contact you.', timestamp: '2026-03-02T08:00:02.000Z' } },
          { index: 2, activity: { type: 'message', from: { id: 'dl_r', role: 'user' }, text: 'This is outrageous, I have waited a week!', timestamp: '2026-03-02T08:00:03.000Z' } },
        ],
      );
      conversation = recordingConversation(['conv-r']);
      relay = createAgentRelay({
        draftCheck: createDraftCheck({ lexicons, audit: store.guardAudit }),
        conversation,
        transcripts: store.transcripts,
        emotionOf: (text) => { emotions.push(text); return { label: 'anger', intensity: 0.9 }; },
      });
    });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('does not send a blocked draft, and audits it with the customer\'s last message and emotion', async () => {
      const { outcome, check } = await relay.relay({ conversationId: 'conv-r', complaintId: 'C-20260302-0007', text: "That's not my problem, you should have read the manual.", by: 'U0AGENT', channel: 'slack' });
      expect(outcome).toBe('blocked');
      expect(conversation.sent).toEqual([]);
      expect(emotions).toEqual(['This is outrageous, I have waited a week!']);
      expect(await store.guardAudit.get(check.auditId)).toMatchObject({
        verdict: 'block', by: 'U0AGENT', channel: 'slack', conversationId: 'conv-r', complaintId: 'C-20260302-0007',
        customerContext: { message: 'This is outrageous, I have waited a week!', emotion: { label: 'anger', intensity: 0.9 } },
      });
    });

    it('sends a draft the guard lets through, in the customer\'s conversation, audited', async () => {
      const text = 'I am sorry for the wait. I have found your parcel and it will arrive tomorrow.';
      const { outcome, check } = await relay.relay({ conversationId: 'conv-r', text, by: 'U0AGENT', channel: 'slack' });
      expect(check.result.verdict).not.toBe('block');
      expect(outcome).toBe('sent');
      expect(conversation.sent).toEqual([['conv-r', text]]);
      expect((await store.guardAudit.get(check.auditId))?.draft).toBe(text);
    });

    it('says so when the conversation is unknown to the customer\'s channel', async () => {
      const { outcome } = await relay.relay({ conversationId: 'conv-gone', text: 'Thank you for waiting.', by: 'U0AGENT', channel: 'slack' });
      expect(outcome).toBe('unknown_conversation');
    });
  });
}
