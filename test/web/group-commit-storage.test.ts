import { MemoryStorage, type StoreItems } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { GroupCommitStorage } from '../../src/web/group-commit-storage.js';

/** botbuilder's MemoryStorage (real eTag checks) that records each write it receives. */
class RecordingStorage extends MemoryStorage {
  writes: string[][] = [];
  failNext = false;
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    return super.write(changes);
  }
}

describe('GroupCommitStorage', () => {
  it('merges unconditional writes of the same tick into one write and resolves each caller after it', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    await Promise.all([
      storage.write({ a: { n: 1, eTag: '*' } }),
      storage.write({ b: { n: 2 } }),
      storage.write({ a: { n: 3, eTag: '*' } }),
    ]);
    expect(inner.writes).toEqual([['a', 'b']]);
    const read = await storage.read(['a', 'b']);
    expect(read.a).toMatchObject({ n: 3 });
    expect(read.b).toMatchObject({ n: 2 });
  });

  it('keeps a conditional write in its own transaction, after what was queued before it', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    await storage.write({ doc: { v: 1, eTag: '*' } });
    const stale = { v: 2, eTag: 'not-the-current-etag' };
    const results = await Promise.allSettled([
      storage.write({ other: { v: 1, eTag: '*' } }),
      storage.write({ doc: stale }),
      storage.write({ third: { v: 1, eTag: '*' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inner.writes).toEqual([['doc'], ['other'], ['doc'], ['third']]);
    expect((await storage.read(['doc'])).doc).toMatchObject({ v: 1 });
  });

  it('fails every caller of a failed batch, and the next batch still goes through', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    inner.failNext = true;
    const results = await Promise.allSettled([storage.write({ a: { eTag: '*' } }), storage.write({ b: { eTag: '*' } })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await storage.write({ c: { eTag: '*' } });
    expect(Object.keys(await storage.read(['a', 'b', 'c']))).toEqual(['c']);
  });

  it('drain waits for a pending batch', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    void storage.write({ late: { eTag: '*' } });
    await storage.drain();
    expect(inner.writes).toEqual([['late']]);
  });
});
