import { AsyncLocalStorage } from 'node:async_hooks';
import { storeUnavailableIn, type StoreUnavailableError } from './errors.js';
import { GroupCommit } from './group-commit.js';
import type { OutboxMessageInput, StateItems, StateStorage, StoreStateStorage } from './types.js';

/**
 * A state storage (botbuilder's Storage shape) whose unconditional writes (`eTag`
 * '*' or none, which is how BotState.saveChanges and the chat log write) join a
 * group commit (group-commit.ts): the writes many conversations make in the same
 * tick are one write of the underlying storage. Writes with a real eTag, and
 * deletes, keep their own transaction, in call order, so a conflict fails only
 * the caller that caused it. A write whose value cannot be serialised is refused
 * before it joins a batch.
 *
 * `runTurn` makes one bot turn's writes (dialog state), the outbox messages it
 * added and its chat-log activities a single member of a batch, so they are
 * stored all or none.
 */

/** One caller's write: state changes and outbox messages to store in one transaction. */
interface Member {
  changes: StateItems;
  outbox: OutboxMessageInput[];
}

/** The writes of a running turn, held until the turn's activities are saved with them. */
interface TurnWrites {
  held: StateItems;
  heldOutbox: OutboxMessageInput[];
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
  private readonly batches: GroupCommit<Member, void>;
  private readonly turns = new AsyncLocalStorage<TurnScope>();
  /** The database was found away; until `until`, work that must be stored is refused up front. */
  private away: { until: number; error: StoreUnavailableError } | undefined;

  /** `inner` must be the store's state storage (writeWithOutbox) for outbox messages to be accepted. */
  constructor(private readonly inner: StateStorage | StoreStateStorage, private readonly now: () => number = Date.now) {
    this.batches = new GroupCommit<Member, void>({
      commitMany: async (members) => {
        // A later write of the same key in the same batch wins, as it would have written last.
        await this.writeMember({ changes: Object.assign({}, ...members.map((m) => m.changes)) as StateItems, outbox: members.flatMap((m) => m.outbox) });
        return members.map(() => undefined);
      },
      commitOne: (member) => this.writeMember(member),
    });
  }

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
    if (conditional) return this.batches.after(() => this.observe(this.inner.write(changes)));
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
    return this.batches.add(this.carried(scope, { changes, outbox: [] }));
  }

  /**
   * Adds messages for other channels. In a running turn they are held and stored with
   * the turn's state and activities, in one transaction; otherwise they join the next batch.
   */
  addOutbox(messages: readonly OutboxMessageInput[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    const copies = JSON.parse(JSON.stringify(messages)) as OutboxMessageInput[];
    const scope = this.turns.getStore();
    if (scope && !scope.carries && scope.turn.running) {
      scope.turn.heldOutbox.push(...copies);
      return Promise.resolve();
    }
    return this.batches.add(this.carried(scope, { changes: {}, outbox: copies }));
  }

  delete(keys: string[]): Promise<void> {
    // A delete in a turn goes ahead now; a held write of the same key must not bring it back.
    const turn = this.turns.getStore()?.turn;
    if (turn) for (const key of keys) delete turn.held[key];
    return this.batches.after(() => this.observe(this.inner.delete(keys)));
  }

  /**
   * Runs one bot turn (`turn`), then `save`, which stores the turn's activities.
   * The unconditional writes the turn makes (dialog and user state) and its outbox
   * messages are held rather than written, and resolve at once; the first write
   * `save` makes carries them in the same write, so a crash leaves all or none. If
   * `save` writes nothing, they are written on their own. A turn that throws still
   * has its held writes stored, as they were before; the error is rethrown.
   */
  async runTurn(turn: () => Promise<void>, save: () => Promise<void>): Promise<void> {
    const writes: TurnWrites = { held: {}, heldOutbox: [], running: true };
    try {
      await this.turns.run({ turn: writes, carries: false }, turn);
    } finally {
      writes.running = false;
      try {
        await this.turns.run({ turn: writes, carries: true }, save);
      } finally {
        const left: Member = { changes: writes.held, outbox: writes.heldOutbox };
        writes.held = {};
        writes.heldOutbox = [];
        if (Object.keys(left.changes).length > 0 || left.outbox.length > 0) await this.turns.exit(() => this.batches.add(left));
      }
    }
  }

  /** Resolves when every write queued so far is committed (or failed). */
  drain(): Promise<void> {
    return this.batches.drain();
  }

  /** The first write of the save after a turn (its activities) carries what the turn decided. */
  private carried(scope: TurnScope | undefined, member: Member): Member {
    if (!scope?.carries) return member;
    const { held, heldOutbox } = scope.turn;
    if (Object.keys(held).length === 0 && heldOutbox.length === 0) return member;
    scope.turn.held = {};
    scope.turn.heldOutbox = [];
    return { changes: { ...held, ...member.changes }, outbox: [...heldOutbox, ...member.outbox] };
  }

  private writeMember(member: Member): Promise<void> {
    if (member.outbox.length === 0) return this.observe(this.inner.write(member.changes));
    if (!('writeWithOutbox' in this.inner)) {
      return Promise.reject(new Error('outbox messages need the store\'s state storage under the group commit; this storage cannot hold them'));
    }
    return this.observe(this.inner.writeWithOutbox(member.changes, member.outbox));
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
