import { DataFileError, formatDataProblem } from '../../src/contracts/data-file.js';
import { describe, expect, it } from 'vitest';
import {
  complaintDay, formatComplaintId, needsApproval, parseComplaintConfig, parseComplaintId, routeDepartment,
} from '../../src/complaints/index.js';
import { defaultConfig } from './fixtures.js';

describe('complaint configuration', () => {
  it('routes categories by the default table from the issue', () => {
    const r = defaultConfig.routing;
    expect(routeDepartment('delivery', r)).toBe('logistics');
    expect(routeDepartment('product_quality', r)).toBe('quality');
    expect(routeDepartment('repair_warranty', r)).toBe('quality');
    expect(routeDepartment('billing', r)).toBe('billing');
    expect(routeDepartment('service_attitude', r)).toBe('service_management');
    expect(routeDepartment('wait_time', r)).toBe('customer_service');
  });

  it('reports a bad value with file:line:col and the path', () => {
    const text = [
      'calendar:',
      '  timeZone: Asia/Shanghi',
      'routing:',
      '  departments: { deliveryy: logistics }',
      '  fallback: customer_service',
      'deadlines:',
      '  default: { ack: 2, investigate: -5, resolve: 7 }',
      'approval: {}',
    ].join('\n');
    let error: DataFileError | undefined;
    try { parseComplaintConfig(text, 'config/complaints.yaml'); } catch (e) { error = e as DataFileError; }
    expect(error).toBeInstanceOf(DataFileError);
    const issues = error!.problems.map(formatDataProblem);
    expect(issues.find((i) => i.includes('timeZone'))).toMatch(/^config\/complaints\.yaml:2:13: calendar\.timeZone: unknown IANA time zone/);
    expect(issues.find((i) => i.includes('investigate'))).toMatch(/^config\/complaints\.yaml:7:\d+: deadlines\.default\.investigate:/);
    expect(issues.some((i) => i.includes('deliveryy'))).toBe(true);
  });

  it('reports YAML syntax errors with a position', () => {
    expect(() => parseComplaintConfig('calendar: [unclosed', 'x.yaml')).toThrow(/x\.yaml:1:\d+:/);
  });

  it('refuses a day that is both a holiday and a make-up working day', () => {
    expect(() => parseComplaintConfig([
      'calendar: { timeZone: UTC, holidays: [2026-10-10], workdays: [2026-10-10] }',
      'routing: { fallback: cs }',
      'deadlines: { default: { ack: 1, investigate: 2, resolve: 3 } }',
      'approval: {}',
    ].join('\n'), 'c.yaml')).toThrow(/both as holiday and as make-up working day: 2026-10-10/);
  });

  it('decides approval by resolution type, amount and severity', () => {
    const policy = defaultConfig.approval;
    expect(needsApproval({ type: 'refund', amount: 49_999 }, 'normal', policy)).toBe(false);
    expect(needsApproval({ type: 'refund', amount: 50_000 }, 'normal', policy)).toBe(true);
    expect(needsApproval({ type: 'apology' }, 'normal', policy)).toBe(false);
    expect(needsApproval({ type: 'apology' }, 'major', policy)).toBe(true);
    expect(needsApproval({ type: 'apology' }, 'major', { ...policy, majorAlwaysNeedsApproval: false })).toBe(false);
    expect(needsApproval({ type: 'replacement' }, 'normal', { ...policy, rules: [{ type: 'replacement' }] })).toBe(true);
  });
});

describe('complaint ids', () => {
  it('formats and parses C-YYYYMMDD-NNNN', () => {
    expect(formatComplaintId('2026-11-23', 42)).toBe('C-20261123-0042');
    expect(formatComplaintId('2026-11-23', 12345)).toBe('C-20261123-12345');
    expect(parseComplaintId('c-20261123-0042')).toEqual({ day: '2026-11-23', sequence: 42 });
    expect(parseComplaintId('C-20260230-0001')).toBeUndefined();
    expect(parseComplaintId('20261123-0001')).toBeUndefined();
    expect(() => formatComplaintId('2026-11-23', 0)).toThrow(/≥ 1/);
  });
  it('numbers by the business day in the calendar zone', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Shanghai.
    expect(complaintDay(new Date('2026-11-22T23:30:00Z'), 'Asia/Shanghai')).toBe('2026-11-23');
    expect(complaintDay(new Date('2026-11-22T23:30:00Z'), 'UTC')).toBe('2026-11-22');
  });
});
