// Read-only views for supervisors: the audited drafts an impact preview replays, the outcome of
// every check for lexicon statistics, and complaints with their lifecycle moves for the report.
// Each streams in pages (keyset on the primary order), so a period of 100,000 rows never sits in
// memory at once and both backends run the same queries. Nothing here writes.
import type { Kysely } from 'kysely';
import type { ComplaintRecord, HistoryEvent, Locale } from '../contracts/complaint.js';
import type { Verdict } from '../contracts/finding.js';
import type { Database } from './schema.js';
import type { AuditChannel, AuditCustomerContext, GuardFeedback } from './types.js';

/** A half-open period [since, until); either end may be open. */
export interface Period {
  since?: Date;
  until?: Date;
}

/** An audited draft as the impact preview replays it: the text, its customer context and what the live lexicons said. */
export interface AuditedDraft {
  id: number;
  at: string;
  draft: string;
  verdict: Verdict;
  ruleIds: string[];
  by: string;
  channel?: AuditChannel;
  locale?: Locale;
  customerContext?: AuditCustomerContext;
  /** The lexicon version that judged it (see lexiconVersion in src/lexicon-files). */
  lexiconVersion?: string;
}

/** What came of one check, without its text: for lexicon statistics. */
export interface CheckOutcome {
  id: number;
  at: string;
  by: string;
  channel?: AuditChannel;
  verdict: Verdict;
  ruleIds: string[];
  suggestionApplied: boolean;
  /** The check this one revises (a suggestion applied, an edit). */
  revisionOf?: number;
  /** The rules agents said were wrong on this check ("this block is wrong"), one entry per disagreement. */
  disputedRuleIds: string[];
}

/** A complaint for the report: the record without its history, and only the history entries that moved its state. */
export interface ComplaintForReport {
  record: Omit<ComplaintRecord, 'history'>;
  /** The entries that set its state (`received`, then each transition), oldest first; notes are left out. */
  transitions: HistoryEvent[];
}

export interface InsightReads {
  countAuditedDrafts(period?: Period): Promise<number>;
  /** Audited drafts checked in the period, in time order (then id order). */
  auditedDrafts(period?: Period, pageSize?: number): AsyncIterable<AuditedDraft>;
  /** Every check in the period, in time order (then id order: a revision comes after the check it revises), without drafts. */
  checkOutcomes(period?: Period, pageSize?: number): AsyncIterable<CheckOutcome>;
  /** Complaints created in the period. */
  countComplaints(period?: Period): Promise<number>;
  /** Complaints created in the period, in id order, with their lifecycle transitions. */
  complaintsForReport(period?: Period, pageSize?: number): AsyncIterable<ComplaintForReport>;
}

const DEFAULT_PAGE = 1000;

interface AuditCursor { at: string; id: number }

export function insightReads(db: Kysely<Database>): InsightReads {
  const auditInPeriod = (period: Period) => {
    let q = db.selectFrom('guard_audit');
    if (period.since) q = q.where('at', '>=', period.since.toISOString());
    if (period.until) q = q.where('at', '<', period.until.toISOString());
    return q;
  };
  // Pages follow the time index (at, then id): a page costs its own rows. Paging on the id alone
  // would make each page scan and sort the whole period again.
  // The cursor's time replaces the period's start as the lower bound, so the index range starts at the cursor.
  const auditPage = (period: Period, after: AuditCursor | undefined, pageSize: number) => {
    if (!after) return auditInPeriod(period).orderBy('at').orderBy('id').limit(pageSize);
    const { at, id } = after;
    return auditInPeriod({ ...period, since: undefined })
      .where('at', '>=', at)
      .where((eb) => eb.or([eb('at', '>', at), eb('id', '>', id)]))
      .orderBy('at').orderBy('id').limit(pageSize);
  };
  const complaintsInPeriod = (period: Period) => {
    let q = db.selectFrom('complaints');
    if (period.since) q = q.where('created_at', '>=', period.since.toISOString());
    if (period.until) q = q.where('created_at', '<', period.until.toISOString());
    return q;
  };

  return {
    async countAuditedDrafts(period = {}) {
      const row = await auditInPeriod(period).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async *auditedDrafts(period = {}, pageSize = DEFAULT_PAGE) {
      for (let after: AuditCursor | undefined; ;) {
        const rows = await auditPage(period, after, pageSize)
          .select(['id', 'at', 'draft', 'verdict', 'rule_ids', 'by_actor', 'channel', 'locale', 'customer_context', 'lexicon_version']).execute();
        for (const row of rows) {
          yield {
            id: Number(row.id),
            at: row.at,
            draft: row.draft,
            verdict: row.verdict as Verdict,
            ruleIds: JSON.parse(row.rule_ids) as string[],
            by: row.by_actor,
            ...(row.channel ? { channel: row.channel as AuditChannel } : {}),
            ...(row.locale ? { locale: row.locale as Locale } : {}),
            ...(row.customer_context ? { customerContext: JSON.parse(row.customer_context) as AuditCustomerContext } : {}),
            ...(row.lexicon_version ? { lexiconVersion: row.lexicon_version } : {}),
          };
        }
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = { at: last.at, id: Number(last.id) };
      }
    },

    async *checkOutcomes(period = {}, pageSize = DEFAULT_PAGE) {
      for (let after: AuditCursor | undefined; ;) {
        const rows = await auditPage(period, after, pageSize)
          .select(['id', 'at', 'by_actor', 'channel', 'verdict', 'rule_ids', 'suggestion_applied', 'revision_of', 'feedback']).execute();
        for (const row of rows) {
          yield {
            id: Number(row.id),
            at: row.at,
            by: row.by_actor,
            ...(row.channel ? { channel: row.channel as AuditChannel } : {}),
            verdict: row.verdict as Verdict,
            ruleIds: JSON.parse(row.rule_ids) as string[],
            suggestionApplied: row.suggestion_applied === 1,
            ...(row.revision_of !== null ? { revisionOf: Number(row.revision_of) } : {}),
            disputedRuleIds: row.feedback ? (JSON.parse(row.feedback) as GuardFeedback[]).map((f) => f.ruleId) : [],
          };
        }
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = { at: last.at, id: Number(last.id) };
      }
    },

    async countComplaints(period = {}) {
      const row = await complaintsInPeriod(period).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async *complaintsForReport(period = {}, pageSize = DEFAULT_PAGE) {
      let after: { day: string; seq: number } | undefined;
      for (;;) {
        let q = complaintsInPeriod(period).select(['id', 'day', 'seq', 'record']);
        if (after) {
          const { day, seq } = after;
          q = q.where((eb) => eb.or([eb('day', '>', day), eb.and([eb('day', '=', day), eb('seq', '>', seq)])]));
        }
        const rows = await q.orderBy('day').orderBy('seq').limit(pageSize).execute();
        if (rows.length === 0) return;
        const moves = new Map<string, HistoryEvent[]>();
        const history = await db.selectFrom('complaint_history')
          .select(['complaint_id', 'at', 'actor', 'channel', 'event', 'from_status', 'to_status'])
          .where('complaint_id', 'in', rows.map((r) => r.id)).where('to_status', 'is not', null)
          .orderBy('complaint_id').orderBy('seq').execute();
        for (const h of history) {
          const event = {
            at: h.at, actor: h.actor, channel: h.channel, event: h.event,
            ...(h.from_status ? { from: h.from_status } : {}), to: h.to_status,
          } as HistoryEvent;
          const list = moves.get(h.complaint_id);
          if (list) list.push(event);
          else moves.set(h.complaint_id, [event]);
        }
        for (const row of rows) {
          yield { record: JSON.parse(row.record) as Omit<ComplaintRecord, 'history'>, transitions: moves.get(row.id) ?? [] };
        }
        if (rows.length < pageSize) return;
        const last = rows[rows.length - 1]!;
        after = { day: last.day, seq: Number(last.seq) };
      }
    },
  };
}
