import { addDays, localDay, type IsoDay } from './calendar.js';

const ID_PATTERN = /^C-(\d{4})(\d{2})(\d{2})-(\d{4,})$/;

/** `C-20261123-0042`: the business day the complaint arrived and its number that day. */
export function formatComplaintId(day: IsoDay, sequence: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`complaint day must be YYYY-MM-DD, got "${day}"`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`complaint sequence must be a whole number ≥ 1, got ${sequence}`);
  return `C-${day.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}

export function parseComplaintId(id: string): { day: IsoDay; sequence: number } | undefined {
  const match = ID_PATTERN.exec(id.trim().toUpperCase());
  if (!match) return undefined;
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  // Reject impossible dates such as 2026-02-30 that the pattern lets through.
  if (addDays(day, 0) !== day) return undefined;
  return { day, sequence: Number(match[4]) };
}

/** Which day's sequence a complaint received at `now` draws from. */
export function complaintDay(now: Date, timeZone: string): IsoDay {
  return localDay(now, timeZone);
}
