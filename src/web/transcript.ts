import type { ChatActivity, ChatConversationRecord as ConversationRecord } from '../contracts/chat.js';

export type { ConversationRecord };

/** Where transcripts survive a restart. Implemented by the store's chat log (src/store/chat-log.ts). */
export interface TranscriptStorage {
  loadConversation(conversationId: string): Promise<{ record: ConversationRecord; activities: ChatActivity[] } | undefined>;
  /** Writes the record and the activities appended since the last save, at their indexes. */
  saveConversation(record: ConversationRecord, appended: Array<{ index: number; activity: ChatActivity }>): Promise<void>;
  /**
   * Runs a bot turn, then `save` (which saves the turn's activities), so that the
   * storage writes the turn made (its dialog state) are stored in the same
   * transaction as those activities: both or neither. Optional; without it they
   * are separate writes.
   */
  runTurn?(turn: () => Promise<void>, save: () => Promise<void>): Promise<void>;
  /** Throws (StoreUnavailableError) when the database is known to be away right now. Optional. */
  assertAvailable?(): void;
}

export interface ActivitySet {
  activities: ChatActivity[];
  /** Direct Line watermarks are strings; Web Chat's first poll sends an empty one. */
  watermark: string;
}

type Listener = (set: ActivitySet) => void;

/**
 * One conversation's ordered activity log. The index of an activity is its
 * watermark position, so replay after a reconnect is `activities.slice(N)` and
 * can neither skip nor duplicate. Timestamps are made strictly increasing
 * because Web Chat sorts by timestamp.
 */
export class ConversationTranscript {
  private readonly listeners = new Set<Listener>();
  private unsaved: Array<{ index: number; activity: ChatActivity }> = [];
  private recordDirty = false;
  private saving: Promise<void> = Promise.resolve();
  private saveError: Error | undefined;
  private lazySave: NodeJS.Timeout | undefined;
  /** A bot turn is running: its activities wait for its end, to be saved with its dialog state. */
  private inTurn = false;

  constructor(
    readonly record: ConversationRecord,
    private readonly activities: ChatActivity[],
    private readonly storage: TranscriptStorage,
    private readonly now: () => number,
  ) {}

  get watermark(): string {
    return String(this.activities.length);
  }

  /** The last save failed; what it held is still waiting to be stored. */
  get saveFailed(): boolean {
    return this.saveError !== undefined;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  has(activityId: string): boolean {
    const index = activityIndex(activityId);
    return index !== undefined && this.activities[index]?.id === activityId;
  }

  /** Stamps id and timestamp, stores the activity and pushes it to every open stream. */
  append(activity: Partial<ChatActivity>): ChatActivity & { id: string } {
    const index = this.activities.length;
    const timestampMs = Math.max(this.now(), this.record.lastTimestampMs + 1);
    const stored = {
      ...activity,
      id: `${this.record.conversationId}|${String(index).padStart(7, '0')}`,
      // An ISO string, not a Date: it must look the same live and when replayed from storage.
      timestamp: new Date(timestampMs).toISOString(),
    } as unknown as ChatActivity & { id: string };
    this.activities.push(stored);
    this.record.activityCount = this.activities.length;
    this.record.lastTimestampMs = timestampMs;
    this.unsaved.push({ index, activity: stored });
    this.scheduleSave();
    const set = { activities: [stored], watermark: this.watermark };
    for (const listener of this.listeners) listener(set);
    return stored;
  }

  /** Replaces an activity the bot updated; clients see it again as a new frame with the same id. */
  replace(activityId: string, activity: Partial<ChatActivity>): ChatActivity | undefined {
    const index = activityIndex(activityId);
    const existing = index === undefined ? undefined : this.activities[index];
    if (index === undefined || existing?.id !== activityId) return undefined;
    const updated = { ...existing, ...activity, id: existing.id, timestamp: existing.timestamp } as ChatActivity;
    this.activities[index] = updated;
    this.unsaved.push({ index, activity: updated });
    this.scheduleSave();
    const set = { activities: [updated], watermark: this.watermark };
    for (const listener of this.listeners) listener(set);
    return updated;
  }

  /**
   * Pushes a passing signal (the bot's typing indicator) to open streams
   * without storing it: it has no watermark position and is not replayed.
   */
  announce(activity: Partial<ChatActivity>): void {
    const set = {
      activities: [{ ...activity, timestamp: new Date(Math.max(this.now(), this.record.lastTimestampMs)).toISOString() } as unknown as ChatActivity],
      watermark: this.watermark,
    };
    for (const listener of this.listeners) listener(set);
  }

  since(watermark: string | undefined): ActivitySet {
    return { activities: this.activities.slice(parseWatermark(watermark, this.activities.length)), watermark: this.watermark };
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  markStarted(): void {
    this.record.started = true;
    this.scheduleSave();
  }

  /**
   * A bot turn starts: what it appends is saved by the `flushed()` at its end (with
   * its dialog state), not by the lazy save in between, so a crash cannot store a
   * reply without the decision that produced it.
   */
  beginTurn(): void {
    this.inTurn = true;
    if (this.lazySave) clearTimeout(this.lazySave);
    this.lazySave = undefined;
  }

  /** The turn is over; call `flushed()` next. */
  endTurn(): void {
    this.inTurn = false;
  }

  /** Persists the record even when no activity was appended (a freshly created conversation). */
  saveRecord(): void {
    this.scheduleSave();
  }

  /**
   * Writes everything appended so far and resolves when it is in storage;
   * rejects if that save failed (the activities stay queued for the next one).
   * Hearken calls this once per turn, so a turn's echo and replies share one write.
   */
  async flushed(): Promise<void> {
    if (this.lazySave) clearTimeout(this.lazySave);
    this.lazySave = undefined;
    this.saving = this.saving.then(() => this.saveNow());
    await this.saving;
    if (this.saveError) throw this.saveError;
  }

  private scheduleSave(): void {
    this.recordDirty = true;
    if (this.inTurn) return;
    // Safety net for appends outside a turn (nothing awaits them): saved shortly anyway.
    this.lazySave ??= setTimeout(() => {
      this.lazySave = undefined;
      this.saving = this.saving.then(() => this.saveNow());
    }, LAZY_SAVE_MS);
  }

  private async saveNow(): Promise<void> {
    if (!this.recordDirty && this.unsaved.length === 0) return;
    const batch = this.unsaved;
    this.unsaved = [];
    this.recordDirty = false;
    try {
      await this.storage.saveConversation({ ...this.record }, batch);
      this.saveError = undefined;
    } catch (error) {
      // Keep the batch so the next save retries it; nothing the customer said is dropped.
      this.unsaved = [...batch, ...this.unsaved];
      this.recordDirty = true;
      this.saveError = new Error(
        `saving Direct Line conversation ${this.record.conversationId} failed: ${(error as Error).message}; ` +
          'it will be retried with the next activity',
        // Kept so the HTTP layer can tell "database away, try again" (503) from a fault (500).
        { cause: error },
      );
    }
  }
}

const LAZY_SAVE_MS = 20;

/** A missing, empty or garbled watermark means "from the start"; one past the end means "nothing new". */
export function parseWatermark(watermark: string | undefined, length: number): number {
  if (watermark === undefined || !/^\d+$/.test(watermark)) return 0;
  return Math.min(Number(watermark), length);
}

function activityIndex(activityId: string): number | undefined {
  const match = /\|(\d+)$/.exec(activityId);
  return match ? Number(match[1]) : undefined;
}
