import { sql, type Kysely, type SelectQueryBuilder, type Selectable, type Transaction } from 'kysely';
import {
  COMPLAINT_SCHEMA_VERSION,
  type ComplaintDraft, type ComplaintEvent, type ComplaintRecord, type ComplaintStatus, type HistoryEvent,
} from '../contracts/complaint.js';
import type { Verdict } from '../contracts/finding.js';
import {
  amendComplaint, appendNote, applyEvent, complaintDay, currentDeadline, newComplaint, parseComplaintId, reassignComplaint,
  type ComplaintConfig, type ComplaintPatch, type DeadlineKind,
} from '../complaints/index.js';
import { ComplaintNotFoundError, GuardAuditNotFoundError, VersionConflictError } from './errors.js';
import { chatTranscripts } from './chat-transcripts.js';
import { claimRows } from './claims.js';
import { insertOutbox, outboxRepository } from './outbox-repository.js';
import { stateStorage } from './state-storage.js';
import { surveyRepository } from './survey-repository.js';
import { insightReads } from './insight-reads.js';
import type { Database } from './schema.js';
import type {
  ActorContext, AuditChannel, ComplaintSort, CreateOptions, OutboxMessageInput, AuditCustomerContext, Backend, ComplaintFilter, ComplaintRepository, GuardAuditEntry, GuardAuditFilter, GuardAuditInput,
  GuardAuditRepository, GuardFeedback, Reminder, ReminderLevel, ReminderRepository, ReminderSweepOptions, Store, UpdateOptions,
} from './types.js';

type Db = Kysely<Database>;
type Executor = Db | Transaction<Database>;

// Without an expected version, a transition re-reads and re-validates after a
// concurrent write; a handful of retries is plenty for human-paced edits.
const MAX_REBASE_ATTEMPTS = 8;

/**
 * The Store over Kysely: one code path for SQLite and PostgreSQL. The only
 * backend-specific query is the claim of work rows (claims.ts), which adds FOR
 * UPDATE SKIP LOCKED on PostgreSQL (SQLite serialises writers instead).
 */
export function createSqlStore(backend: Backend, db: Db, config: ComplaintConfig, onClose: () => Promise<void> = () => db.destroy()): Store {
  const complaints = complaintRepository(db, config);
  const state = stateStorage(db);
  let closed = false;
  return {
    backend,
    complaints,
    transcripts: chatTranscripts(state, complaints),
    guardAudit: guardAuditRepository(db),
    botStorage: state,
    reminders: reminderRepository(backend, db),
    outbox: outboxRepository(backend, db),
    surveys: surveyRepository(backend, db),
    insights: insightReads(db),
    async close() {
      if (closed) return;
      closed = true;
      await onClose();
    },
  };
}

// ---------------------------------------------------------------- complaints

function complaintRepository(db: Db, config: ComplaintConfig): ComplaintRepository {
  const tz = config.calendar.timeZone;

  async function get(id: string): Promise<ComplaintRecord | undefined> {
    const row = await db.selectFrom('complaints').select('record').where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const history = await historyOf(db, [id]);
    return fromRow(row.record, history.get(id) ?? []);
  }

  async function requireRecord(id: string): Promise<ComplaintRecord> {
    const record = await get(id);
    if (!record) throw new ComplaintNotFoundError(id);
    return record;
  }

  async function list(filter: ComplaintFilter = {}): Promise<ComplaintRecord[]> {
    let query = orderBySort(applyFilter(db.selectFrom('complaints').select(['id', 'record']), filter), filter.sort ?? 'id');
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    const rows = await query.execute();
    const history = await historyOf(db, rows.map((row) => row.id));
    return rows.map((row) => fromRow(row.record, history.get(row.id) ?? []));
  }

  /**
   * Reads, applies a pure change and writes it only if nobody else wrote in
   * between (WHERE version = read version). With an expected version a
   * mismatch is a VersionConflictError; without one the change is re-applied
   * to the fresh record, so the state machine judges it against the truth.
   */
  async function mutate(id: string, opts: UpdateOptions, change: (record: ComplaintRecord, now: Date) => ComplaintRecord, outbox: readonly OutboxMessageInput[] = []): Promise<ComplaintRecord> {
    for (let attempt = 1; ; attempt++) {
      const current = await requireRecord(id);
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) {
        throw new VersionConflictError(id, opts.expectedVersion, current.version);
      }
      const next = change(current, opts.now ?? new Date());
      if (next === current) return current;
      const stored: ComplaintRecord = { ...next, version: current.version + 1 };
      try {
        await db.transaction().execute(async (trx) => {
          const result = await trx.updateTable('complaints')
            .set(complaintColumns(stored))
            .where('id', '=', id)
            .where('version', '=', current.version)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 0) {
            const now = await trx.selectFrom('complaints').select('version').where('id', '=', id).executeTakeFirst();
            if (!now) throw new ComplaintNotFoundError(id);
            throw new VersionConflictError(id, current.version, now.version);
          }
          await insertHistory(trx, id, stored.history.slice(current.history.length), current.history.length);
          await insertOutbox(trx, outbox, opts.now);
        });
        return stored;
      } catch (error) {
        if (error instanceof VersionConflictError && opts.expectedVersion === undefined && attempt < MAX_REBASE_ATTEMPTS) continue;
        throw error;
      }
    }
  }

  return {
    async create(draft: ComplaintDraft, ctx: CreateOptions) {
      const now = ctx.now ?? new Date();
      const day = complaintDay(now, tz);
      return db.transaction().execute(async (trx) => {
        // One atomic upsert: concurrent creators on the same day queue on this
        // row (PostgreSQL row lock, SQLite writer lock), so numbers never repeat.
        const { last } = await trx.insertInto('complaint_sequences')
          .values({ day, last: 1 })
          .onConflict((oc) => oc.column('day').doUpdateSet({ last: sql<number>`complaint_sequences.last + 1` }))
          .returning('last')
          .executeTakeFirstOrThrow();
        const received = newComplaint(draft, { now, config, sequence: Number(last), actor: ctx.actor });
        const record = (ctx.notes ?? []).reduce((r, note) => appendNote(r, note.event, note.detail, { actor: ctx.actor, channel: ctx.channel, now }), received);
        await trx.insertInto('complaints').values({ ...complaintColumns(record), id: record.id, day, seq: Number(last) }).execute();
        await insertHistory(trx, record.id, record.history, 0);
        await insertOutbox(trx, ctx.outbox?.(record) ?? [], now);
        return record;
      });
    },
    get,
    require: requireRecord,
    list,
    async count(filter: ComplaintFilter = {}) {
      const row = await applyFilter(db.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')), filter).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async *iterate(filter: ComplaintFilter = {}, pageSize = 500) {
      let afterId = filter.afterId;
      let remaining = filter.limit ?? Number.POSITIVE_INFINITY;
      while (remaining > 0) {
        const page = await list({ ...filter, afterId, limit: Math.min(pageSize, remaining) });
        for (const record of page) yield record;
        if (page.length < pageSize) return;
        remaining -= page.length;
        afterId = page[page.length - 1]!.id;
      }
    },
    amend(id: string, patch: ComplaintPatch, opts: UpdateOptions) {
      return mutate(id, opts, (record, now) => amendComplaint(record, patch, { actor: opts.actor, channel: opts.channel, now, config }));
    },
    transition(id: string, event: ComplaintEvent, opts: UpdateOptions) {
      return mutate(id, opts, (record, now) => applyEvent(record, event, { actor: opts.actor, channel: opts.channel, now, config }));
    },
    reassign(id: string, to: string, opts: UpdateOptions & { reason: string }) {
      return mutate(id, opts, (record, now) => reassignComplaint(record, to, opts.reason, { actor: opts.actor, channel: opts.channel, now }));
    },
    note(id: string, event: string, detail: Record<string, unknown>, opts: UpdateOptions & { outbox?: readonly OutboxMessageInput[] }) {
      return mutate(id, opts, (record, now) => appendNote(record, event, detail, { actor: opts.actor, channel: opts.channel, now }), opts.outbox);
    },
  };
}

function complaintColumns(record: ComplaintRecord) {
  const { history: _history, ...rest } = record;
  const running = currentDeadline(record);
  return {
    status: record.status,
    owner: record.owner,
    department: record.department,
    category: record.category,
    severity: record.severity,
    channel: record.channel,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    due_kind: running?.kind ?? null,
    due_at: running ? new Date(running.dueAt).toISOString() : null,
    version: record.version,
    record: JSON.stringify(rest),
  };
}

function fromRow(json: string, history: HistoryEvent[]): ComplaintRecord {
  const record = JSON.parse(json) as Omit<ComplaintRecord, 'history'>;
  if (record.schemaVersion !== COMPLAINT_SCHEMA_VERSION) {
    // No older shape exists yet; when one does, migrate it forward here.
    throw new Error(`complaint ${record.id} is stored with schema version ${String(record.schemaVersion)}, this Hearken reads ${COMPLAINT_SCHEMA_VERSION}: upgrade Hearken`);
  }
  return { ...record, history };
}

async function historyOf(db: Executor, ids: string[]): Promise<Map<string, HistoryEvent[]>> {
  const byId = new Map<string, HistoryEvent[]>();
  if (ids.length === 0) return byId;
  const rows = await db.selectFrom('complaint_history').selectAll().where('complaint_id', 'in', ids).orderBy('complaint_id').orderBy('seq').execute();
  for (const row of rows) {
    const event: HistoryEvent = {
      at: row.at, actor: row.actor, channel: row.channel as HistoryEvent['channel'], event: row.event,
      ...(row.from_status ? { from: row.from_status as ComplaintStatus } : {}),
      ...(row.to_status ? { to: row.to_status as ComplaintStatus } : {}),
      ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
    };
    const list = byId.get(row.complaint_id);
    if (list) list.push(event);
    else byId.set(row.complaint_id, [event]);
  }
  return byId;
}

async function insertHistory(trx: Executor, complaintId: string, events: HistoryEvent[], firstSeq: number): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('complaint_history').values(events.map((event, i) => ({
    complaint_id: complaintId,
    seq: firstSeq + i,
    at: event.at,
    actor: event.actor,
    channel: event.channel,
    event: event.event,
    from_status: event.from ?? null,
    to_status: event.to ?? null,
    detail: event.detail ? JSON.stringify(event.detail) : null,
  }))).execute();
}

function applyFilter<O>(query: SelectQueryBuilder<Database, 'complaints', O>, filter: ComplaintFilter): SelectQueryBuilder<Database, 'complaints', O> {
  let q = query;
  if (filter.status !== undefined) {
    const statuses = Array.isArray(filter.status) ? filter.status : [filter.status];
    if (statuses.length === 0) return q.where(sql<boolean>`1 = 0`);
    q = q.where('status', 'in', statuses);
  }
  if (filter.owner !== undefined) q = q.where('owner', '=', filter.owner);
  if (filter.department !== undefined) q = q.where('department', '=', filter.department);
  for (const column of ['category', 'channel'] as const) {
    const wanted = filter[column];
    if (wanted === undefined) continue;
    const values = Array.isArray(wanted) ? wanted : [wanted];
    if (values.length === 0) return q.where(sql<boolean>`1 = 0`);
    q = q.where(column, 'in', values);
  }
  if (filter.dueBefore !== undefined) q = q.where('due_at', '<', filter.dueBefore.toISOString());
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom.toISOString());
  if (filter.createdTo !== undefined) q = q.where('created_at', '<', filter.createdTo.toISOString());
  if (filter.afterId !== undefined) {
    const after = parseComplaintId(filter.afterId);
    if (!after) throw new RangeError(`afterId "${filter.afterId}" is not a complaint id (C-YYYYMMDD-NNNN)`);
    q = q.where((eb) => eb.or([eb('day', '>', after.day), eb.and([eb('day', '=', after.day), eb('seq', '>', after.sequence)])]));
  }
  return q;
}

/** Each order ends in the id order (day, sequence), so equal keys list the same way on both backends. */
function orderBySort<O>(query: SelectQueryBuilder<Database, 'complaints', O>, sort: ComplaintSort): SelectQueryBuilder<Database, 'complaints', O> {
  // Finished complaints have no running deadline; they go last on both backends (NULL order differs).
  const dueFirst = (q: SelectQueryBuilder<Database, 'complaints', O>) => q.orderBy(sql`case when due_at is null then 1 else 0 end`).orderBy('due_at');
  switch (sort) {
    case 'due': return dueFirst(query).orderBy('day').orderBy('seq');
    case 'created': return query.orderBy('created_at', 'desc').orderBy('day', 'desc').orderBy('seq', 'desc');
    // 'major' sorts before 'normal'.
    case 'severity': return dueFirst(query.orderBy('severity')).orderBy('day').orderBy('seq');
    case 'id': return query.orderBy('day').orderBy('seq');
  }
}

// --------------------------------------------------------------- guard audit

/** Rows per INSERT in appendMany: a few parameters a row keeps a statement far below the bound-parameter limits. */
const APPEND_CHUNK = 500;

function guardAuditRepository(db: Db): GuardAuditRepository {
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

// ----------------------------------------------------------------- reminders

function reminderRepository(backend: Backend, db: Db): ReminderRepository {
  const toReminder = (row: Selectable<Database['reminders']>): Reminder => ({
    id: Number(row.id),
    complaintId: row.complaint_id,
    deadline: row.deadline_kind as DeadlineKind,
    level: row.level as ReminderLevel,
    dueAt: row.due_at,
    owner: row.owner,
    department: row.department,
    status: row.status as ComplaintStatus,
    createdAt: row.created_at,
  });
  return {
    async claimDue(options: ReminderSweepOptions = {}) {
      const now = options.now ?? new Date();
      const nowIso = now.toISOString();
      const horizon = new Date(now.getTime() + (options.dueSoonMs ?? 4 * 3600_000)).toISOString();

      // 1. Record what is due. The unique key (complaint, deadline, level, due time)
      //    makes this idempotent across sweeps and across processes.
      await db.insertInto('reminders')
        .columns(['complaint_id', 'deadline_kind', 'level', 'due_at', 'owner', 'department', 'status', 'created_at'])
        .expression((eb) => eb.selectFrom('complaints')
          .select((s) => [
            'id', 'due_kind',
            sql<string>`case when ${s.ref('due_at')} <= cast(${nowIso} as text) then 'overdue' else 'due_soon' end`.as('level'),
            'due_at', 'owner', 'department', 'status', sql<string>`cast(${nowIso} as text)`.as('created_at'),
          ])
          .where('due_at', 'is not', null)
          .where('due_at', '<=', horizon) as never)
        .onConflict((oc) => oc.columns(['complaint_id', 'deadline_kind', 'level', 'due_at']).doNothing())
        .execute();

      // 2. Claim unsent reminders whose lease is free (see claims.ts).
      const rows = await claimRows(backend, db, { table: 'reminders', key: 'id', doneColumn: 'sent_at' }, {
        now, workerId: options.workerId ?? `pid-${process.pid}`, leaseMs: options.leaseMs ?? 60_000, limit: options.limit ?? 500,
      });
      return rows.map(toReminder).sort((a, b) => a.id - b.id);
    },
    async markSent(ids: number[], now = new Date(), outbox: readonly OutboxMessageInput[] = []) {
      if (ids.length === 0) return;
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('reminders').set({ sent_at: now.toISOString() }).where('id', 'in', ids).where('sent_at', 'is', null).execute();
        await insertOutbox(trx, outbox, now);
      });
    },
    async listSent(filter: { complaintId?: string; limit?: number } = {}) {
      let q = db.selectFrom('reminders').selectAll().where('sent_at', 'is not', null);
      if (filter.complaintId) q = q.where('complaint_id', '=', filter.complaintId);
      const rows = await q.orderBy('id', 'desc').limit(filter.limit ?? 1000).execute();
      return rows.map(toReminder);
    },
  };
}
