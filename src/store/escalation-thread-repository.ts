import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';
import type { EscalationThread, EscalationThreadRepository } from './types.js';

const toThread = (row: Selectable<Database['escalation_threads']>): EscalationThread => ({
  complaintId: row.complaint_id,
  conversationId: row.conversation_id,
  channel: row.channel,
  threadTs: row.thread_ts,
  postedAt: row.posted_at,
});

/** Each handed-over complaint's thread in the agents' channel; a thread names one complaint. */
export function escalationThreadRepository(db: Kysely<Database>): EscalationThreadRepository {
  return {
    async record(thread) {
      const result = await db.insertInto('escalation_threads').values({
        complaint_id: thread.complaintId,
        conversation_id: thread.conversationId,
        channel: thread.channel,
        thread_ts: thread.threadTs,
        posted_at: thread.postedAt,
      }).onConflict((oc) => oc.column('complaint_id').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async byComplaint(complaintId) {
      const row = await db.selectFrom('escalation_threads').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst();
      return row ? toThread(row) : undefined;
    },
    async byThread(channel, threadTs) {
      const row = await db.selectFrom('escalation_threads').selectAll().where('channel', '=', channel).where('thread_ts', '=', threadTs).executeTakeFirst();
      return row ? toThread(row) : undefined;
    },
    async forComplaints(complaintIds) {
      if (complaintIds.length === 0) return [];
      const rows = await db.selectFrom('escalation_threads').selectAll().where('complaint_id', 'in', [...complaintIds]).execute();
      return rows.map(toThread);
    },
  };
}
