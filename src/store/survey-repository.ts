import { claimRows } from './claims.js';
import { insertOutbox } from './outbox-repository.js';
import type { Db } from './schema.js';
import type { Backend, SurveyRepository } from './types.js';

/** Satisfaction surveys to ask, one per complaint; a process claims each before queueing it. */
export function surveyRepository(backend: Backend, db: Db): SurveyRepository {
  return {
    async recordDue(surveys, now = new Date()) {
      if (surveys.length === 0) return;
      const at = now.toISOString();
      await db.insertInto('surveys')
        .values(surveys.map((survey) => ({
          complaint_id: survey.complaintId, conversation_id: survey.conversationId, created_at: at, claimed_by: null, claim_expires_at: null, queued_at: null,
        })))
        .onConflict((oc) => oc.column('complaint_id').doNothing())
        .execute();
    },
    async claim(options = {}) {
      const rows = await claimRows(backend, db, { table: 'surveys', key: 'complaint_id', doneColumn: 'queued_at' }, {
        now: options.now ?? new Date(),
        workerId: options.workerId ?? `pid-${process.pid}`,
        leaseMs: options.leaseMs ?? 60_000,
        limit: options.limit ?? 100,
      });
      return rows.map((row) => ({ complaintId: row.complaint_id, conversationId: row.conversation_id })).sort((a, b) => a.complaintId.localeCompare(b.complaintId));
    },
    async markQueued(complaintId, outbox, now = new Date()) {
      await db.transaction().execute(async (trx) => {
        const result = await trx.updateTable('surveys').set({ queued_at: now.toISOString() })
          .where('complaint_id', '=', complaintId).where('queued_at', 'is', null).executeTakeFirst();
        // Queued already (a lease ran out and another process got there first): no second message.
        if (Number(result.numUpdatedRows) === 1) await insertOutbox(trx, outbox, now);
      });
    },
    async has(complaintId) {
      return (await db.selectFrom('surveys').select('complaint_id').where('complaint_id', '=', complaintId).executeTakeFirst()) !== undefined;
    },
  };
}
