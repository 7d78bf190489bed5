// Feedback (suggestions and praise the bot recorded instead of a complaint) on SQLite and PostgreSQL:
// each record kept with who said it when known, its triage summary, listed by kind and time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { harnesses } from './backends.js';

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`feedback on ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('records a suggestion with its customer and triage summary, and a compliment without either', async () => {
      const suggestion = await store.feedback.record({
        conversationId: 'conv-1', customer: { name: '陳太', phone: '91234567' }, locale: 'zh-Hant', kind: 'suggestion',
        text: '提個意見：希望你哋分店可以早啲開門。',
        triage: { kind: { label: 'complaint', confidence: 0.97 }, motive: { label: 'suggestion', confidence: 0.96 }, category: { label: 'other', confidence: 0.5 }, emotion: { label: 'neutral', intensity: 0 } },
      }, new Date('2026-11-23T01:00:00Z'));
      expect(suggestion).toEqual({
        id: expect.any(Number), conversationId: 'conv-1', customer: { name: '陳太', phone: '91234567' }, locale: 'zh-Hant', kind: 'suggestion',
        text: '提個意見：希望你哋分店可以早啲開門。',
        triage: { kind: { label: 'complaint', confidence: 0.97 }, motive: { label: 'suggestion', confidence: 0.96 }, category: { label: 'other', confidence: 0.5 }, emotion: { label: 'neutral', intensity: 0 } },
        createdAt: '2026-11-23T01:00:00.000Z',
      });
      // An empty customer is no customer.
      const praise = await store.feedback.record({ conversationId: 'conv-2', customer: {}, locale: 'en', kind: 'compliment', text: 'The engineer was brilliant.' }, new Date('2026-11-23T02:00:00Z'));
      expect(praise.customer).toBeUndefined();
      expect(praise.triage).toBeUndefined();
      expect(praise.id).toBeGreaterThan(suggestion.id);
    });

    it('lists oldest first, by kind, from `since`, the newest `limit`', async () => {
      await store.feedback.record({ conversationId: 'conv-3', locale: 'zh-Hans', kind: 'suggestion', text: '建议加一个夜间模式。' }, new Date('2026-11-23T03:00:00Z'));
      expect((await store.feedback.list()).map((f) => f.conversationId)).toEqual(['conv-1', 'conv-2', 'conv-3']);
      expect((await store.feedback.list({ kind: 'suggestion' })).map((f) => f.conversationId)).toEqual(['conv-1', 'conv-3']);
      expect((await store.feedback.list({ kind: 'compliment' })).map((f) => f.text)).toEqual(['The engineer was brilliant.']);
      expect((await store.feedback.list({ since: new Date('2026-11-23T01:30:00Z') })).map((f) => f.conversationId)).toEqual(['conv-2', 'conv-3']);
      expect((await store.feedback.list({ limit: 1 })).map((f) => f.conversationId)).toEqual(['conv-3']);
    });

    it('keeps feedback across a reopen (another process on the same database)', async () => {
      const other = await harness.open();
      try {
        expect((await other.feedback.list()).length).toBe(3);
      } finally {
        await other.close();
      }
    });
  });
}
