// Deadline reminders: what is due soon or overdue is recorded once per
// (complaint, deadline, level, due time) and claimed by one process at a time.
import { sql, type Selectable } from 'kysely';
import type { ComplaintStatus } from '../contracts/complaint.js';
import type { DeadlineKind } from '../complaints/index.js';
import { claimRows } from './claims.js';
import { insertOutbox } from './outbox-repository.js';
import type { Database, Db } from './schema.js';
import type { Backend, OutboxMessageInput, Reminder, ReminderLevel, ReminderRepository, ReminderSweepOptions } from './types.js';

export function reminderRepository(backend: Backend, db: Db): ReminderRepository {
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
