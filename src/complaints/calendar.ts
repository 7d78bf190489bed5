import type { BusinessCalendar } from './config.js';

/**
 * Working-day arithmetic over a business calendar. Days are ISO dates
 * (`YYYY-MM-DD`) in the calendar's time zone; instants are Dates. Everything is
 * pure: the time zone is resolved with Intl, never with the machine's zone.
 */

export type IsoDay = string;

export interface LocalDateTime {
  day: IsoDay;
  /** Minutes since local midnight. */
  minutes: number;
}

/**
 * Reads wall-clock time in one zone. Building an Intl.DateTimeFormat costs tens
 * of microseconds, so a computation that needs several readings (three
 * deadlines, each converting back and forth) builds one reader and passes it on.
 */
export interface ZoneReader {
  readonly timeZone: string;
  /** Local year, month, day, hour, minute, second of an instant. */
  wallClock(instant: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

export function zoneReader(timeZone: string): ZoneReader {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  });
  return {
    timeZone,
    wallClock(instant) {
      const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
      for (const part of format.formatToParts(instant)) {
        if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
      }
      return fields;
    },
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The calendar day and wall-clock time of an instant in a time zone. */
export function toLocal(instant: Date, timeZone: string, reader: ZoneReader = zoneReader(timeZone)): LocalDateTime {
  const t = reader.wallClock(instant);
  return { day: `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`, minutes: t.hour * 60 + t.minute };
}

/** The local day of an instant, e.g. to number complaint ids by the business's day. */
export function localDay(instant: Date, timeZone: string): IsoDay {
  return toLocal(instant, timeZone).day;
}

/**
 * The instant at which the wall clock in `timeZone` shows `day` at `time` (HH:MM).
 * Two passes over the zone offset handle days on which the offset changes.
 */
export function zonedInstant(day: IsoDay, time: string, timeZone: string, reader: ZoneReader = zoneReader(timeZone)): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let instant = wall - offsetMs(new Date(wall), reader);
  instant = wall - offsetMs(new Date(instant), reader);
  return new Date(instant);
}

// Offset of the zone from UTC at an instant: local wall time read as UTC, minus the instant.
function offsetMs(instant: Date, reader: ZoneReader): number {
  const t = reader.wallClock(instant);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

export function addDays(day: IsoDay, days: number): IsoDay {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: IsoDay): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Make-up working days win over weekends; holidays win over ordinary weekdays. */
export function isWorkingDay(day: IsoDay, calendar: BusinessCalendar): boolean {
  if (calendar.workdays.includes(day)) return true;
  if (calendar.holidays.includes(day)) return false;
  return !calendar.weekend.includes(isoWeekday(day));
}

// A calendar whose weekend covers all seven days and that lists no make-up
// days has no working day; stop rather than loop forever.
const SEARCH_LIMIT_DAYS = 3660;

export function nextWorkingDayAfter(day: IsoDay, calendar: BusinessCalendar): IsoDay {
  let candidate = day;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    candidate = addDays(candidate, 1);
    if (isWorkingDay(candidate, calendar)) return candidate;
  }
  throw new Error(`business calendar (${calendar.timeZone}) has no working day within ten years after ${day}: check its weekend, holidays and workdays`);
}

function minutesOf(time: string): number {
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return hh * 60 + mm;
}

/**
 * The working day on which the clock starts for something received at `start`:
 * the same day if it is a working day and the working day has not ended yet,
 * otherwise the next working day.
 */
export function firstWorkingDay(start: Date, calendar: BusinessCalendar, reader: ZoneReader = zoneReader(calendar.timeZone)): IsoDay {
  const local = toLocal(start, calendar.timeZone, reader);
  if (isWorkingDay(local.day, calendar) && local.minutes < minutesOf(calendar.workdayEnd)) return local.day;
  return nextWorkingDayAfter(local.day, calendar);
}

/**
 * The end of the `workingDays`-th working day after the day the clock starts
 * (0 = the end of that same working day). The result is always the end of a
 * working day, never before `start`, and never earlier for a later `start`.
 */
export function nextDeadline(start: Date, workingDays: number, calendar: BusinessCalendar, reader: ZoneReader = zoneReader(calendar.timeZone)): Date {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`working days must be a whole number ≥ 0, got ${workingDays}`);
  }
  let day = firstWorkingDay(start, calendar, reader);
  for (let i = 0; i < workingDays; i++) day = nextWorkingDayAfter(day, calendar);
  return zonedInstant(day, calendar.workdayEnd, calendar.timeZone, reader);
}
