// Where a complaint stands against its running deadline, on the business calendar's clock
// (Asia/Shanghai in the defaults; weekends off).
import { describe, expect, it } from 'vitest';
import { deadlineStanding, describeStanding } from '../../src/complaints/index.js';
import { defaultConfig } from './fixtures.js';

const calendar = defaultConfig.calendar;
// Due Wednesday 25 November 2026, 18:00 in Shanghai (10:00 UTC).
const record = (status: 'received' | 'acknowledged' | 'resolved' = 'received') => ({
  status, ackBy: '2026-11-25T10:00:00.000Z', investigateBy: '2026-11-30T10:00:00.000Z', resolveBy: '2026-12-07T10:00:00.000Z',
});
const at = (iso: string) => new Date(iso);

describe('deadline standing', () => {
  it('shows the deadline on the calendar\'s wall clock with the working days left', () => {
    // Monday 23 November, 10:00 Shanghai: Tuesday and Wednesday are left.
    expect(deadlineStanding(record(), at('2026-11-23T02:00:00Z'), calendar)).toEqual({
      kind: 'ack', dueAt: '2026-11-25T10:00:00.000Z', dueLocal: '2026-11-25 18:00', timeZone: 'Asia/Shanghai', overdue: false, workingDays: 2,
    });
    // Wednesday 09:00 Shanghai: due today.
    const today = deadlineStanding(record(), at('2026-11-25T01:00:00Z'), calendar)!;
    expect([today.workingDays, describeStanding(today)]).toEqual([0, 'due today']);
    // Thursday 10:00 Shanghai: one working day overdue.
    const late = deadlineStanding(record(), at('2026-11-26T02:00:00Z'), calendar)!;
    expect([late.overdue, late.workingDays, describeStanding(late)]).toEqual([true, 1, 'overdue 1 working day']);
    // Wednesday 19:00 Shanghai: passed an hour ago.
    const justLate = deadlineStanding(record(), at('2026-11-25T11:00:00Z'), calendar)!;
    expect(describeStanding(justLate)).toBe('overdue (less than a working day)');
    // The next Monday: Thursday, Friday and Monday are working days after the due day; the weekend is not.
    expect(deadlineStanding(record(), at('2026-11-30T02:00:00Z'), calendar)!.workingDays).toBe(3);
  });

  it('follows the running deadline, and has none once resolved', () => {
    // Acknowledged: the investigation deadline, Monday 30 November; from Thursday: Friday and Monday left.
    const investigating = deadlineStanding(record('acknowledged'), at('2026-11-26T02:00:00Z'), calendar)!;
    expect([investigating.kind, investigating.dueLocal, describeStanding(investigating)]).toEqual(['investigate', '2026-11-30 18:00', '2 working days left']);
    expect(deadlineStanding(record('resolved'), at('2026-11-26T02:00:00Z'), calendar)).toBeUndefined();
  });
});
