import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, StoreUnavailableError, type Store } from '../../src/store/index.js';
import { GroupCommitStorage, UnserialisableWriteError } from '../../src/store/group-commit-storage.js';

/** botbuilder's MemoryStorage (real eTag checks) that records each write it receives. */
class RecordingStorage extends MemoryStorage {
  writes: string[][] = [];
  failNext: Error | undefined;
  /** Refuses (like a database constraint) every write that contains this key. */
  refuseKey: string | undefined;
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(Object.keys(changes));
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    if (this.refuseKey !== undefined && this.refuseKey in changes) throw new Error(`value too long for ${this.refuseKey}`);
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

  it('fails every caller of a batch when the database is unavailable, without retrying each, and the next batch goes through', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    inner.failNext = new StoreUnavailableError(1000, new Error('connect ECONNREFUSED 127.0.0.1:5432'));
    const results = await Promise.allSettled([storage.write({ a: { eTag: '*' } }), storage.write({ b: { eTag: '*' } })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
    await storage.write({ c: { eTag: '*' } });
    expect(inner.writes).toEqual([['a', 'b'], ['c']]);
    expect(Object.keys(await storage.read(['a', 'b', 'c']))).toEqual(['c']);
  });

  it('drain waits for a pending batch', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    void storage.write({ late: { eTag: '*' } });
    await storage.drain();
    expect(inner.writes).toEqual([['late']]);
  });

  it('knows the database is away until the retry time it was given, and forgets it when the database answers', async () => {
    const inner = new RecordingStorage();
    let now = 1_000;
    const storage = new GroupCommitStorage(inner, () => now);
    storage.assertAvailable();
    inner.failNext = new StoreUnavailableError(2000, new Error('Connection terminated unexpectedly'));
    await expect(storage.write({ a: { eTag: '*' } })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(() => storage.assertAvailable()).toThrow(StoreUnavailableError);
    now += 2000;
    storage.assertAvailable(); // the retry time has passed: the next call may try again
    now -= 1000;
    await storage.write({ b: { eTag: '*' } });
    storage.assertAvailable(); // it answered
  });

  it('retries the members of a batch the database refused one by one, so only the refused caller fails', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    inner.refuseKey = 'poisoned';
    const results = await Promise.allSettled([
      storage.write({ honest1: { n: 1, eTag: '*' } }),
      storage.write({ poisoned: { n: 2, eTag: '*' } }),
      storage.write({ honest2: { n: 3, eTag: '*' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(inner.writes).toEqual([['honest1', 'poisoned', 'honest2'], ['honest1'], ['poisoned'], ['honest2']]);
    expect(Object.keys(await storage.read(['honest1', 'poisoned', 'honest2'])).sort()).toEqual(['honest1', 'honest2']);
  });
});

/** A value JSON.stringify cannot take: nesting deep enough to overflow the stack. */
function tooDeep(): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < 200_000; i++) value = { inner: value };
  return value;
}

describe('GroupCommitStorage over the real SQLite store: one customer cannot fail another', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearken-group-commit-'));
    store = await openSqliteStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an unserialisable save alone; the other conversations of the same tick are stored', async () => {
    const storage = new GroupCommitStorage(store.botStorage);
    const circular: Record<string, unknown> = { step: 'ask' };
    circular.self = circular;
    const results = await Promise.allSettled([
      storage.write({ 'directline/conversations/alice/': { step: 'collect', eTag: '*' } }),
      storage.write({ 'directline/conversations/mallory/': { dialog: tooDeep(), eTag: '*' } }),
      storage.write({ 'directline/conversations/bob/': { step: 'read back', eTag: '*' } }),
      storage.write({ 'directline/conversations/eve/': { dialog: circular, eTag: '*' } }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    const refused = (results[1] as PromiseRejectedResult).reason as Error;
    expect(refused).toBeInstanceOf(UnserialisableWriteError);
    expect(refused.message).toMatch(/cannot store directline\/conversations\/mallory\/: the value cannot be serialised as JSON \(Maximum call stack size exceeded\)/);
    expect((results[3] as PromiseRejectedResult).reason).toBeInstanceOf(UnserialisableWriteError);
    const stored = await store.botStorage.read(['directline/conversations/alice/', 'directline/conversations/bob/', 'directline/conversations/mallory/', 'directline/conversations/eve/']);
    expect(Object.keys(stored).sort()).toEqual(['directline/conversations/alice/', 'directline/conversations/bob/']);
    expect(stored['directline/conversations/bob/']).toMatchObject({ step: 'read back' });
  });
});

describe('GroupCommitStorage.runTurn: a turn\'s decisions and its activities in one write', () => {
  it('holds the writes of a turn and stores them in the same write as the turn\'s activities', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    await storage.write({ state: { step: 1, eTag: '*' } });
    await storage.runTurn(async () => {
      const state = { step: 2, eTag: '*' };
      await storage.write({ state });
      state.step = 99; // changed after the write: what was written is what counts
      // The turn reads what it wrote, before it is stored.
      expect((await storage.read(['state'])).state).toMatchObject({ step: 2 });
      expect((await inner.read(['state'])).state).toMatchObject({ step: 1 });
    }, async () => {
      await storage.write({ 'activity/0': { text: 'reply', eTag: '*' } });
    });
    expect(inner.writes).toEqual([['state'], ['state', 'activity/0']]);
    expect((await inner.read(['state'])).state).toMatchObject({ step: 2 });
  });

  it('stores neither when the write carrying them fails, and writes held state alone when the turn said nothing', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    inner.refuseKey = 'activity/0';
    let saveError: unknown;
    await storage.runTurn(async () => {
      await storage.write({ state: { step: 2, eTag: '*' } });
    }, async () => {
      await storage.write({ 'activity/0': { text: 'reply', eTag: '*' } }).catch((error: unknown) => { saveError = error; });
    });
    expect(saveError).toBeInstanceOf(Error);
    expect(await inner.read(['state', 'activity/0'])).toEqual({});

    await storage.runTurn(async () => {
      await storage.write({ state: { step: 3, eTag: '*' } });
    }, async () => {});
    expect((await inner.read(['state'])).state).toMatchObject({ step: 3 });
  });

  it('lets a delete in a turn win over a write held before it', async () => {
    const inner = new RecordingStorage();
    const storage = new GroupCommitStorage(inner);
    await storage.runTurn(async () => {
      await storage.write({ gone: { eTag: '*' }, kept: { eTag: '*' } });
      await storage.delete(['gone']);
    }, async () => {});
    expect(Object.keys(await inner.read(['gone', 'kept']))).toEqual(['kept']);
  });
});

describe('GroupCommitStorage outbox messages', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearken-gc-outbox-'));
    store = await openSqliteStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds a turn\'s messages and stores them in the write of its activities; a failed write stores neither', async () => {
    const calls: Array<{ keys: string[]; topics: string[] }> = [];
    let failNext = false;
    const inner = {
      read: (keys: string[]) => store.botStorage.read(keys),
      write: (changes: StoreItems) => store.botStorage.write(changes),
      delete: (keys: string[]) => store.botStorage.delete(keys),
      async writeWithOutbox(changes: StoreItems, outbox: readonly { topic: string }[]) {
        calls.push({ keys: Object.keys(changes), topics: outbox.map((m) => m.topic) });
        if (failNext) { failNext = false; throw new Error('disk I/O error'); }
        return store.botStorage.writeWithOutbox(changes, outbox as never);
      },
    };
    const storage = new GroupCommitStorage(inner);
    const turn = (n: number) => storage.runTurn(async () => {
      await storage.write({ [`state/${n}`]: { n, eTag: '*' } });
      await storage.addOutbox([{ topic: `said-${n}`, payload: { n } }]);
      // Held: nothing is written while the turn runs.
      expect(calls.filter((c) => c.topics.includes(`said-${n}`))).toEqual([]);
    }, () => storage.write({ [`activities/${n}`]: { text: `reply ${n}`, eTag: '*' } }));
    await turn(1);
    expect(calls).toEqual([{ keys: ['state/1', 'activities/1'], topics: ['said-1'] }]);
    expect((await store.outbox.list({ topic: 'said-1' })).map((m) => m.payload)).toEqual([{ n: 1 }]);
    failNext = true;
    await expect(turn(2)).rejects.toThrow(/disk I\/O error/);
    expect(await store.outbox.list({ topic: 'said-2' })).toEqual([]);
    expect(await store.botStorage.read(['state/2', 'activities/2'])).toEqual({});
  });

  it('refuses messages over a storage that cannot hold them, instead of losing them', async () => {
    const storage = new GroupCommitStorage(new MemoryStorage());
    await expect(storage.addOutbox([{ topic: 'lost', payload: {} }])).rejects.toThrow(/cannot hold them/);
  });
});
