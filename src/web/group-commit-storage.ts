import type { Storage, StoreItems } from 'botbuilder';

/**
 * A botbuilder Storage that merges the unconditional writes (`eTag` '*' or
 * none, which is how BotState.saveChanges and the transcripts write) made in
 * the same tick by many conversations into one `write` of the underlying
 * storage: one transaction, so one fsync on SQLite with synchronous=FULL,
 * instead of one per turn. Each caller's promise resolves only when its batch
 * is committed, so durability is unchanged. Writes with a real eTag keep their
 * own transaction, so a conflict fails only the caller that caused it.
 */
const BUSY_WITHIN_MS = 10;
const GATHER_MS = 2;

export class GroupCommitStorage implements Storage {
  private pending: StoreItems = {};
  /** Resolves or rejects when the pending batch is committed; undefined when nothing is pending. */
  private batch: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  /** The chain of writes in call order. */
  private writing: Promise<void> = Promise.resolve();
  private lastFlushAt = 0;

  constructor(private readonly inner: Storage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.inner.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    const conditional = Object.values(changes).some((item) => {
      const eTag = (item as { eTag?: string } | undefined)?.eTag;
      return eTag !== undefined && eTag !== '*' && eTag !== '';
    });
    if (conditional) return this.enqueue(() => this.inner.write(changes));
    // A later write of the same key in the same tick wins, as it would have written last.
    Object.assign(this.pending, changes);
    if (!this.batch) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.batch = { promise, resolve, reject };
      // Idle: write at once. Busy (a write finished moments ago): wait a little so the turns that
      // are still running join this transaction instead of each paying for its own fsync.
      const busy = Date.now() - this.lastFlushAt < BUSY_WITHIN_MS;
      if (busy) setTimeout(() => this.flushPending(), GATHER_MS);
      else setImmediate(() => this.flushPending());
    }
    return this.batch.promise;
  }

  delete(keys: string[]): Promise<void> {
    return this.enqueue(() => this.inner.delete(keys));
  }

  /** Resolves when every write queued so far is committed (or failed). */
  async drain(): Promise<void> {
    this.flushPending();
    await this.writing.catch(() => {});
  }

  /** Conditional writes and deletes go after the pending batch, keeping the order of calls. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    this.flushPending();
    const result = this.writing.catch(() => {}).then(work);
    this.writing = result;
    return result;
  }

  private flushPending(): void {
    const batch = this.batch;
    if (!batch) return;
    const merged = this.pending;
    this.pending = {};
    this.batch = undefined;
    this.lastFlushAt = Date.now();
    const result = this.writing.catch(() => {}).then(() => this.inner.write(merged));
    this.writing = result;
    result.then(batch.resolve, batch.reject);
  }
}
