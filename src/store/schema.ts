import type { Generated, Kysely, Transaction } from 'kysely';

/**
 * Table shapes shared by both backends. Instants are ISO-8601 UTC text
 * (`Date#toISOString`, fixed width, so text order is time order); JSON is text;
 * booleans are 0/1 integers. Keeping the column types this plain is what lets
 * SQLite and PostgreSQL share one set of migrations and one query path.
 */
export interface Database {
  complaints: ComplaintsTable;
  complaint_history: ComplaintHistoryTable;
  complaint_sequences: ComplaintSequencesTable;
  guard_audit: GuardAuditTable;
  bot_state: BotStateTable;
  reminders: RemindersTable;
  outbox: OutboxTable;
  surveys: SurveysTable;
  escalation_threads: EscalationThreadsTable;
  lexicon_versions: LexiconVersionsTable;
  feedback: FeedbackTable;
}

export interface ComplaintsTable {
  id: string;
  day: string;
  seq: number;
  status: string;
  owner: string;
  department: string;
  category: string;
  severity: string;
  channel: string;
  created_at: string;
  updated_at: string;
  /** The running deadline (see currentDeadline), null once resolved, closed or rejected. */
  due_kind: string | null;
  due_at: string | null;
  version: number;
  /** The record without its history, as JSON. */
  record: string;
}

export interface ComplaintHistoryTable {
  complaint_id: string;
  /** Position in the complaint's history, from 0; unique with complaint_id, so history is append-only. */
  seq: number;
  at: string;
  actor: string;
  channel: string;
  event: string;
  from_status: string | null;
  to_status: string | null;
  detail: string | null;
}

export interface ComplaintSequencesTable {
  day: string;
  last: number;
}

export interface GuardAuditTable {
  id: Generated<number>;
  at: string;
  by_actor: string;
  draft: string;
  final_text: string | null;
  verdict: string;
  /** JSON array of rule ids. */
  rule_ids: string;
  suggestion_applied: number;
  complaint_id: string | null;
  conversation_id: string | null;
  locale: string | null;
  channel: string | null;
  team: string | null;
  lexicon_version: string | null;
  /** Id of the check this draft revises (PostgreSQL returns bigint as a string). */
  revision_of: number | string | null;
  /** JSON {message?, emotion?}: the customer context the draft was judged in. */
  customer_context: string | null;
  /** JSON array of GuardFeedback. */
  feedback: string | null;
}

export interface BotStateTable {
  key: string;
  etag: string;
  data: string;
  updated_at: string;
}

export interface RemindersTable {
  id: Generated<number>;
  complaint_id: string;
  deadline_kind: string;
  level: string;
  due_at: string;
  owner: string;
  department: string;
  status: string;
  created_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  sent_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  /** Unique when set: a message with a key already stored is not added again. */
  dedupe_key: string | null;
  /** JSON. */
  payload: string;
  created_at: string;
  /** Not claimed before this instant (a failed delivery's backoff). */
  available_at: string;
  attempts: number;
  claimed_by: string | null;
  claim_expires_at: string | null;
  delivered_at: string | null;
  last_error: string | null;
  /** Messages sharing a key are delivered one after another, in id order. */
  ordering_key: string | null;
  /** Set when delivery was abandoned after too many failures; never claimed again. */
  gave_up_at: string | null;
}

export interface SurveysTable {
  complaint_id: string;
  conversation_id: string;
  created_at: string;
  claimed_by: string | null;
  claim_expires_at: string | null;
  /** When its outbox message was added; null until then. */
  queued_at: string | null;
}

export interface EscalationThreadsTable {
  complaint_id: string;
  conversation_id: string;
  /** The agents' channel (e.g. a Slack channel id). */
  channel: string;
  /** The id of the post that opened the thread (Slack: its ts). */
  thread_ts: string;
  posted_at: string;
}
export interface LexiconVersionsTable {
  id: Generated<number>;
  /** The first 12 hex digits of content_hash: what guard_audit.lexicon_version names. */
  version: string;
  /** sha256 over the lexicon files' names and texts (lexiconContentHash in src/lexicon-files). */
  content_hash: string;
  went_live_at: string;
  rule_count: number;
  /** 1 when the learned layer judged along, 0 when it was off (a model that did not fit). */
  learned_layer: number;
  /** The guard folder it was read from. */
  folder: string | null;
  /** Which process put it live, e.g. `server web-4242` or `cli lint --audit`. */
  by_process: string;
}

export interface FeedbackTable {
  id: Generated<number>;
  conversation_id: string;
  /** JSON Customer ({name?, phone?, email?}), null when the message named nobody. */
  customer: string | null;
  locale: string;
  /** suggestion | compliment */
  kind: string;
  text: string;
  /** JSON FeedbackTriage, null when triage was not run. */
  triage: string | null;
  created_at: string;
}

/** The database handle every repository takes. */
export type Db = Kysely<Database>;
/** The handle or an open transaction on it: what a write that joins its caller's transaction takes. */
export type Executor = Db | Transaction<Database>;
