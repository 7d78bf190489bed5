import type { Kysely, Migration } from 'kysely';

/**
 * Escalation threads and an outbox that keeps order and gives up.
 * - `escalation_threads`: the agents' thread of each handed-over complaint (its channel and the
 *   `ts` of the post that opened it), so later customer messages go into it and agents' replies
 *   in it find their complaint. One per complaint; a thread belongs to one complaint.
 * - `outbox.ordering_key`: messages sharing a key are delivered one after another in id order
 *   (a customer's messages into their thread, an agent's replies to the customer).
 * - `outbox.gave_up_at`: a message that failed too often is kept, with its error, but no longer tried.
 */
export const escalationsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('outbox').addColumn('ordering_key', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('gave_up_at', 'text').execute();
    await db.schema.createIndex('outbox_ordering_idx').on('outbox').columns(['ordering_key', 'id']).execute();

    await db.schema.createTable('escalation_threads')
      .addColumn('complaint_id', 'text', (c) => c.primaryKey())
      .addColumn('conversation_id', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('thread_ts', 'text', (c) => c.notNull())
      .addColumn('posted_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('escalation_threads_thread_unique', ['channel', 'thread_ts'])
      .execute();
  },
};
