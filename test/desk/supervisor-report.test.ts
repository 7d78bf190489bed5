// Today's figures for supervisors: blocks by rule, disagreements by rule, suggestion acceptance
// over revision chains, complaints by category; and "today" as the complaint calendar counts it.
import { describe, expect, it } from 'vitest';
import { loadSupervisorReport, supervisorReport } from '../../src/desk/index.js';
import type { GuardAuditEntry } from '../../src/store/index.js';

const entry = (e: Partial<GuardAuditEntry> & Pick<GuardAuditEntry, 'id' | 'verdict'>): GuardAuditEntry => ({
  at: '2026-03-02T02:00:00.000Z', by: 'U1', draft: 'd', ruleIds: [], suggestionApplied: false, ...e,
});

describe('the supervisor report', () => {
  it('counts blocks and disagreements per rule, and how many checks with findings ended with a suggestion taken', () => {
    const entries = [
      entry({ id: 1, verdict: 'block', ruleIds: ['deflect', 'tone'], feedback: [{ ruleId: 'deflect', reason: 'quoted', by: 'U1', at: 'x' }] }),
      entry({ id: 2, verdict: 'warn', ruleIds: ['tone'], revisionOf: 1, suggestionApplied: true }),
      entry({ id: 3, verdict: 'pass', revisionOf: 2, suggestionApplied: true }),
      entry({ id: 4, verdict: 'block', ruleIds: ['deflect', 'deflect'] }),
      entry({ id: 5, verdict: 'pass' }),
      entry({ id: 6, verdict: 'warn', ruleIds: ['tone'] }),
      entry({ id: 7, verdict: 'pass', revisionOf: 6 }),
      // A revision of a check from yesterday: its root is not one of today's checks, so it is not counted.
      entry({ id: 9, verdict: 'pass', revisionOf: 8, suggestionApplied: true }),
    ];
    const report = supervisorReport(entries, [{ category: 'delivery' }, { category: 'billing' }, { category: 'delivery' }], { day: '2026-03-02', since: new Date('2026-03-01T16:00:00Z') });
    expect(report).toEqual({
      day: '2026-03-02',
      since: '2026-03-01T16:00:00.000Z',
      checks: 8,
      blocks: 2,
      blocksByRule: [{ ruleId: 'deflect', count: 2 }, { ruleId: 'tone', count: 1 }],
      disagreementsByRule: [{ ruleId: 'deflect', count: 1 }],
      // Roots with findings today: 1, 4, 6; only 1's chain took a suggestion.
      suggestions: { offered: 3, accepted: 1, rate: 1 / 3 },
      complaintsByCategory: [{ category: 'delivery', count: 2 }, { category: 'billing', count: 1 }],
    });
    expect(supervisorReport([], [], { day: '1970-01-01', since: new Date(0) }).suggestions).toEqual({ offered: 0, accepted: 0, rate: null });
  });

  it('reads today from midnight in the calendar\'s time zone', async () => {
    const asked: unknown[] = [];
    const store = {
      guardAudit: { list: async (filter: unknown) => { asked.push(filter); return []; } },
      complaints: { list: async (filter: unknown) => { asked.push(filter); return []; } },
    } as unknown as Parameters<typeof loadSupervisorReport>[0];
    const report = await loadSupervisorReport(store, { now: new Date('2026-03-02T01:30:00Z'), timeZone: 'Asia/Shanghai' });
    expect(report).toMatchObject({ day: '2026-03-02', since: '2026-03-01T16:00:00.000Z' });
    expect(asked).toEqual([{ since: new Date('2026-03-01T16:00:00Z') }, { createdFrom: new Date('2026-03-01T16:00:00Z') }]);
  });
});
