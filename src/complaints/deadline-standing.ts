import type { ComplaintRecord } from '../contracts/complaint.js';
import { nextWorkingDayAfter, toLocal, zoneReader, type IsoDay, type ZoneReader } from './calendar.js';
import type { BusinessCalendar } from './config.js';
import { currentDeadline, type DeadlineKind } from './deadlines.js';

/**
 * Where a complaint stands against its running deadline, as staff read it: the deadline on the
 * business calendar's wall clock, and the working days left (or overdue).
 */
export interface DeadlineStanding {
  kind: DeadlineKind;
  /** The deadline, UTC ISO. */
  dueAt: string;
  /** The deadline in the calendar's time zone: `YYYY-MM-DD HH:MM`. */
  dueLocal: string;
  timeZone: string;
  overdue: boolean;
  /**
   * Not overdue: working days after today up to the due day (0: due today).
   * Overdue: working days after the due day up to today (0: it passed today, or since on days off).
   */
  workingDays: number;
}

/** Working days d with from < d ≤ to. */
function workingDaysBetween(from: IsoDay, to: IsoDay, calendar: BusinessCalendar): number {
  let count = 0;
  for (let day = from; ; count++) {
    day = nextWorkingDayAfter(day, calendar);
    if (day > to) return count;
  }
}

/** The standing of the running deadline, or undefined once the complaint is resolved, closed or rejected. */
export function deadlineStanding(
  record: Pick<ComplaintRecord, 'status' | 'ackBy' | 'investigateBy' | 'resolveBy'>, now: Date, calendar: BusinessCalendar,
  reader: ZoneReader = zoneReader(calendar.timeZone),
): DeadlineStanding | undefined {
  const running = currentDeadline(record);
  if (!running) return undefined;
  const due = new Date(running.dueAt);
  const dueLocal = toLocal(due, calendar.timeZone, reader);
  const today = toLocal(now, calendar.timeZone, reader).day;
  const overdue = due.getTime() < now.getTime();
  const hh = String(Math.floor(dueLocal.minutes / 60)).padStart(2, '0');
  const mm = String(dueLocal.minutes % 60).padStart(2, '0');
  return {
    kind: running.kind,
    dueAt: due.toISOString(),
    dueLocal: `${dueLocal.day} ${hh}:${mm}`,
    timeZone: calendar.timeZone,
    overdue,
    workingDays: overdue ? workingDaysBetween(dueLocal.day, today, calendar) : workingDaysBetween(today, dueLocal.day, calendar),
  };
}

/** "2 working days left", "due today", "overdue 3 working days", "overdue (since today)": for lists. */
export function describeStanding(standing: DeadlineStanding): string {
  const days = (n: number) => `${n} working day${n === 1 ? '' : 's'}`;
  if (standing.overdue) return standing.workingDays === 0 ? 'overdue (less than a working day)' : `overdue ${days(standing.workingDays)}`;
  return standing.workingDays === 0 ? 'due today' : `${days(standing.workingDays)} left`;
}
