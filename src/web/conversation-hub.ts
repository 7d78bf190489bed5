import { randomBytes } from 'node:crypto';
import { type ChatAccount, type ChatActivity, type ChatBot, type ChatHost, LISTEN_TIMEOUT_EVENT } from '../contracts/chat.js';
import { type Bucket, DEFAULT_MESSAGE_RATE_LIMIT, fullBucket, type MessageRateLimit, takeMessageToken } from './message-rate-limit.js';
import { ConversationTranscript, type TranscriptStorage } from './transcript.js';

export interface ConversationHubOptions {
  storage: TranscriptStorage;
  now?: () => number;
  /** Quiet period after a customer message before `hearken.listenTimeout` is posted; 0 turns it off. */
  listenPauseMs?: number;
  messageRateLimit?: MessageRateLimit;
  /**
   * Live conversations with no open stream, running turn or listen timer are dropped from
   * memory after this long without a request (they reload from storage). Default 60 s:
   * Web Chat keeps a stream open and a polling client touches the chat every second, so
   * only chats nobody is looking at go; keeping them for 15 min held ~15 KB each for
   * every chat of the last 15 min (`npm run soak`, docs/web-chat.md "Memory").
   */
  idleEvictMs?: number;
  /**
   * Most conversations held in memory. Creating one more first drops the least
   * recently used conversations that have no running turn, timer or open stream
   * (they reload from storage on demand); if none can go, create() throws
   * ConversationCapacityError. Default 5000.
   */
  maxLiveConversations?: number;
  botAccount?: ChatAccount;
  channelId?: string;
  log?: (message: string) => void;
}

export type PostOutcome =
  | { status: 'accepted'; id: string }
  | { status: 'rate_limited'; retryAfterMs: number };

/** A user activity as Web Chat posts it, before the server stamps who, where and when. */
export interface ClientActivity {
  type: 'message' | 'typing' | 'event';
  text?: string;
  textFormat?: string;
  locale?: string;
  value?: unknown;
  name?: string;
  channelData?: Record<string, unknown>;
  entities?: unknown[];
}

interface LiveConversation {
  transcript: ConversationTranscript;
  /** Turns of one conversation run one after another, so dialog state is never raced. */
  turns: Promise<void>;
  pendingTurns: number;
  bucket: Bucket;
  listenTimer: NodeJS.Timeout | undefined;
  lastLocale: string | undefined;
  lastUsedMs: number;
}

const SERVICE_URL = 'hearken://directline';

/** See ConversationHubOptions.idleEvictMs. */
export const DEFAULT_IDLE_EVICT_MS = 60_000;

/** Every conversation in memory is busy (turn, timer or open stream); no new one fits now. */
export class ConversationCapacityError extends Error {
  constructor(readonly maxLive: number) {
    super(`${maxLive} conversations are open on this server and none is idle`);
  }
}

/**
 * The Direct Line side of Hearken that is not HTTP: live conversations, their
 * transcripts, the per-conversation turn queue, the listen-pause timer, and the
 * ChatHost the bot runs on (turns in, replies and proactive turns out). HTTP and
 * WebSocket routes call into this; the bot is served with `serve`.
 */
export class ConversationHub implements ChatHost {
  readonly botAccount: ChatAccount;
  private bot: ChatBot | undefined;
  private readonly live = new Map<string, LiveConversation>();
  private readonly loading = new Map<string, Promise<LiveConversation | undefined>>();
  private readonly now: () => number;
  private readonly channelId: string;
  private readonly listenPauseMs: number;
  private readonly rateLimit: MessageRateLimit;
  private readonly idleEvictMs: number;
  private readonly maxLive: number;
  private readonly log: (message: string) => void;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: ConversationHubOptions) {
    this.now = options.now ?? Date.now;
    this.channelId = options.channelId ?? 'directline';
    this.listenPauseMs = options.listenPauseMs ?? 0;
    this.rateLimit = options.messageRateLimit ?? DEFAULT_MESSAGE_RATE_LIMIT;
    this.idleEvictMs = options.idleEvictMs ?? DEFAULT_IDLE_EVICT_MS;
    this.maxLive = options.maxLiveConversations ?? 5000;
    this.log = options.log ?? ((message) => console.error(message));
    this.botAccount = options.botAccount ?? { id: 'hearken', name: 'Hearken', role: 'bot' };
    // Swept four times per idle period, so a chat goes at most 25 % later than idleEvictMs.
    this.sweeper = setInterval(() => void this.evictIdle(), Math.max(10, Math.min(60_000, this.idleEvictMs / 4))).unref();
  }

  /** ChatHost: the bot whose turns this hub runs; set once, before the server takes requests. */
  serve(bot: ChatBot): void {
    if (this.bot) throw new Error('this conversation hub already serves a bot');
    this.bot = bot;
  }

  /** Creates a conversation record (no turn yet). */
  async create(locale: string | undefined): Promise<{ conversationId: string; userId: string }> {
    this.options.storage.assertAvailable?.();
    if (!(await this.makeRoom())) throw new ConversationCapacityError(this.maxLive);
    const conversationId = randomBytes(16).toString('base64url');
    const userId = `dl_${randomBytes(12).toString('base64url')}`;
    const transcript = new ConversationTranscript(
      {
        conversationId,
        userId,
        ...(locale ? { locale } : {}),
        createdAt: new Date(this.now()).toISOString(),
        started: false,
        activityCount: 0,
        lastTimestampMs: 0,
      },
      [],
      this.options.storage,
      this.now,
    );
    this.live.set(conversationId, this.newLive(transcript));
    transcript.saveRecord();
    try {
      await transcript.flushed();
    } catch (error) {
      // Nobody got a token for it: it must not sit in memory waiting for storage.
      this.live.delete(conversationId);
      throw error;
    }
    return { conversationId, userId };
  }

  /** Live conversation from memory, or reloaded from storage after an eviction or a restart. */
  async get(conversationId: string): Promise<ConversationTranscript | undefined> {
    return (await this.liveConversation(conversationId))?.transcript;
  }

  /**
   * Runs the welcome turn once per conversation. Web Chat sends no join event,
   * so the server itself tells the bot that the customer arrived.
   */
  async start(conversationId: string, locale: string | undefined): Promise<void> {
    const live = await this.liveConversation(conversationId);
    if (!live || live.transcript.record.started) return;
    const record = live.transcript.record;
    if (!record.locale && locale) record.locale = locale;
    live.transcript.markStarted();
    const user = customerAccount(record.userId);
    void this.enqueueTurn(live, {
      ...this.addressing(record.conversationId, user),
      type: 'conversationUpdate',
      membersAdded: [user, this.botAccount],
      ...(record.locale ? { locale: record.locale } : {}),
    });
  }

  /**
   * Echoes the customer's activity (server id, client's clientActivityID kept)
   * and runs the bot turn. Resolves when the turn is over and its replies are
   * on the stream, so the POST's latency is the turn latency.
   */
  async postFromUser(conversationId: string, posted: ClientActivity): Promise<PostOutcome | undefined> {
    const live = await this.liveConversation(conversationId);
    if (!live) return undefined;
    live.lastUsedMs = this.now();
    if (posted.type === 'typing') {
      // Typing is a sign of life, not a turn: it is not stored, costs no bot turn and so is not
      // rate limited; it only postpones the listen-pause timer.
      if (live.listenTimer) this.armListenTimer(live);
      return { status: 'accepted', id: '' };
    }
    // While the database is away, refuse before echoing or running a turn: nothing is shown
    // to the customer as said that cannot be stored, and the rejected POST is simply sent again.
    this.options.storage.assertAvailable?.();
    // What an earlier failed save still holds goes first; if that fails too, so does this POST.
    if (live.transcript.saveFailed) await live.transcript.flushed();
    const decision = takeMessageToken(this.rateLimit, live.bucket, this.now());
    live.bucket = decision.bucket;
    if (!decision.allowed) return { status: 'rate_limited', retryAfterMs: decision.retryAfterMs };
    const record = live.transcript.record;
    if (posted.locale) live.lastLocale = posted.locale;
    const echoed = live.transcript.append({
      ...stripUndefined(posted),
      ...this.addressing(record.conversationId, customerAccount(record.userId)),
    });
    if (live.listenTimer) clearTimeout(live.listenTimer);
    live.listenTimer = undefined;
    await this.enqueueTurn(live, echoed);
    if (posted.type === 'message') this.armListenTimer(live);
    await live.transcript.flushed();
    return { status: 'accepted', id: echoed.id };
  }

  /** ChatHost: a bot-initiated turn in an existing conversation, queued behind any running turn. */
  async continueConversation(conversationId: string, turn: () => Promise<void>): Promise<void> {
    const live = conversationId ? await this.liveConversation(conversationId) : undefined;
    if (!live) throw new Error(`proactive message to unknown Direct Line conversation ${conversationId || '(no id)'}; it may have been deleted`);
    await this.enqueue(live, turn);
    await live.transcript.flushed();
  }

  deliverFromBot(activity: ChatActivity): string {
    const live = this.openConversation(activity.conversation?.id);
    const transcript = live.transcript;
    const { replyToId, ...rest } = activity;
    if (activity.type === 'typing') {
      transcript.announce({ ...rest, from: this.botAccount, conversation: { id: transcript.record.conversationId } });
      return '';
    }
    const stored = transcript.append({
      ...rest,
      // Web Chat holds a reply back for up to 5 s waiting for the activity it answers, so only
      // point at activities the client can actually see (not internal events).
      ...(replyToId && transcript.has(replyToId) ? { replyToId } : {}),
      from: this.botAccount,
      recipient: customerAccount(transcript.record.userId),
      conversation: { id: transcript.record.conversationId },
      channelId: this.channelId,
      serviceUrl: SERVICE_URL,
    });
    return stored.id;
  }

  updateFromBot(activity: ChatActivity): void {
    const live = this.openConversation(activity.conversation?.id);
    if (!activity.id || !live.transcript.replace(activity.id, activity)) {
      throw new Error(`cannot update activity ${activity.id ?? '(no id)'}: not in conversation ${live.transcript.record.conversationId}`);
    }
  }

  deleteFromBot(conversationId: string, activityId: string): void {
    const live = this.openConversation(conversationId);
    // Deleting would shift watermarks; blank the activity instead so indexes stay stable.
    if (!activityId || !live.transcript.replace(activityId, { type: 'messageDelete', text: '', attachments: [] })) {
      throw new Error(`cannot delete activity ${activityId || '(no id)'}: not in conversation ${live.transcript.record.conversationId}`);
    }
  }

  /** Keeps a conversation in memory while a stream is open. */
  touch(conversationId: string): void {
    const live = this.live.get(conversationId);
    if (live) live.lastUsedMs = this.now();
  }

  /** Waits for running turns and pending saves, then stops timers. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    for (const live of this.live.values()) {
      if (live.listenTimer) clearTimeout(live.listenTimer);
      live.listenTimer = undefined;
    }
    await Promise.allSettled([...this.live.values()].map(async (live) => {
      await live.turns;
      await live.transcript.flushed();
    }));
  }

  get liveCount(): number {
    return this.live.size;
  }

  private addressing(conversationId: string, user: ChatAccount): Omit<ChatActivity, 'type'> {
    return {
      from: user,
      recipient: this.botAccount,
      conversation: { id: conversationId },
      channelId: this.channelId,
      serviceUrl: SERVICE_URL,
    };
  }

  private armListenTimer(live: LiveConversation): void {
    if (this.listenPauseMs <= 0 || this.closed) return;
    if (live.listenTimer) clearTimeout(live.listenTimer);
    live.listenTimer = setTimeout(() => {
      live.listenTimer = undefined;
      const record = live.transcript.record;
      void this.enqueueTurn(live, {
        ...this.addressing(record.conversationId, customerAccount(record.userId)),
        type: 'event',
        name: LISTEN_TIMEOUT_EVENT,
        value: { quietMs: this.listenPauseMs },
        timestamp: new Date(this.now()),
        ...(live.lastLocale ?? record.locale ? { locale: live.lastLocale ?? record.locale } : {}),
      });
    }, this.listenPauseMs);
    live.listenTimer.unref();
  }

  /** A turn for the bot; resolves when it is over, failed or not (failures are logged). */
  private enqueueTurn(live: LiveConversation, activity: ChatActivity): Promise<void> {
    return this.enqueue(live, () => {
      if (!this.bot) throw new Error('no bot serves this conversation hub; call serve(bot) before taking requests');
      return this.bot.runTurn(activity);
    }).catch(() => {});
  }

  /**
   * Queues work behind the conversation's running turn. The returned promise
   * rejects when the work failed (proactive callers need to know); the queue
   * itself always moves on.
   */
  private enqueue(live: LiveConversation, work: () => Promise<void>): Promise<void> {
    live.pendingTurns += 1;
    const transcript = live.transcript;
    // One storage write per turn for the echo, all replies and the dialog state the turn
    // decided, so a crash keeps both or neither; a failed save is retried later.
    const save = async () => {
      transcript.endTurn();
      await transcript.flushed().catch((error: Error) => this.log(error.message));
    };
    const run = live.turns.then(async () => {
      transcript.beginTurn();
      if (this.options.storage.runTurn) return this.options.storage.runTurn(work, save);
      try {
        await work();
      } finally {
        await save();
      }
    });
    live.turns = run.catch((error: Error) => {
      this.log(`Direct Line turn failed in conversation ${live.transcript.record.conversationId}: ${error.message}`);
    }).finally(() => {
      live.pendingTurns -= 1;
      live.lastUsedMs = this.now();
    });
    return run;
  }

  private newLive(transcript: ConversationTranscript): LiveConversation {
    return {
      transcript,
      turns: Promise.resolve(),
      pendingTurns: 0,
      bucket: fullBucket(this.rateLimit, this.now()),
      listenTimer: undefined,
      lastLocale: transcript.record.locale,
      lastUsedMs: this.now(),
    };
  }

  /** The bot only sends during a turn, when its conversation is in memory (turns pin it). */
  private openConversation(conversationId: string | undefined): LiveConversation {
    const live = conversationId ? this.live.get(conversationId) : undefined;
    if (!live) throw new Error(`bot sent to Direct Line conversation ${conversationId ?? '(no id)'}, which is not open; send proactively through continueConversation`);
    return live;
  }

  private async liveConversation(conversationId: string): Promise<LiveConversation | undefined> {
    const cached = this.live.get(conversationId);
    if (cached) return cached;
    let pending = this.loading.get(conversationId);
    if (!pending) {
      pending = this.options.storage.loadConversation(conversationId).then((loaded) => {
        if (!loaded) return undefined;
        const again = this.live.get(conversationId);
        if (again) return again;
        const live = this.newLive(new ConversationTranscript(loaded.record, loaded.activities, this.options.storage, this.now));
        this.live.set(conversationId, live);
        return live;
      }).finally(() => this.loading.delete(conversationId));
      this.loading.set(conversationId, pending);
    }
    return pending;
  }

  /** Drops least recently used quiet conversations until one more fits; false if none can go. */
  private async makeRoom(): Promise<boolean> {
    if (this.live.size < this.maxLive) return true;
    const quiet = [...this.live].filter(([, live]) => isQuiet(live)).sort(([, a], [, b]) => a.lastUsedMs - b.lastUsedMs);
    for (const [id, live] of quiet) {
      if (this.live.size < this.maxLive) break;
      try {
        await live.transcript.flushed();
      } catch {
        continue; // unsaved activities stay in memory until storage accepts them
      }
      if (this.live.get(id) === live && isQuiet(live)) this.live.delete(id);
    }
    return this.live.size < this.maxLive;
  }

  private async evictIdle(): Promise<void> {
    const cutoff = this.now() - this.idleEvictMs;
    for (const [id, live] of this.live) {
      if (live.lastUsedMs > cutoff || live.pendingTurns > 0 || live.listenTimer || live.transcript.listenerCount > 0) continue;
      try {
        await live.transcript.flushed();
      } catch {
        continue; // keep unsaved activities in memory until storage accepts them
      }
      if (live.lastUsedMs <= cutoff && live.pendingTurns === 0 && live.transcript.listenerCount === 0) this.live.delete(id);
    }
  }
}

function isQuiet(live: LiveConversation): boolean {
  return live.pendingTurns === 0 && !live.listenTimer && live.transcript.listenerCount === 0;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function customerAccount(userId: string): ChatAccount {
  return { id: userId, name: 'customer', role: 'user' };
}
