import type { ComplaintRecord, ComplaintStatus, HistoryEvent } from '../contracts/complaint.js';
import type { DeadlineKind } from './deadlines.js';

/** How one deadline of a complaint went: met, missed, or still running. */
export type DeadlineOutcome = 'on_time' | 'late' | 'open';

export interface DeadlineRecord {
  outcome: DeadlineOutcome;
  dueAt: string;
  /** When the step was done; absent while it is not. */
  doneAt?: string;
}

/**
 * The step that meets each deadline, by the state the complaint moves into:
 * acknowledged once it leaves `received` (or `appealed`: picked up again), investigated once a
 * solution is proposed or the complaint is rejected, solved once it is resolved or rejected.
 */
const MEETS: Readonly<Record<DeadlineKind, ReadonlySet<ComplaintStatus>>> = {
  ack: new Set(['acknowledged', 'investigating', 'rejected']),
  investigate: new Set(['solution_proposed', 'rejected']),
  resolve: new Set(['resolved', 'rejected']),
};

const DUE_FIELD = { ack: 'ackBy', investigate: 'investigateBy', resolve: 'resolveBy' } as const;

/**
 * The outcome of each deadline of the complaint's current handling. An appeal starts a second
 * handling with fresh deadlines (see the lifecycle), so only the steps after the appeal count
 * against them. `transitions`: the history entries that set its state, oldest first.
 */
export function deadlineOutcomes(
  record: Pick<ComplaintRecord, 'ackBy' | 'investigateBy' | 'resolveBy' | 'appeal'>, transitions: readonly HistoryEvent[], now: Date,
): Record<DeadlineKind, DeadlineRecord> {
  const start = record.appeal ? Date.parse(record.appeal.at) : Number.NEGATIVE_INFINITY;
  const result = {} as Record<DeadlineKind, DeadlineRecord>;
  for (const kind of ['ack', 'investigate', 'resolve'] as const) {
    const dueAt = record[DUE_FIELD[kind]];
    const due = Date.parse(dueAt);
    const done = transitions.find((t) => t.to !== undefined && MEETS[kind].has(t.to) && Date.parse(t.at) > start);
    if (done) result[kind] = { outcome: Date.parse(done.at) <= due ? 'on_time' : 'late', dueAt, doneAt: done.at };
    else result[kind] = { outcome: due < now.getTime() ? 'late' : 'open', dueAt };
  }
  return result;
}
