import type { ComplaintRecord, ComplaintStatus, SeverityLevel } from '../contracts/complaint.js';
import type { CategoryLabel } from '../contracts/triage.js';
import { firstWorkingDay, nextDeadline, toLocal, zoneReader } from './calendar.js';
import type { BusinessCalendar, DeadlineDays, DeadlinePolicy } from './config.js';

export type DeadlineKind = 'ack' | 'investigate' | 'resolve';

export interface Deadlines {
  ackBy: string;
  investigateBy: string;
  resolveBy: string;
}

/** Working days for a category and severity: default, then category, then severity (so `major` always wins). */
export function deadlineDaysFor(category: CategoryLabel, severity: SeverityLevel, policy: DeadlinePolicy): DeadlineDays {
  return { ...policy.default, ...policy.category[category], ...policy.severity[severity] } as DeadlineDays;
}

/** The three deadlines of a complaint whose clock starts at `start`, as UTC ISO instants. */
export function deadlinesFor(
  input: { category: CategoryLabel; severity: SeverityLevel; start: Date },
  policy: DeadlinePolicy,
  calendar: BusinessCalendar,
): Deadlines {
  const days = deadlineDaysFor(input.category, input.severity, policy);
  const reader = zoneReader(calendar.timeZone);
  let ackBy = nextDeadline(input.start, days.ack, calendar, reader);
  // A faster acknowledgement (hours) while the working day the clock starts on is still running.
  if (days.ackWithinHours !== undefined && firstWorkingDay(input.start, calendar, reader) === toLocal(input.start, calendar.timeZone, reader).day) {
    const soon = new Date(input.start.getTime() + days.ackWithinHours * 3_600_000);
    if (soon < ackBy) ackBy = soon;
  }
  return {
    ackBy: ackBy.toISOString(),
    investigateBy: nextDeadline(input.start, days.investigate, calendar, reader).toISOString(),
    resolveBy: nextDeadline(input.start, days.resolve, calendar, reader).toISOString(),
  };
}

/**
 * Which deadline the complaint is working towards in its current state:
 * getting acknowledged (also after an appeal, until the new owner picks it up),
 * finishing the investigation with a proposed solution, then resolving.
 */
export const DEADLINE_BY_STATUS: Readonly<Record<ComplaintStatus, DeadlineKind | undefined>> = {
  received: 'ack',
  appealed: 'ack',
  acknowledged: 'investigate',
  investigating: 'investigate',
  solution_proposed: 'resolve',
  awaiting_approval: 'resolve',
  approved: 'resolve',
  resolved: undefined,
  closed: undefined,
  rejected: undefined,
};

const FIELD: Record<DeadlineKind, keyof Deadlines> = { ack: 'ackBy', investigate: 'investigateBy', resolve: 'resolveBy' };

/** The deadline that is running now, or undefined once the complaint is resolved, closed or rejected. */
export function currentDeadline(record: Pick<ComplaintRecord, 'status' | 'ackBy' | 'investigateBy' | 'resolveBy'>): { kind: DeadlineKind; dueAt: string } | undefined {
  const kind = DEADLINE_BY_STATUS[record.status];
  return kind === undefined ? undefined : { kind, dueAt: record[FIELD[kind]] };
}

export function isOverdue(record: Pick<ComplaintRecord, 'status' | 'ackBy' | 'investigateBy' | 'resolveBy'>, now: Date): boolean {
  const running = currentDeadline(record);
  return running !== undefined && Date.parse(running.dueAt) < now.getTime();
}

/** The earlier of two ISO instants: re-computing deadlines may tighten them, never loosen them. */
export function earlierOf(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}
