// The complaint side of the report: buckets in the business time zone, compliance, outcomes,
// triage distributions and the overdue list.
import { describe, expect, it } from 'vitest';
import { createComplaintReport } from '../../src/desk/complaint-report.js';
import { defaultConfig, fresh, step } from '../complaints/fixtures.js';
import { triageResult } from '../bot/fixtures.js';

const calendar = defaultConfig.calendar;

describe('complaint report', () => {
  it('counts each complaint in its business day, with deadlines, outcomes and triage', () => {
    // Monday 23 November 2026 10:00 Shanghai.
    const report = createComplaintReport({ calendar, since: new Date('2026-11-22T16:00:00Z'), until: new Date('2026-11-30T16:00:00Z') });
    const quick = step(step(fresh({ triage: triageResult({ emotion: { label: 'anger', intensity: 0.8 }, escalate: { value: true, reasons: ['regulator', 'repeat'] } }) }), { type: 'acknowledge' }), { type: 'reject', reason: 'duplicate' });
    report.add({ record: quick, transitions: quick.history });
    // Created 23:30 UTC on the 23rd: already the 24th in Shanghai.
    const late = fresh({ category: 'billing', channel: 'phone' }, new Date('2026-11-23T23:30:00Z'));
    report.add({ record: late, transitions: late.history });
    const result = report.result();
    expect(result.bucket).toBe('day');
    expect(result.byCategory.buckets).toHaveLength(8);
    expect(result.byCategory.buckets[0]).toBe('2026-11-23');
    expect(result.byCategory.series).toEqual([
      { key: 'billing', values: [0, 1, 0, 0, 0, 0, 0, 0], total: 1 },
      { key: 'delivery', values: [1, 0, 0, 0, 0, 0, 0, 0], total: 1 },
    ]);
    expect(result.byChannel.series.map((s) => s.key)).toEqual(['phone', 'web_chat']);
    // The rejected one met all three; the untouched one is late by the end of the period.
    expect(result.compliance.ack).toEqual({ onTime: 1, late: 1, open: 0 });
    expect(result.resolutions).toEqual([{ type: 'rejected', count: 1 }]);
    expect(result.emotions).toEqual([{ label: 'anger', count: 1 }]);
    expect(result.escalation).toEqual({ reasons: [{ reason: 'regulator', count: 1 }, { reason: 'repeat', count: 1 }], escalated: 1, triaged: 1 });
    expect(result.appeals).toEqual({ appealed: 0, answered: 1 });
    expect(result.satisfaction).toEqual({ scores: [0, 0, 0, 0, 0], answered: 0, average: null });
  });

  it('lists only complaints still overdue at the end of the period, most overdue first', () => {
    const report = createComplaintReport({ calendar, since: new Date('2026-11-01T00:00:00Z'), until: new Date('2027-01-30T00:00:00Z') });
    const older = fresh({}, new Date('2026-11-02T02:00:00Z'));
    const newer = fresh({}, new Date('2026-11-20T02:00:00Z'));
    const done = step(fresh(), { type: 'reject', reason: 'no' });
    report.setOverdue([newer, done, older], 3);
    const { overdue, bucket } = report.result();
    expect(bucket).toBe('week');
    expect(overdue.complaints.map((o) => o.id)).toEqual([older.id, newer.id]);
    expect(overdue.total).toBe(3);
    expect(overdue.complaints[0]!.deadline).toMatchObject({ kind: 'ack', overdue: true, timeZone: 'Asia/Shanghai' });
  });
});
