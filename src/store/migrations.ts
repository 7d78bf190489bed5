import { type Kysely, type Migration, type MigrationProvider, type CreateTableBuilder } from 'kysely';
import { escalationsMigration } from './migration-0005-escalations.js';
import { feedbackMigration, type SurrogateKey } from './migration-0006-feedback.js';
import type { Backend } from './types.js';

/**
 * The one set of migrations for both backends. Only the surrogate-key column
 * differs (SQLite's INTEGER PRIMARY KEY AUTOINCREMENT, PostgreSQL's BIGSERIAL);
 * everything else is plain text and integer columns.
 * Never edit a released migration: add the next one.
 */
export function migrationsFor(backend: Backend): MigrationProvider {
  const surrogateKey: SurrogateKey = <T extends string>(table: CreateTableBuilder<T, never>, name: string) =>
    backend === 'postgres'
      ? table.addColumn(name, 'bigserial', (c) => c.primaryKey())
      : table.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement());

  const migrations: Record<string, Migration> = {
    '0001_initial': {
      async up(db: Kysely<any>) {
        await db.schema.createTable('complaints')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('department', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('severity', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('due_kind', 'text')
          .addColumn('due_at', 'text')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .addUniqueConstraint('complaints_day_seq_unique', ['day', 'seq'])
          .execute();
        await db.schema.createIndex('complaints_status_idx').on('complaints').column('status').execute();
        await db.schema.createIndex('complaints_due_idx').on('complaints').column('due_at').execute();
        await db.schema.createIndex('complaints_owner_idx').on('complaints').column('owner').execute();

        await db.schema.createTable('complaint_history')
          .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          .addColumn('from_status', 'text')
          .addColumn('to_status', 'text')
          .addColumn('detail', 'text')
          .addPrimaryKeyConstraint('complaint_history_pk', ['complaint_id', 'seq'])
          .execute();

        await db.schema.createTable('complaint_sequences')
          .addColumn('day', 'text', (c) => c.primaryKey())
          .addColumn('last', 'integer', (c) => c.notNull())
          .execute();

        await surrogateKey(db.schema.createTable('transcripts'), 'seq')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('complaint_id', 'text')
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('author', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('locale', 'text')
          .addColumn('meta', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('transcripts_conversation_idx').on('transcripts').columns(['conversation_id', 'seq']).execute();
        await db.schema.createIndex('transcripts_complaint_idx').on('transcripts').columns(['complaint_id', 'seq']).execute();

        await surrogateKey(db.schema.createTable('guard_audit'), 'id')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('by_actor', 'text', (c) => c.notNull())
          .addColumn('draft', 'text', (c) => c.notNull())
          .addColumn('final_text', 'text')
          .addColumn('verdict', 'text', (c) => c.notNull())
          .addColumn('rule_ids', 'text', (c) => c.notNull())
          .addColumn('suggestion_applied', 'integer', (c) => c.notNull())
          .addColumn('complaint_id', 'text')
          .addColumn('conversation_id', 'text')
          .addColumn('locale', 'text')
          .execute();
        await db.schema.createIndex('guard_audit_at_idx').on('guard_audit').column('at').execute();

        await db.schema.createTable('bot_state')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('etag', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await surrogateKey(db.schema.createTable('reminders'), 'id')
          .addColumn('complaint_id', 'text', (c) => c.notNull())
          .addColumn('deadline_kind', 'text', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('due_at', 'text', (c) => c.notNull())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('department', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claim_expires_at', 'text')
          .addColumn('sent_at', 'text')
          // One reminder per deadline, level and due time, however many watchers run.
          .addUniqueConstraint('reminders_once', ['complaint_id', 'deadline_kind', 'level', 'due_at'])
          .execute();
        await db.schema.createIndex('reminders_unsent_idx').on('reminders').columns(['sent_at', 'id']).execute();
      },
    },
    // Drafts checked from a channel (Slack first): where the check ran, which lexicon judged it,
    // which earlier check it revises, the customer context it was judged in, and agents' disagreement.
    '0002_guard_audit_channel_feedback': {
      async up(db: Kysely<any>) {
        // SQLite adds one column per ALTER TABLE; existing rows get NULL (no channel known, no feedback).
        for (const [name, type] of [
          ['channel', 'text'], ['team', 'text'], ['lexicon_version', 'text'], ['revision_of', 'bigint'],
          ['customer_context', 'text'], ['feedback', 'text'],
        ] as const) {
          await db.schema.alterTable('guard_audit').addColumn(name, type).execute();
        }
        await db.schema.createIndex('guard_audit_by_idx').on('guard_audit').columns(['by_actor', 'id']).execute();
      },
    },
    // What other channels must act on (the outbox, written with the change that caused it), and the
    // satisfaction surveys each process claims before asking. Transcripts are read from the chat
    // log now (its rows were copies of it), so their separate table goes.
    '0003_outbox_surveys_one_transcript': {
      async up(db: Kysely<any>) {
        await db.schema.dropTable('transcripts').execute();
        await surrogateKey(db.schema.createTable('outbox'), 'id')
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('dedupe_key', 'text', (c) => c.unique())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('available_at', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claim_expires_at', 'text')
          .addColumn('delivered_at', 'text')
          .addColumn('last_error', 'text')
          .execute();
        await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['delivered_at', 'available_at', 'id']).execute();

        await db.schema.createTable('surveys')
          .addColumn('complaint_id', 'text', (c) => c.primaryKey())
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('claimed_by', 'text')
          .addColumn('claim_expires_at', 'text')
          .addColumn('queued_at', 'text')
          .execute();
      },
    },
    // Every guard lexicon version that went live (a server start or hot reload, or the first `lint --audit`
    // with it): the version guard_audit.lexicon_version names, its full content hash, when, and how big.
    '0004_lexicon_versions': {
      async up(db: Kysely<any>) {
        await surrogateKey(db.schema.createTable('lexicon_versions'), 'id')
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('went_live_at', 'text', (c) => c.notNull())
          .addColumn('rule_count', 'integer', (c) => c.notNull())
          .addColumn('learned_layer', 'integer', (c) => c.notNull())
          .addColumn('folder', 'text')
          .addColumn('by_process', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('lexicon_versions_version_idx').on('lexicon_versions').columns(['version', 'id']).execute();
      },
    },
    '0005_escalation_threads_ordered_outbox': escalationsMigration,
    '0006_feedback': feedbackMigration(surrogateKey),
  };
  return { getMigrations: async () => migrations };
}
