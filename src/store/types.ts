/**
 * The one storage interface Hearken codes against. Two implementations share it
 * (SQLite through better-sqlite3, PostgreSQL through pg) and one set of
 * migrations; `openStore()` in ./open.ts picks the backend.
 *
 * Rules every implementation keeps (the contract suite in test/store checks them):
 * - A complaint write that resolved is durable (SQLite: WAL + synchronous=FULL).
 * - Complaint status changes only through `transition`, which runs the pure
 *   state machine of src/complaints; an invalid event throws
 *   `InvalidTransitionError` naming the current state and the allowed events.
 * - Every update is optimistic: pass the version you read as `expectedVersion`
 *   and a concurrent writer makes you fail with `VersionConflictError`, never
 *   silently overwrite. Without `expectedVersion`, `transition`/`reassign`
 *   re-read and re-validate against the latest state (safe, because the state
 *   machine re-checks the event against what is really stored).
 * - Bot Framework state is stored with real eTags: a stale eTag is rejected
 *   with `ETagConflictError`, `'*'` (or no eTag) overwrites.
 */
import type {
  Channel, ComplaintDraft, ComplaintEvent, ComplaintRecord, ComplaintStatus, Locale,
} from '../contracts/complaint.js';
import type { Verdict } from '../contracts/finding.js';
import type { FeedbackInput, FeedbackKind, FeedbackRecord } from '../contracts/feedback.js';
import type { ComplaintPatch, DeadlineKind } from '../complaints/index.js';
import type { InsightReads } from './insight-reads.js';

export type Backend = 'sqlite' | 'postgres';

/** Who did something, and through which channel; `now` is for tests and imports (defaults to the clock). */
export interface ActorContext {
  actor: string;
  channel: Channel | 'system';
  now?: Date;
}

export interface UpdateOptions extends ActorContext {
  /** The `version` you read. If the stored version differs, the write fails with VersionConflictError. */
  expectedVersion?: number;
}

/**
 * The order of `list`: `id` (the default: creation day, then sequence), `due` (the running deadline,
 * soonest first; finished complaints last), `created` (newest first), `severity` (major first, then due).
 * `iterate` always pages in id order.
 */
export type ComplaintSort = 'id' | 'due' | 'created' | 'severity';

export interface ComplaintFilter {
  status?: ComplaintStatus | ComplaintStatus[];
  owner?: string;
  department?: string;
  category?: string | string[];
  channel?: Channel | Channel[];
  /** Only complaints whose current deadline (see currentDeadline) is before this instant. */
  dueBefore?: Date;
  createdFrom?: Date;
  createdTo?: Date;
  /** Pagination: ids sort by creation day then sequence, so `afterId` pages stably. */
  afterId?: string;
  limit?: number;
  /** Order of `list` (see ComplaintSort); default `id`. */
  sort?: ComplaintSort;
}

/** A history note (see `note`) recorded with a change, in its transaction. */
export interface NoteInput {
  event: string;
  detail: Record<string, unknown>;
}

export interface CreateOptions extends ActorContext {
  /** Notes recorded right after the `received` event, in the same transaction (e.g. the conversation that lodged it). */
  notes?: readonly NoteInput[];
  /** Messages for other channels, added in the same transaction (they may name the new id). */
  outbox?: (record: ComplaintRecord) => readonly OutboxMessageInput[];
}

export interface ComplaintRepository {
  /**
   * Assigns the next id of the day (C-YYYYMMDD-NNNN, safe under concurrency), routes, computes deadlines and
   * stores atomically, with its notes and outbox messages.
   */
  create(draft: ComplaintDraft, ctx: CreateOptions): Promise<ComplaintRecord>;
  get(id: string): Promise<ComplaintRecord | undefined>;
  /** Like get, but throws ComplaintNotFoundError naming the id. */
  require(id: string): Promise<ComplaintRecord>;
  list(filter?: ComplaintFilter): Promise<ComplaintRecord[]>;
  count(filter?: ComplaintFilter): Promise<number>;
  /** Streams every matching record in id order, in pages, for exports. */
  iterate(filter?: ComplaintFilter, pageSize?: number): AsyncIterable<ComplaintRecord>;
  /** Edits non-lifecycle fields (facts, customer, category → re-routed, severity …); logged in history. */
  amend(id: string, patch: ComplaintPatch, opts: UpdateOptions): Promise<ComplaintRecord>;
  /** Runs one lifecycle event through the state machine and stores the result, with `outbox` messages in its transaction. */
  transition(id: string, event: ComplaintEvent, opts: UpdateOptions & { outbox?: readonly OutboxMessageInput[] }): Promise<ComplaintRecord>;
  /** Explicit, logged change of owner (the only way the owner changes besides first response and an appeal). */
  reassign(id: string, to: string, opts: UpdateOptions & { reason: string }): Promise<ComplaintRecord>;
  /**
   * Appends a history entry that does not change the state (e.g. `handoff_requested`,
   * `customer_contacted`, `reminder_sent`). Lifecycle event names are refused: use `transition`.
   */
  note(id: string, event: string, detail: Record<string, unknown>, opts: UpdateOptions & { outbox?: readonly OutboxMessageInput[] }): Promise<ComplaintRecord>;
}

export type TranscriptRole = 'customer' | 'bot' | 'agent';

/** One message of a transcript, as read from the chat log (src/store/chat-transcripts.ts). */
export interface TranscriptMessage {
  /** The message's position in its conversation's log (its watermark index). */
  seq: number;
  conversationId: string;
  /** Set when read by complaint. */
  complaintId?: string;
  role: TranscriptRole;
  text: string;
  channel: Channel;
  locale?: Locale;
  /** The chat log activity id (`activityId`); for an agent's message, who wrote it (`author`) and its relay id (`relayId`). */
  meta?: Record<string, unknown>;
  at: string;
}

/** Transcripts are read from the chat log, the one record of what was said; nothing writes them separately. */
export interface TranscriptRepository {
  listByConversation(conversationId: string): Promise<TranscriptMessage[]>;
  /** The conversation that lodged the complaint (see conversationOf); empty for a complaint taken elsewhere. */
  listByComplaint(complaintId: string): Promise<TranscriptMessage[]>;
}

/** Where a draft was checked: a customer channel, the CLI, or the bot's own wording. */
export type AuditChannel = Channel | 'cli' | 'bot';

/** The customer context a draft was judged in (the context check depends on it). */
export interface AuditCustomerContext {
  /** The customer's last message. */
  message?: string;
  /** The customer's emotion from triage. */
  emotion?: { label: 'anger' | 'frustration' | 'anxiety' | 'neutral'; intensity: number };
}

/** An agent's disagreement with one finding of a check ("this block is wrong"). */
export interface GuardFeedback {
  ruleId: string;
  /** The agent's own words: why the finding is wrong. */
  reason: string;
  by: string;
  at: string;
}

export interface GuardAuditInput {
  draft: string;
  verdict: Verdict;
  ruleIds: string[];
  /** Whether the agent applied one of the guard's suggestions before sending. */
  suggestionApplied: boolean;
  /** The agent (or bot) whose draft was checked. */
  by: string;
  /** The text finally sent, when it differs from the draft. */
  finalText?: string;
  complaintId?: string;
  conversationId?: string;
  locale?: Locale;
  channel?: AuditChannel;
  /** The chat workspace, e.g. the Slack team id. */
  team?: string;
  /** Which lexicons judged the draft (see lexiconVersion in src/lexicon-files). */
  lexiconVersion?: string;
  /** The id of the check whose draft this one revises (a suggestion applied, an edit). */
  revisionOf?: number;
  customerContext?: AuditCustomerContext;
  at?: Date;
}

export interface GuardAuditEntry extends Omit<GuardAuditInput, 'at'> {
  id: number;
  at: string;
  /** Agents' disagreements with findings of this check, oldest first; absent when there are none. */
  feedback?: GuardFeedback[];
}

export interface GuardAuditFilter {
  since?: Date;
  until?: Date;
  by?: string;
  ruleId?: string;
  verdict?: Verdict;
  complaintId?: string;
  channel?: AuditChannel;
  team?: string;
  /** Only checks that an agent disagreed with. */
  withFeedback?: boolean;
  limit?: number;
}

export interface GuardAuditRepository {
  append(entry: GuardAuditInput): Promise<GuardAuditEntry>;
  /** Stores several checks in one transaction (one commit): all or none; the result is in the order given. */
  appendMany(entries: readonly GuardAuditInput[]): Promise<GuardAuditEntry[]>;
  get(id: number): Promise<GuardAuditEntry | undefined>;
  list(filter?: GuardAuditFilter): Promise<GuardAuditEntry[]>;
  /**
   * Adds an agent's disagreement to a check; earlier feedback is kept (concurrent additions
   * are all kept). Throws GuardAuditNotFoundError for an unknown id.
   */
  addFeedback(id: number, feedback: Omit<GuardFeedback, 'at'> & { at?: Date }): Promise<GuardAuditEntry>;
}

/** A guard lexicon version going live. */
export interface LexiconVersionInput {
  /** lexiconVersion: the 12 hex digits audit rows name. */
  version: string;
  /** The full sha256 the version is the start of. */
  contentHash: string;
  ruleCount: number;
  /** Whether the learned layer judged along (false: its model did not fit the lexicons). */
  learnedLayer: boolean;
  folder?: string;
  /** Which process put it live, e.g. `server web-4242`, `cli lint --audit`. */
  by: string;
  at?: Date;
}

export interface LexiconVersionEntry extends Omit<LexiconVersionInput, 'at'> {
  id: number;
  /** When it went live (ISO-8601 UTC). */
  at: string;
}

/** The log of guard lexicon versions that went live, oldest first; one row each time one did. */
export interface LexiconVersionRepository {
  record(entry: LexiconVersionInput): Promise<LexiconVersionEntry>;
  /** The latest time this version went live, or undefined if it never did. */
  latest(version: string): Promise<LexiconVersionEntry | undefined>;
  /** The newest `limit` (default 1,000) since `since`, oldest first. */
  list(filter?: { since?: Date; limit?: number }): Promise<LexiconVersionEntry[]>;
}

/** `due_soon` fires once when a deadline is within the warning window, `overdue` once when it has passed. */
export type ReminderLevel = 'due_soon' | 'overdue';

export interface Reminder {
  id: number;
  complaintId: string;
  /** Which deadline: ack, investigate or resolve. */
  deadline: DeadlineKind;
  level: ReminderLevel;
  dueAt: string;
  owner: string;
  department: string;
  status: ComplaintStatus;
  createdAt: string;
}

export interface ReminderSweepOptions {
  now?: Date;
  /** How long before a deadline `due_soon` fires. Default 4 hours. */
  dueSoonMs?: number;
  /** Names the process holding a claim (diagnostics only). */
  workerId?: string;
  /** A claimed but unconfirmed reminder is retried after this lease, e.g. when its process crashed. Default 60 s. */
  leaseMs?: number;
  limit?: number;
}

export interface ReminderRepository {
  /**
   * Finds open complaints that are due soon or overdue, records one reminder per
   * (complaint, deadline, level, due time) and claims the unsent ones for this
   * caller (PostgreSQL: FOR UPDATE SKIP LOCKED, so several processes split the work).
   * Call `markSent` after emitting; an unconfirmed claim is retried after its lease.
   */
  claimDue(options?: ReminderSweepOptions): Promise<Reminder[]>;
  /** Marks reminders sent and adds `outbox` messages (their delivery to people) in one transaction. */
  markSent(ids: number[], now?: Date, outbox?: readonly OutboxMessageInput[]): Promise<void>;
  /** Reminders already sent, newest first (for reports and tests). */
  listSent(filter?: { complaintId?: string; limit?: number }): Promise<Reminder[]>;
}

/**
 * A message another channel must act on (a hand-over requested, a customer's message during a
 * hand-over, a reminder or a survey due). It is added in the same transaction as the change that
 * caused it, and a dispatcher (src/desk/outbox-dispatcher.ts) claims and delivers it, so nothing
 * is lost across a crash. src/contracts/outbox.ts names the topics and their payloads.
 */
export interface OutboxMessageInput {
  topic: string;
  /** JSON. */
  payload: unknown;
  /** A second message with the same key is not added (e.g. one per reminder). */
  key?: string;
  /**
   * Messages with the same ordering key are delivered one after another in the order they were
   * added: a later one waits while an earlier one is being delivered or waits for its retry.
   */
  orderingKey?: string;
}

export interface OutboxMessage {
  id: number;
  topic: string;
  payload: unknown;
  key?: string;
  createdAt: string;
  /** Delivery attempts that failed so far. */
  attempts: number;
  /** Not claimed before this time (a failed delivery waits for its backoff). */
  availableAt: string;
  deliveredAt?: string;
  lastError?: string;
  orderingKey?: string;
  /** Delivery was abandoned after too many failures (see OutboxRepository.giveUp). */
  gaveUpAt?: string;
}

export interface OutboxClaimOptions {
  now?: Date;
  /** Names the process holding a claim (diagnostics only). */
  workerId?: string;
  /** A claimed message neither delivered nor failed (its process crashed) is claimed again after this; default 60 s. */
  leaseMs?: number;
  limit?: number;
}

export interface OutboxRepository {
  /** Adds messages in their own transaction; a message whose key exists already is skipped. */
  add(messages: readonly OutboxMessageInput[], now?: Date): Promise<void>;
  /**
   * Claims undelivered messages that are due and not claimed by a live lease, oldest first
   * (PostgreSQL: FOR UPDATE SKIP LOCKED). A message waits while an earlier one with its
   * ordering key is claimed by someone else or waits for a retry.
   */
  claim(options?: OutboxClaimOptions): Promise<OutboxMessage[]>;
  markDelivered(id: number, now?: Date): Promise<void>;
  /** Counts a failed attempt, releases the claim and makes the message due again at `retryAt`. */
  markFailed(id: number, error: string, retryAt: Date): Promise<void>;
  /** Counts a failed attempt and stops trying: the message stays, with its error, and is never claimed again. */
  giveUp(id: number, error: string, now?: Date): Promise<void>;
  /** Releases a claim without an attempt (a message left for the next sweep, behind an earlier one that failed). */
  release(id: number): Promise<void>;
  /** Messages in id order (for reports and tests). */
  list(filter?: { topic?: string; delivered?: boolean; gaveUp?: boolean; limit?: number }): Promise<OutboxMessage[]>;
}

/** A satisfaction survey to ask once: a resolved web chat complaint and the conversation that lodged it. */
export interface SurveyDue {
  complaintId: string;
  conversationId: string;
}

export interface SurveyClaimOptions {
  now?: Date;
  workerId?: string;
  /** A claim not confirmed within this (the process crashed) is claimed again; default 60 s. */
  leaseMs?: number;
  limit?: number;
}

export interface SurveyRepository {
  /** Records surveys to ask; one per complaint, whoever records it first and however often. */
  recordDue(surveys: readonly SurveyDue[], now?: Date): Promise<void>;
  /** Claims surveys not yet queued whose lease is free (PostgreSQL: FOR UPDATE SKIP LOCKED). */
  claim(options?: SurveyClaimOptions): Promise<SurveyDue[]>;
  /** Marks a survey queued and adds its outbox message in one transaction. */
  markQueued(complaintId: string, outbox: readonly OutboxMessageInput[], now?: Date): Promise<void>;
  /** Whether a survey for this complaint was recorded. */
  has(complaintId: string): Promise<boolean>;
}

/**
 * Items of the key-value state storage, by key. An item's `eTag` is its version:
 * a stale one is refused, `'*'` or none overwrites. The shape of botbuilder's
 * StoreItems, so the bot hands it to ConversationState unchanged.
 */
// Items are whatever JSON their owner stores, as botbuilder types them.
export interface StateItems { [key: string]: any }

/** Key-value state (the bot's dialog state, the web chat's conversation log): botbuilder's `Storage` shape. */
export interface StateStorage {
  read(keys: string[]): Promise<StateItems>;
  write(changes: StateItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** The store's state storage: it can add outbox messages in the transaction of a state write. */
export interface StoreStateStorage extends StateStorage {
  writeWithOutbox(changes: StateItems, outbox: readonly OutboxMessageInput[]): Promise<void>;
}

/** The agents' thread about a handed-over complaint (e.g. a Slack thread in the escalation channel). */
export interface EscalationThread {
  complaintId: string;
  /** The customer's conversation the thread talks to. */
  conversationId: string;
  /** The agents' channel it is in. */
  channel: string;
  /** The id of the post that opened it (Slack: its ts, which is the thread's thread_ts). */
  threadTs: string;
  postedAt: string;
}

export interface EscalationThreadRepository {
  /** Records a complaint's thread; false (and nothing changed) when the complaint has one already. */
  record(thread: EscalationThread): Promise<boolean>;
  byComplaint(complaintId: string): Promise<EscalationThread | undefined>;
  /** The thread a reply was written in; undefined for any other thread. */
  byThread(channel: string, threadTs: string): Promise<EscalationThread | undefined>;
  /** The threads of these complaints (for lists such as the App Home). */
  forComplaints(complaintIds: readonly string[]): Promise<EscalationThread[]>;
}

/** Suggestions and praise recorded by the bot (src/contracts/feedback.ts). */
export interface FeedbackRepository {
  record(input: FeedbackInput, at?: Date): Promise<FeedbackRecord>;
  /** The newest `limit` (default 1,000) of a kind, since `since`, oldest first. */
  list(filter?: { kind?: FeedbackKind; since?: Date; limit?: number }): Promise<FeedbackRecord[]>;
}

export interface Store {
  readonly backend: Backend;
  readonly complaints: ComplaintRepository;
  readonly transcripts: TranscriptRepository;
  readonly guardAudit: GuardAuditRepository;
  /** Key-value state for the bot (ConversationState/UserState) and the chat log, with eTag optimistic concurrency. */
  readonly botStorage: StoreStateStorage;
  readonly reminders: ReminderRepository;
  readonly outbox: OutboxRepository;
  readonly surveys: SurveyRepository;
  readonly escalations: EscalationThreadRepository;
  /** Guard lexicon versions that went live (what guard audit rows' lexiconVersion names). */
  readonly lexiconVersions: LexiconVersionRepository;
  /** Suggestions and praise the bot thanked and recorded instead of lodging a complaint. */
  readonly feedback: FeedbackRepository;
  /** Read-only views for supervisors' reports and the lexicon impact preview (src/store/insight-reads.ts). */
  readonly insights: InsightReads;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** SQLite directory; default ./data. Ignored when databaseUrl is set. */
  dataDir?: string;
  /** PostgreSQL connection string; unset or empty: SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); default `public`. Tests use a unique one per run. */
  schema?: string;
  /** Complaint configuration (routing, calendar, deadlines, approval); default: read from configFile. */
  config?: import('../complaints/index.js').ComplaintConfig;
  /** Complaint configuration file, when config is not given; default src/complaints/defaults.yaml. */
  configFile?: string;
  /** PostgreSQL: where lost and recovered database connections are reported; default stderr. */
  log?: (message: string) => void;
}
