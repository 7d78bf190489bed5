import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deadlinesFor, firstWorkingDay, isWorkingDay, localDay, nextDeadline, toLocal, validateComplaintConfig, zonedInstant,
  type BusinessCalendar,
} from '../../src/complaints/index.js';
import { defaultConfig } from './fixtures.js';

const shanghai = defaultConfig.calendar;
const at = (iso: string) => new Date(iso);

describe('business calendar (default: Asia/Shanghai with 2025–2026 holidays and 调休)', () => {
  it('knows weekends, holidays and make-up working days', () => {
    expect(isWorkingDay('2026-11-23', shanghai)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-28', shanghai)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', shanghai)).toBe(false); // 国庆节, a Monday
    expect(isWorkingDay('2026-10-10', shanghai)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-02-14', shanghai)).toBe(true); // 调休 Saturday before 春节
  });

  it('counts working days across the National Day week and its make-up Saturday', () => {
    // Received Wednesday 30 Sep 2026, 10:00: 1–7 Oct are holidays, Sat 10 Oct is a working day.
    const start = at('2026-09-30T02:00:00Z');
    expect(nextDeadline(start, 0, shanghai).toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(nextDeadline(start, 1, shanghai).toISOString()).toBe('2026-10-08T10:00:00.000Z');
    expect(nextDeadline(start, 2, shanghai).toISOString()).toBe('2026-10-09T10:00:00.000Z');
    expect(nextDeadline(start, 3, shanghai).toISOString()).toBe('2026-10-10T10:00:00.000Z');
    expect(nextDeadline(start, 4, shanghai).toISOString()).toBe('2026-10-12T10:00:00.000Z');
  });

  it('starts the clock on the next working day after hours, on weekends and on holidays', () => {
    // Monday 19:30 in Shanghai is after the 18:00 end of day.
    expect(firstWorkingDay(at('2026-11-23T11:30:00Z'), shanghai)).toBe('2026-11-24');
    // Saturday morning.
    expect(firstWorkingDay(at('2026-11-28T01:00:00Z'), shanghai)).toBe('2026-11-30');
    // Same-day (major) deadline for something received on a Saturday is Monday's end of day.
    expect(nextDeadline(at('2026-11-28T01:00:00Z'), 0, shanghai).toISOString()).toBe('2026-11-30T10:00:00.000Z');
  });

  it('uses the calendar time zone, not the machine zone, including across DST', () => {
    const london: BusinessCalendar = validateComplaintConfig({ ...defaultConfig, calendar: { timeZone: 'Europe/London', holidays: [], workdays: [] } }).calendar;
    // Friday 27 March 2026, 17:00 GMT; the clocks go forward on Sunday 29 March.
    const deadline = nextDeadline(at('2026-03-27T17:00:00Z'), 1, london);
    expect(deadline.toISOString()).toBe('2026-03-30T17:00:00.000Z'); // Monday 18:00 BST
    expect(zonedInstant('2026-01-05', '18:00', 'Europe/London').toISOString()).toBe('2026-01-05T18:00:00.000Z');
    expect(toLocal(at('2026-03-30T17:00:00Z'), 'Europe/London')).toEqual({ day: '2026-03-30', minutes: 18 * 60 });
  });

  it('applies the telecom defaults (2/5/7 working days), and a fast but staged schedule for major complaints', () => {
    const monday = at('2026-11-23T02:00:00Z');
    expect(deadlinesFor({ category: 'billing', severity: 'normal', start: monday }, defaultConfig.deadlines, shanghai)).toEqual({
      ackBy: '2026-11-25T10:00:00.000Z', investigateBy: '2026-11-30T10:00:00.000Z', resolveBy: '2026-12-02T10:00:00.000Z',
    });
    // Monday 10:00: acknowledged by 12:00, investigated by Tuesday's end, a solution by Thursday's; never all the same afternoon.
    expect(deadlinesFor({ category: 'billing', severity: 'major', start: monday }, defaultConfig.deadlines, shanghai)).toEqual({
      ackBy: '2026-11-23T04:00:00.000Z', investigateBy: '2026-11-24T10:00:00.000Z', resolveBy: '2026-11-26T10:00:00.000Z',
    });
    // Late in the afternoon the end of the working day comes first; at night, the next working day's end.
    expect(deadlinesFor({ category: 'billing', severity: 'major', start: at('2026-11-23T09:30:00Z') }, defaultConfig.deadlines, shanghai).ackBy).toBe('2026-11-23T10:00:00.000Z');
    expect(deadlinesFor({ category: 'billing', severity: 'major', start: at('2026-11-23T14:00:00Z') }, defaultConfig.deadlines, shanghai).ackBy).toBe('2026-11-24T10:00:00.000Z');
  });

  it('lets a category override some deadlines and severity override the category', () => {
    const config = validateComplaintConfig({
      ...defaultConfig,
      deadlines: { default: { ack: 2, investigate: 5, resolve: 7 }, category: { billing: { resolve: 3 } }, severity: { major: { ack: 0 } } },
    });
    const monday = at('2026-11-23T02:00:00Z');
    const billingMajor = deadlinesFor({ category: 'billing', severity: 'major', start: monday }, config.deadlines, config.calendar);
    expect(billingMajor.ackBy).toBe('2026-11-23T10:00:00.000Z');
    expect(billingMajor.investigateBy).toBe('2026-11-30T10:00:00.000Z');
    expect(billingMajor.resolveBy).toBe('2026-11-26T10:00:00.000Z');
  });
});

describe('deadline properties', () => {
  // Instants from 2025 to the end of 2026, where the default calendar lists holidays.
  const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 11, 20) }).map((ms) => new Date(ms));
  const days = fc.integer({ min: 0, max: 15 });
  const calendars = fc.constantFrom<BusinessCalendar>(
    shanghai,
    validateComplaintConfig({ ...defaultConfig, calendar: { timeZone: 'America/New_York', holidays: ['2026-07-03', '2026-11-26', '2026-12-25'], workdays: [], workdayEnd: '17:30' } }).calendar,
    validateComplaintConfig({ ...defaultConfig, calendar: { timeZone: 'Asia/Dubai', weekend: [5, 6], holidays: [], workdays: ['2026-03-20'] } }).calendar,
  );

  it('a deadline always falls at the end of a working day, never before the start', () => {
    fc.assert(fc.property(instant, days, calendars, (start, n, calendar) => {
      const deadline = nextDeadline(start, n, calendar);
      const local = toLocal(deadline, calendar.timeZone);
      const [hh, mm] = calendar.workdayEnd.split(':').map(Number) as [number, number];
      return isWorkingDay(local.day, calendar) && local.minutes === hh * 60 + mm && deadline.getTime() >= start.getTime();
    }), { numRuns: 600 });
  });

  it('a later start never gives an earlier deadline', () => {
    fc.assert(fc.property(instant, fc.integer({ min: 0, max: 20 * 86_400_000 }), days, calendars, (start, delta, n, calendar) => {
      const later = new Date(start.getTime() + delta);
      return nextDeadline(later, n, calendar).getTime() >= nextDeadline(start, n, calendar).getTime();
    }), { numRuns: 600 });
  });

  it('more working days never give an earlier deadline, and each extra day lands on a later working day', () => {
    fc.assert(fc.property(instant, days, calendars, (start, n, calendar) => {
      const a = nextDeadline(start, n, calendar);
      const b = nextDeadline(start, n + 1, calendar);
      return b.getTime() > a.getTime() && localDay(b, calendar.timeZone) > localDay(a, calendar.timeZone);
    }), { numRuns: 400 });
  });
});
