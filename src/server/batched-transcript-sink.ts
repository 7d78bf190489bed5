import type { TranscriptSink } from '../bot/ports.js';
import { storeUnavailableIn, type StoreUnavailableError, type TranscriptMessageInput, type TranscriptRepository } from '../store/index.js';

/** Rows kept in memory at most while the database is away; the oldest go first beyond that. */
const MAX_KEPT_ROWS = 10_000;

/**
 * The bot's transcript sink with group commit. A turn writes one row per
 * customer and per bot message; stored one by one, each is its own commit (an
 * fsync on SQLite, synchronously on the event loop), 3–5 per turn. Here
 * `append` only queues the row, and `flush()` stores everything queued by all
 * conversations in one `appendMany` transaction; flushes asked for in the same
 * tick share it. The server flushes at the end of every turn, before the turn
 * is acknowledged to the customer (see compose.ts), so a message Hearken has
 * answered is never lost, and it flushes before a conversation is linked to a
 * complaint, so linking sees every message said so far.
 */
export interface BatchedTranscriptSinkOptions {
  /**
   * Reports rows that could not be stored: a row the store refuses is dropped (as a failed
   * single append was); while the database is unavailable rows are kept and retried.
   */
  log: (message: string) => void;
  /**
   * Rows queued outside any turn (there should be none) are stored after at most
   * this long anyway; default 50 ms.
   */
  idleFlushMs?: number;
}

export class BatchedTranscriptSink implements TranscriptSink {
  private queued: TranscriptMessageInput[] = [];
  /** The flush the next `flush()` callers join; undefined when none is scheduled. */
  private next: Promise<void> | undefined;
  /** Batches commit one after another, so `seq` follows the order of `append` calls. */
  private writing: Promise<void> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly idleFlushMs: number;
  /** When the database went away with rows still to store; undefined while it answers. */
  private keptSince: number | undefined;

  constructor(private readonly transcripts: Pick<TranscriptRepository, 'append' | 'appendMany'>, private readonly options: BatchedTranscriptSinkOptions) {
    this.idleFlushMs = options.idleFlushMs ?? 50;
  }

  async append(entry: Parameters<TranscriptSink['append']>[0]): Promise<void> {
    this.queued.push({
      conversationId: entry.conversationId,
      role: entry.role,
      text: entry.text,
      channel: 'web_chat',
      at: new Date(entry.at),
      ...(entry.locale ? { locale: entry.locale } : {}),
      ...(entry.duringHandoff ? { meta: { duringHandoff: true } } : {}),
    });
    if (!this.idleTimer) {
      this.idleTimer = setTimeout(() => void this.flush(), this.idleFlushMs);
      this.idleTimer.unref();
    }
  }

  /** How many rows wait for the next flush. */
  get pending(): number {
    return this.queued.length;
  }

  /**
   * Resolves when every row appended before this call is committed (or, when the
   * store refused it, logged and dropped). Never rejects: a transcript failure
   * must not fail the customer's turn, as before.
   */
  flush(): Promise<void> {
    if (this.next) return this.next;
    if (this.queued.length === 0) return this.writing;
    // Gather the flushes of turns ending in this tick into one transaction.
    this.next = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.next = undefined;
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      const batch = this.queued;
      this.queued = [];
      const committed = this.writing.then(() => this.store(batch));
      this.writing = committed;
      return committed;
    });
    return this.next;
  }

  private async store(batch: TranscriptMessageInput[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.transcripts.appendMany(batch);
      if (this.keptSince !== undefined) this.options.log(`[bot] transcript rows kept while the database was away are stored (${batch.length} rows)`);
      this.keptSince = undefined;
      return;
    } catch (error) {
      const unavailable = storeUnavailableIn(error);
      if (unavailable) return this.keep(batch, unavailable);
      // One bad row must not take the other conversations' rows with it: retry one by one,
      // so only the row that fails is lost, exactly as with single appends.
    }
    for (const message of batch) {
      try {
        await this.transcripts.append(message);
      } catch (error) {
        this.options.log(`[bot] ERROR transcript append failed ${JSON.stringify({ conversationId: message.conversationId, role: message.role, error: (error as Error).message })}`);
      }
    }
  }

  /**
   * The database is away: nothing is wrong with the rows, so they wait (in order, before
   * newer ones) for the next flush instead of being dropped, and are retried by themselves
   * after the store's backoff when no turn flushes sooner.
   */
  private keep(batch: TranscriptMessageInput[], unavailable: StoreUnavailableError): void {
    if (this.keptSince === undefined) {
      this.keptSince = Date.now();
      this.options.log(`[bot] transcript rows kept in memory until the database is back: ${unavailable.message}`);
    }
    this.queued = [...batch, ...this.queued];
    if (this.queued.length > MAX_KEPT_ROWS) {
      const dropped = this.queued.splice(0, this.queued.length - MAX_KEPT_ROWS);
      this.options.log(`[bot] ERROR the database has been away too long: ${dropped.length} transcript rows dropped (at most ${MAX_KEPT_ROWS} are kept)`);
    }
    if (!this.idleTimer) {
      this.idleTimer = setTimeout(() => void this.flush(), Math.max(this.idleFlushMs, unavailable.retryAfterMs));
      this.idleTimer.unref();
    }
  }
}
