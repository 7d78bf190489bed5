// `hearken lexicon stats` in-process, on a SQLite data folder with a few audited checks.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/commands/lexicon.js';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { runCaptured } from '../captured-run.js';
import { openSqliteStore } from '../../../src/store/index.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-lexicon-stats-'));
const data = join(work, 'data');
const storeArgs = ['--data-dir', data, '--database-url', ''];

const cli = (...argv: string[]) => runCaptured(run, argv, { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') });

beforeAll(async () => {
  const store = await openSqliteStore({ dataDir: data });
  const now = Date.now();
  const blocked = await store.guardAudit.append({ draft: "That's not my problem.", verdict: 'block', ruleIds: ['deflect.not-my-job-en'], suggestionApplied: false, by: 'U1', channel: 'slack', at: new Date(now - 3_600_000) });
  await store.guardAudit.append({ draft: "I'll take care of it.", verdict: 'pass', ruleIds: [], suggestionApplied: true, revisionOf: blocked.id, by: 'U1', channel: 'slack', at: new Date(now - 3_500_000) });
  await store.guardAudit.append({ draft: 'Thank you for waiting.', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'U2', channel: 'slack', at: new Date(now - 7_200_000) });
  // Outside a 7-day period.
  await store.guardAudit.append({ draft: "That's not my problem.", verdict: 'block', ruleIds: ['deflect.not-my-job-en'], suggestionApplied: false, by: 'U2', channel: 'slack', at: new Date(now - 10 * 86_400_000) });
  await store.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hearken lexicon stats', () => {
  it('counts checks, blocks and rules of the period', async () => {
    const result = await cli('stats', ...storeArgs, '--json');
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.out) as { checks: number; blocked: number; rules: { ruleId: string; blocked: number }[]; perDay: unknown[]; agents: { agent: string }[] };
    expect(stats.checks).toBe(3);
    expect(stats.blocked).toBe(1);
    expect(stats.rules).toEqual([expect.objectContaining({ ruleId: 'deflect.not-my-job-en', category: 'deflection', blocked: 1, offered: 1, accepted: 1 })]);
    expect(stats.perDay.length).toBeGreaterThanOrEqual(7);
    const human = await cli('stats', ...storeArgs, '--anonymous');
    expect(human.out).toMatch(/Blocks per day\s+[▁▂▃▄▅▆▇█]{7,}/);
    expect(human.out).toContain('Agent 1');
    expect(human.out).not.toContain('U1');
    expect(human.out).toMatch(/deflect\.not-my-job-en\s+deflection\s+1\s+1\s+1\/1 \(100%\)\s+0/);
    const wider = await cli('stats', ...storeArgs, '--since', '30d', '--json');
    expect(JSON.parse(wider.out).checks).toBe(4);
    expect((await cli('stats', ...storeArgs, '--top', '0')).code).toBe(2);
  });
});
