// `hearken report` in-process: the figures as JSON over seeded data, the page on an empty data
// folder (a clear "no data" state), and its usage errors. The page in a browser: test/cli/report/html.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/commands/report.js';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { runCaptured } from '../captured-run.js';
import type { SupervisorReport } from '../../../src/cli/report/html.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { seedReportData } from '../report/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-report-cli-'));
const data = join(work, 'data');
const context = { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') };
let seeded: { complaints: number; checks: number };

const cli = (...argv: string[]) => runCaptured(run, argv, context);

beforeAll(async () => {
  const store = await openSqliteStore({ dataDir: data });
  seeded = await seedReportData(store, new Date());
  await store.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hearken report', () => {
  it('prints the figures of the period as JSON', async () => {
    const result = await cli('--since', '30d', '--data-dir', data, '--database-url', '', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as SupervisorReport;
    expect(report.timeZone).toBe('Asia/Shanghai');
    expect(report.complaints.total).toBe(seeded.complaints);
    expect(report.complaints.bucket).toBe('day');
    expect(report.complaints.byCategory.series.reduce((sum, s) => sum + s.total, 0)).toBe(seeded.complaints);
    expect(report.complaints.byChannel.series.map((s) => s.key).sort()).toEqual(['email', 'phone', 'slack', 'web_chat']);
    for (const kind of ['ack', 'investigate', 'resolve'] as const) {
      const { onTime, late, open } = report.complaints.compliance[kind];
      expect(onTime + late + open).toBe(seeded.complaints);
      expect(onTime).toBeGreaterThan(0);
      expect(late).toBeGreaterThan(0);
    }
    expect(report.complaints.overdue.total).toBe(report.complaints.overdue.complaints.length);
    expect(report.complaints.overdue.complaints.every((o) => o.deadline.overdue)).toBe(true);
    expect(report.complaints.satisfaction.answered).toBeGreaterThan(0);
    expect(report.complaints.appeals.appealed).toBeGreaterThan(0);
    expect(report.complaints.escalation.reasons.map((r) => r.reason).sort()).toEqual(['media', 'regulator', 'repeat', 'safety']);
    expect(report.guard.checks).toBe(seeded.checks);
    expect(report.guard.agents.map((a) => a.agent).sort()).toEqual(['U00', 'U01', 'U02']);
    expect(report.guard.rules.find((r) => r.ruleId === 'deflect.not-my-job-en')).toMatchObject({ category: 'deflection', accepted: expect.any(Number), disputed: expect.any(Number) });
    // A shorter period holds fewer complaints; a long one is drawn week by week.
    const week = JSON.parse((await cli('--since', '7d', '--data-dir', data, '--database-url', '', '--json')).out) as SupervisorReport;
    expect(week.complaints.total).toBeLessThan(seeded.complaints);
    const quarter = JSON.parse((await cli('--since', '100d', '--data-dir', data, '--database-url', '', '--json')).out) as SupervisorReport;
    expect(quarter.complaints.bucket).toBe('week');
    expect(quarter.complaints.byCategory.buckets.every((b) => new Date(`${b}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
  });

  it('writes a "no data" page for an empty data folder, and exits 0', async () => {
    const file = join(work, 'empty.html');
    const result = await cli('--html', file, '--data-dir', join(work, 'nothing'), '--database-url', '');
    expect(result.code).toBe(0);
    expect(result.err).toContain('no data in this period');
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('No data for this period');
    expect(page).toContain('此期间暂无数据');
    expect(page).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(page).toContain("default-src 'none'");
  });

  it('says what is wrong with exit code 2', async () => {
    expect((await cli('--data-dir', data)).code).toBe(2);
    expect((await cli('--json', '--lang', 'fr', '--data-dir', data)).code).toBe(2);
    expect((await cli('--json', '--since', 'soon', '--data-dir', data)).code).toBe(2);
    const unwritable = await cli('--html', join(work, 'no', 'such', 'dir', 'r.html'), '--data-dir', data, '--database-url', '');
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toContain('cannot write');
    expect((await cli('--help')).code).toBe(0);
  });
});
