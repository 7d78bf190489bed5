import { AsyncLocalStorage } from 'node:async_hooks';
import { storeUnavailableIn, type StoreUnavailableError } from './errors.js';
import type { StateItems, StateStorage } from './types.js';

/**
 * A state storage (botbuilder's Storage shape) that merges the unconditional writes (`eTag` '*' or
 * none, which is how BotState.saveChanges and the transcripts write) made in
 * the same tick by many conversations into one `write` of the underlying
 * storage: one transaction, so one fsync on SQLite with synchronous=FULL,
 * instead of one per turn. Each caller's promise resolves only when its batch
 * is committed, so durability is unchanged. Writes with a real eTag keep their
 * own transaction, so a conflict fails only the caller that caused it.
 *
 * One caller's bad write never fails another's: a write whose value cannot be
 * serialised is refused before it joins a batch, and when a shared batch fails
 * anyway, its members are written again one by one, so only the bad one fails
 * (unless the database itself is unavailable, which fails them all alike).
 *
 * `runTurn` makes one bot turn's writes (dialog state) and its Direct Line
 * activities a single member of a batch, so they are stored both or neither.
 */
const BUSY_WITHIN_MS = 10;
const GATHER_MS = 2;

/** One caller's write waiting in a batch. */
interface Member {
  changes: StateItems;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** The writes of a running turn, held until the turn's activities are saved with them. */
interface TurnWrites {
  held: StateItems;
  /** True while the turn runs (its writes are held); false once it ended. */
  running: boolean;
}

/**
 * What the async context of a write belongs to: the turn itself (`carries` false), or the
 * save after it (`carries` true), whose first write carries the held ones. Work the turn
 * left running after it ended (its context is the turn's, no longer running) writes on its own.
 */
interface TurnScope {
  turn: TurnWrites;
  carries: boolean;
}

/** A value that JSON cannot carry (a cycle, a BigInt, nesting deep enough to overflow the stack). */
export class UnserialisableWriteError extends Error {
  constructor(keys: string[], cause: unknown) {
    super(`cannot store ${keys.join(', ')}: the value cannot be serialised as JSON (${(cause as Error).message}); nothing of this write was stored`, { cause });
    this.name = 'UnserialisableWriteError';
  }
}

export class GroupCommitStorage implements StateStorage {
  private members: Member[] = [];
  /** The chain of writes in call order. */
  private writing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private lastFlushAt = 0;
  private readonly turns = new AsyncLocalStorage<TurnScope>();
  /** The database was found away; until `until`, work that must be stored is refused up front. */
  private away: { until: number; error: StoreUnavailableError } | undefined;

  constructor(private readonly inner: StateStorage, private readonly now: () => number = Date.now) {}

  /**
   * Throws the StoreUnavailableError of the last failed call while its retry time
   * has not passed. Callers check before doing work whose result must be stored
   * (a bot turn), so while the database is away a request is refused at once
   * instead of running a turn that cannot be saved.
   */
  assertAvailable(): void {
    if (this.away && this.now() < this.away.until) throw this.away.error;
  }

  async read(keys: string[]): Promise<StateItems> {
    const items = await this.observe(this.inner.read(keys));
    // A turn reads its own held writes, as it would have once they were stored.
    const turn = this.turns.getStore()?.turn;
    if (turn) for (const key of keys) if (key in turn.held) items[key] = structuredClone(turn.held[key]);
    return items;
  }

  write(changes: StateItems): Promise<void> {
    const conditional = Object.values(changes).some((item) => {
      const eTag = (item as { eTag?: string } | undefined)?.eTag;
      return eTag !== undefined && eTag !== '*' && eTag !== '';
    });
    if (conditional) return this.enqueue(() => this.observe(this.inner.write(changes)));
    let json: string;
    try {
      json = JSON.stringify(changes);
    } catch (error) {
      return Promise.reject(new UnserialisableWriteError(Object.keys(changes), error));
    }
    const scope = this.turns.getStore();
    if (scope && !scope.carries && scope.turn.running) {
      // Held, as serialised now (the caller may change its objects afterwards); stored with the
      // turn's activities when the turn ends. The turn's answer waits for that commit.
      Object.assign(scope.turn.held, JSON.parse(json) as StateItems);
      return Promise.resolve();
    }
    let merged = changes;
    if (scope?.carries && Object.keys(scope.turn.held).length > 0) {
      // The first write of the save after the turn (its activities) carries what the turn decided.
      merged = { ...scope.turn.held, ...changes };
      scope.turn.held = {};
    }
    return new Promise<void>((resolve, reject) => {
      this.members.push({ changes: merged, resolve, reject });
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      // Idle: write at once. Busy (a write finished moments ago): wait a little so the turns that
      // are still running join this transaction instead of each paying for its own fsync.
      const busy = Date.now() - this.lastFlushAt < BUSY_WITHIN_MS;
      if (busy) setTimeout(() => this.flushPending(), GATHER_MS);
      else setImmediate(() => this.flushPending());
    });
  }

  delete(keys: string[]): Promise<void> {
    // A delete in a turn goes ahead now; a held write of the same key must not bring it back.
    const turn = this.turns.getStore()?.turn;
    if (turn) for (const key of keys) delete turn.held[key];
    return this.enqueue(() => this.observe(this.inner.delete(keys)));
  }

  /**
   * Runs one bot turn (`turn`), then `save`, which stores the turn's activities.
   * The unconditional writes the turn makes (dialog and user state, links) are
   * held rather than written, and resolve at once; the first write `save` makes
   * carries them in the same write, so a crash leaves both or neither. If `save`
   * writes nothing, they are written on their own. A turn that throws still has
   * its held writes stored, as they were before; the error is rethrown.
   */
  async runTurn(turn: () => Promise<void>, save: () => Promise<void>): Promise<void> {
    const writes: TurnWrites = { held: {}, running: true };
    try {
      await this.turns.run({ turn: writes, carries: false }, turn);
    } finally {
      writes.running = false;
      try {
        await this.turns.run({ turn: writes, carries: true }, save);
      } finally {
        const left = writes.held;
        writes.held = {};
        if (Object.keys(left).length > 0) await this.turns.exit(() => this.write(left));
      }
    }
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
    this.flushScheduled = false;
    const members = this.members;
    if (members.length === 0) return;
    this.members = [];
    this.lastFlushAt = Date.now();
    const result = this.writing.catch(() => {}).then(() => this.commit(members));
    this.writing = result;
  }

  private async commit(members: Member[]): Promise<void> {
    try {
      // A later write of the same key in the same batch wins, as it would have written last.
      await this.observe(this.inner.write(Object.assign({}, ...members.map((member) => member.changes)) as StateItems));
      for (const member of members) member.resolve();
      return;
    } catch (error) {
      if (members.length === 1 || storeUnavailableIn(error)) {
        for (const member of members) member.reject(error);
        return;
      }
    }
    // Something in the batch was refused: write each caller's changes alone, in call order,
    // so only the caller whose write is bad fails.
    for (const member of members) {
      try {
        await this.observe(this.inner.write(member.changes));
        member.resolve();
      } catch (error) {
        member.reject(error);
      }
    }
  }

  /** Notes whether the database answered, for assertAvailable. */
  private async observe<T>(call: Promise<T>): Promise<T> {
    try {
      const result = await call;
      this.away = undefined;
      return result;
    } catch (error) {
      const unavailable = storeUnavailableIn(error);
      if (unavailable) this.away = { until: this.now() + unavailable.retryAfterMs, error: unavailable };
      throw error;
    }
  }
}
