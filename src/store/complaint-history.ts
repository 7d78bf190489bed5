// A complaint's history events, one row each in complaint_history (seq in order):
// read in bulk for a page of complaints, appended in the transaction of the change.
import type { ComplaintStatus, HistoryEvent } from '../contracts/complaint.js';
import type { Executor } from './schema.js';

export async function historyOf(db: Executor, ids: string[]): Promise<Map<string, HistoryEvent[]>> {
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

export async function insertHistory(trx: Executor, complaintId: string, events: HistoryEvent[], firstSeq: number): Promise<void> {
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
