// The log of guard lexicon versions that went live, on SQLite and PostgreSQL: one row each time one
// did, found by version (the latest time it went live), listed oldest first, the newest `limit` kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { harnesses } from './backends.js';

const hash = (c: string) => c.repeat(64);

for (const harness of harnesses()) {
  describe.skipIf(harness.skip)(`lexicon versions on ${harness.name}`, () => {
    let store: Store;
    beforeAll(async () => { store = await harness.open(); });
    afterAll(async () => { await store?.close(); await harness.cleanup(); });

    it('records each going live, and finds the latest time a version did', async () => {
      expect(await store.lexiconVersions.latest('aaaaaaaaaaaa')).toBeUndefined();
      const first = await store.lexiconVersions.record({
        version: 'aaaaaaaaaaaa', contentHash: hash('a'), ruleCount: 71, learnedLayer: true, folder: '/srv/lexicons/guard', by: 'server 11', at: new Date('2026-11-23T01:00:00Z'),
      });
      expect(first).toEqual({ id: expect.any(Number), version: 'aaaaaaaaaaaa', contentHash: hash('a'), ruleCount: 71, learnedLayer: true, folder: '/srv/lexicons/guard', by: 'server 11', at: '2026-11-23T01:00:00.000Z' });
      await store.lexiconVersions.record({ version: 'bbbbbbbbbbbb', contentHash: hash('b'), ruleCount: 72, learnedLayer: false, by: 'server 11', at: new Date('2026-11-23T02:00:00Z') });
      // A restart puts the first version live again: a row of its own.
      const again = await store.lexiconVersions.record({ version: 'aaaaaaaaaaaa', contentHash: hash('a'), ruleCount: 71, learnedLayer: true, by: 'cli lint --audit', at: new Date('2026-11-23T03:00:00Z') });
      expect(await store.lexiconVersions.latest('aaaaaaaaaaaa')).toEqual(again);
      expect((await store.lexiconVersions.latest('bbbbbbbbbbbb'))).toMatchObject({ learnedLayer: false, ruleCount: 72 });
      expect((await store.lexiconVersions.latest('bbbbbbbbbbbb'))!.folder).toBeUndefined();
    });

    it('lists oldest first, from `since`, the newest `limit`', async () => {
      const all = await store.lexiconVersions.list();
      expect(all.map((v) => v.at)).toEqual(['2026-11-23T01:00:00.000Z', '2026-11-23T02:00:00.000Z', '2026-11-23T03:00:00.000Z']);
      expect((await store.lexiconVersions.list({ since: new Date('2026-11-23T01:30:00Z') })).map((v) => v.version)).toEqual(['bbbbbbbbbbbb', 'aaaaaaaaaaaa']);
      expect((await store.lexiconVersions.list({ limit: 1 })).map((v) => v.by)).toEqual(['cli lint --audit']);
    });
  });
}
