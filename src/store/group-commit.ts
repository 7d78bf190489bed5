import { storeUnavailableIn } from './errors.js';

/**
 * Group commit: the one way Hearken gathers the writes many callers make at about
 * the same time into one transaction (one commit, so one fsync on SQLite with
 * synchronous=FULL), used for the bot's state and chat log (GroupCommitStorage)
 * and for the guard audit (src/desk/group-commit-audit.ts). Each caller's promise
 * settles only when its own item is committed, so durability is unchanged.
 *
 * Idle, a batch commits on the next tick; busy (a batch committed moments ago), it
 * waits a little so callers still running join it instead of each paying for its
 * own commit. Batches commit one after another, in call order.
 *
 * One caller's bad item never fails another's: when a shared batch fails, its
 * items are committed again one by one, so only the bad one fails, unless the
 * database itself is unavailable, which fails them all alike.
 */
export interface GroupCommitTarget<Item, Result> {
  /** Commits the items of several callers in one transaction; one result per item, in order. */
  commitMany(items: Item[]): Promise<Result[]>;
  /** Commits one caller's item alone. */
  commitOne(item: Item): Promise<Result>;
}

const BUSY_WITHIN_MS = 10;
const GATHER_MS = 2;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<Item, Result> {
  private waiting: Array<Waiting<Item, Result>> = [];
  /** The chain of batches and ordered work, in call order. */
  private writing: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private lastBatchAt = 0;

  constructor(private readonly target: GroupCommitTarget<Item, Result>) {}

  /** Joins the next batch; resolves with this item's result once the batch is committed. */
  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      const busy = Date.now() - this.lastBatchAt < BUSY_WITHIN_MS;
      if (busy) setTimeout(() => this.flush(), GATHER_MS);
      else setImmediate(() => this.flush());
    });
  }

  /** Runs `work` on its own, after every batch and work queued before it (writes that must not share a transaction). */
  after<T>(work: () => Promise<T>): Promise<T> {
    this.flush();
    const result = this.writing.catch(() => {}).then(work);
    this.writing = result;
    return result;
  }

  /** Resolves when everything queued so far is committed (or failed). */
  async drain(): Promise<void> {
    this.flush();
    await this.writing.catch(() => {});
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.waiting;
    if (batch.length === 0) return;
    this.waiting = [];
    this.lastBatchAt = Date.now();
    this.writing = this.writing.catch(() => {}).then(() => this.commit(batch));
  }

  private async commit(batch: Array<Waiting<Item, Result>>): Promise<void> {
    try {
      const results = await this.target.commitMany(batch.map((waiting) => waiting.item));
      batch.forEach((waiting, i) => waiting.resolve(results[i]!));
      return;
    } catch (error) {
      if (batch.length === 1 || storeUnavailableIn(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
    }
    // Something in the batch was refused: each caller's item alone, in call order.
    for (const waiting of batch) await this.target.commitOne(waiting.item).then(waiting.resolve, waiting.reject);
  }
}
