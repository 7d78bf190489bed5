// The guard audit: one row per draft checked (who, what, the verdict, the rules,
// the customer's context, the lexicon version), and agents' feedback on it.
import type { Selectable } from 'kysely';
import type { Verdict } from '../contracts/finding.js';
import { GuardAuditNotFoundError, MAX_REBASE_ATTEMPTS } from './errors.js';
import type { Database, Db } from './schema.js';
import type {
  AuditChannel, AuditCustomerContext, GuardAuditEntry, GuardAuditFilter, GuardAuditInput, GuardAuditRepository, GuardFeedback,
} from './types.js';

/** Rows per INSERT in appendMany: a few parameters a row keeps a statement far below the bound-parameter limits. */
const APPEND_CHUNK = 500;

export function guardAuditRepository(db: Db): GuardAuditRepository {
  const toEntry = (row: Selectable<Database['guard_audit']>): GuardAuditEntry => {
    const feedback = row.feedback ? JSON.parse(row.feedback) as GuardFeedback[] : [];
    return {
      id: Number(row.id),
      at: row.at,
      by: row.by_actor,
      draft: row.draft,
      ...(row.final_text !== null ? { finalText: row.final_text } : {}),
      verdict: row.verdict as Verdict,
      ruleIds: JSON.parse(row.rule_ids) as string[],
      suggestionApplied: row.suggestion_applied === 1,
      ...(row.complaint_id ? { complaintId: row.complaint_id } : {}),
      ...(row.conversation_id ? { conversationId: row.conversation_id } : {}),
      ...(row.locale ? { locale: row.locale as GuardAuditEntry['locale'] } : {}),
      ...(row.channel ? { channel: row.channel as AuditChannel } : {}),
      ...(row.team ? { team: row.team } : {}),
      ...(row.lexicon_version ? { lexiconVersion: row.lexicon_version } : {}),
      ...(row.revision_of !== null ? { revisionOf: Number(row.revision_of) } : {}),
      ...(row.customer_context ? { customerContext: JSON.parse(row.customer_context) as AuditCustomerContext } : {}),
      ...(feedback.length > 0 ? { feedback } : {}),
    };
  };
  const get = async (id: number) => {
    const row = await db.selectFrom('guard_audit').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  };
  const toRow = (entry: GuardAuditInput, now: Date) => ({
    at: (entry.at ?? now).toISOString(),
    by_actor: entry.by,
    draft: entry.draft,
    final_text: entry.finalText ?? null,
    verdict: entry.verdict,
    rule_ids: JSON.stringify(entry.ruleIds),
    suggestion_applied: entry.suggestionApplied ? 1 : 0,
    complaint_id: entry.complaintId ?? null,
    conversation_id: entry.conversationId ?? null,
    locale: entry.locale ?? null,
    channel: entry.channel ?? null,
    team: entry.team ?? null,
    lexicon_version: entry.lexiconVersion ?? null,
    revision_of: entry.revisionOf ?? null,
    customer_context: entry.customerContext ? JSON.stringify(entry.customerContext) : null,
    feedback: null,
  });
  return {
    async append(entry: GuardAuditInput) {
      return toEntry(await db.insertInto('guard_audit').values(toRow(entry, new Date())).returningAll().executeTakeFirstOrThrow());
    },
    async appendMany(entries: readonly GuardAuditInput[]) {
      if (entries.length === 0) return [];
      const now = new Date();
      return db.transaction().execute(async (trx) => {
        const stored: GuardAuditEntry[] = [];
        for (let i = 0; i < entries.length; i += APPEND_CHUNK) {
          const rows = await trx.insertInto('guard_audit').values(entries.slice(i, i + APPEND_CHUNK).map((e) => toRow(e, now))).returningAll().execute();
          // Both backends number the rows of one VALUES list in order; RETURNING's order is not promised.
          stored.push(...rows.map(toEntry).sort((a, b) => a.id - b.id));
        }
        return stored;
      });
    },
    get,
    async list(filter: GuardAuditFilter = {}) {
      let q = db.selectFrom('guard_audit').selectAll();
      if (filter.since) q = q.where('at', '>=', filter.since.toISOString());
      if (filter.until) q = q.where('at', '<', filter.until.toISOString());
      if (filter.by) q = q.where('by_actor', '=', filter.by);
      if (filter.verdict) q = q.where('verdict', '=', filter.verdict);
      if (filter.complaintId) q = q.where('complaint_id', '=', filter.complaintId);
      if (filter.channel) q = q.where('channel', '=', filter.channel);
      if (filter.team) q = q.where('team', '=', filter.team);
      if (filter.withFeedback) q = q.where('feedback', 'is not', null);
      // A coarse text match narrows the rows; the exact rule-id check happens below,
      // because LIKE treats `_` in rule ids as a wildcard.
      if (filter.ruleId) q = q.where('rule_ids', 'like', `%${JSON.stringify(filter.ruleId).replace(/[%]/g, '_')}%`);
      else if (filter.limit !== undefined) q = q.limit(filter.limit);
      let entries = (await q.orderBy('id').execute()).map(toEntry);
      if (filter.ruleId) {
        entries = entries.filter((entry) => entry.ruleIds.includes(filter.ruleId!));
        if (filter.limit !== undefined) entries = entries.slice(0, filter.limit);
      }
      return entries;
    },
    async addFeedback(id, { ruleId, reason, by, at }) {
      const item: GuardFeedback = { ruleId, reason, by, at: (at ?? new Date()).toISOString() };
      // Compare-and-set on the feedback column: two agents disagreeing at once both keep their entry.
      for (let attempt = 0; attempt < MAX_REBASE_ATTEMPTS; attempt++) {
        const row = await db.selectFrom('guard_audit').select('feedback').where('id', '=', id).executeTakeFirst();
        if (!row) throw new GuardAuditNotFoundError(id);
        const next = JSON.stringify([...(row.feedback ? JSON.parse(row.feedback) as GuardFeedback[] : []), item]);
        const result = await db.updateTable('guard_audit').set({ feedback: next }).where('id', '=', id)
          .where((eb) => (row.feedback === null ? eb('feedback', 'is', null) : eb('feedback', '=', row.feedback)))
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) return (await get(id))!;
      }
      throw new Error(`guard audit entry ${id}: feedback kept changing under ${MAX_REBASE_ATTEMPTS} concurrent writers; try again`);
    },
  };
}
