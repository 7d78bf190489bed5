import type { Selectable } from 'kysely';
import { CustomerSchema, LocaleSchema } from '../contracts/complaint.js';
import { FeedbackKindSchema, FeedbackTriageSchema, type FeedbackRecord } from '../contracts/feedback.js';
import type { Database, Db } from './schema.js';
import type { FeedbackRepository } from './types.js';

const toRecord = (row: Selectable<Database['feedback']>): FeedbackRecord => ({
  id: Number(row.id),
  conversationId: row.conversation_id,
  ...(row.customer !== null ? { customer: CustomerSchema.parse(JSON.parse(row.customer)) } : {}),
  locale: LocaleSchema.parse(row.locale),
  kind: FeedbackKindSchema.parse(row.kind),
  text: row.text,
  ...(row.triage !== null ? { triage: FeedbackTriageSchema.parse(JSON.parse(row.triage)) } : {}),
  createdAt: row.created_at,
});

/** Suggestions and praise the bot recorded instead of lodging a complaint; one row each, never changed. */
export function feedbackRepository(db: Db): FeedbackRepository {
  return {
    async record(input, at = new Date()) {
      const row = await db.insertInto('feedback').values({
        conversation_id: input.conversationId,
        customer: input.customer && Object.keys(input.customer).length > 0 ? JSON.stringify(input.customer) : null,
        locale: input.locale,
        kind: input.kind,
        text: input.text,
        triage: input.triage ? JSON.stringify(input.triage) : null,
        created_at: at.toISOString(),
      }).returningAll().executeTakeFirstOrThrow();
      return toRecord(row);
    },
    async list(filter = {}) {
      let q = db.selectFrom('feedback').selectAll();
      if (filter.kind) q = q.where('kind', '=', filter.kind);
      if (filter.since) q = q.where('created_at', '>=', filter.since.toISOString());
      // The newest `limit` rows, returned oldest first.
      const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 1000).execute();
      return rows.reverse().map(toRecord);
    },
  };
}
