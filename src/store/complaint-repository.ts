// Complaints: the records, their numbering and every change through the pure
// lifecycle of src/complaints, written with optimistic concurrency (version)
// together with their history events and the outbox messages they cause.
import { sql, type SelectQueryBuilder } from 'kysely';
import {
  COMPLAINT_SCHEMA_VERSION, type ComplaintDraft, type ComplaintEvent, type ComplaintRecord, type HistoryEvent,
} from '../contracts/complaint.js';
import {
  amendComplaint, appendNote, applyEvent, complaintDay, currentDeadline, newComplaint, parseComplaintId, reassignComplaint,
  type ComplaintConfig, type ComplaintPatch,
} from '../complaints/index.js';
import { historyOf, insertHistory } from './complaint-history.js';
import { ComplaintNotFoundError, MAX_REBASE_ATTEMPTS, VersionConflictError } from './errors.js';
import { insertOutbox } from './outbox-repository.js';
import type { Database, Db } from './schema.js';
import type { ComplaintFilter, ComplaintRepository, ComplaintSort, CreateOptions, OutboxMessageInput, UpdateOptions } from './types.js';

export function complaintRepository(db: Db, config: ComplaintConfig): ComplaintRepository {
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
        // Pages follow the id order, whatever order a list would take.
        const page = await list({ ...filter, sort: 'id', afterId, limit: Math.min(pageSize, remaining) });
        for (const record of page) yield record;
        if (page.length < pageSize) return;
        remaining -= page.length;
        afterId = page[page.length - 1]!.id;
      }
    },
    amend(id: string, patch: ComplaintPatch, opts: UpdateOptions) {
      return mutate(id, opts, (record, now) => amendComplaint(record, patch, { actor: opts.actor, channel: opts.channel, now, config }));
    },
    transition(id: string, event: ComplaintEvent, opts: UpdateOptions & { outbox?: readonly OutboxMessageInput[] }) {
      return mutate(id, opts, (record, now) => applyEvent(record, event, { actor: opts.actor, channel: opts.channel, now, config }), opts.outbox);
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
