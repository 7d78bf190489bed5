import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCommitAudit } from '../../src/desk/index.js';
import { openSqliteStore, type GuardAuditInput, type GuardAuditRepository, type Store } from '../../src/store/index.js';
import { defaultConfig } from '../complaints/fixtures.js';

let dir: string;
let store: Store;
beforeAll(async () => { dir = mkdtempSync(join(tmpdir(), 'hearken-gc-audit-')); store = await openSqliteStore({ dataDir: dir, config: defaultConfig }); });
afterAll(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });

/** The real repository, counting how it is written to. */
function counted(): { repo: GuardAuditRepository; batches: number[]; singles: number } {
  const counts = { batches: [] as number[], singles: 0 };
  const repo: GuardAuditRepository = {
    ...store.guardAudit,
    append: (e) => { counts.singles++; return store.guardAudit.append(e); },
    appendMany: (es) => { counts.batches.push(es.length); return store.guardAudit.appendMany(es); },
  };
  return { repo, get batches() { return counts.batches; }, get singles() { return counts.singles; } };
}
const entry = (draft: string, by = 'U0GC'): GuardAuditInput => ({ draft, verdict: 'pass', ruleIds: [], suggestionApplied: false, by });

describe('groupCommitAudit', () => {
  it('commits the checks of one tick together, each caller getting its own committed row, in call order', async () => {
    const c = counted();
    const audit = groupCommitAudit(c.repo);
    const stored = await Promise.all(['a', 'b', 'c', 'd'].map((d) => audit.append(entry(d))));
    expect(c.batches).toEqual([4]);
    expect(c.singles).toBe(0);
    expect(stored.map((s) => s.draft)).toEqual(['a', 'b', 'c', 'd']);
    for (const s of stored) expect(await store.guardAudit.get(s.id)).toEqual(s);
    // The next tick is the next transaction.
    await audit.append(entry('e'));
    expect(c.batches).toEqual([4, 1]);
  });

  it('fails only the check whose row was refused; the others of its batch are stored', async () => {
    const c = counted();
    const audit = groupCommitAudit(c.repo);
    const results = await Promise.allSettled([audit.append(entry('good 1', 'U0GCBAD')), audit.append(entry(null as unknown as string, 'U0GCBAD')), audit.append(entry('good 2', 'U0GCBAD'))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.guardAudit.list({ by: 'U0GCBAD' })).map((e) => e.draft)).toEqual(['good 1', 'good 2']);
  });
});
