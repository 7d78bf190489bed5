// `hearken lint --audit`: the desk's draft check writes each checked draft to the guard
// audit; without --audit lint writes nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/lint.js';
import { openSqliteStore } from '../../../src/store/index.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-lint-audit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());
const rude = join(work, 'rude.txt');
const kind = join(work, 'kind.txt');
writeFileSync(rude, "That's not my problem, you should have read the manual.");
writeFileSync(kind, 'Thank you for telling us. I have found your order and it ships today.');

/** Runs the command in this process; returns its exit code and what it printed. */
async function lint(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => { out += `${parts.join(' ')}\n`; });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await run(argv);
  vi.restoreAllMocks();
  return { code, out };
}

describe('hearken lint --audit', () => {
  it('checks each file as a draft, prints the findings and writes one audit row each', async () => {
    const data = join(work, 'data');
    const result = await lint('--audit', rude, kind, '--data-dir', data, '--database-url', '', '--by', 'cli:test', '--complaint', 'C-20260302-0001', '--customer', 'I am furious!', '--format', 'json');
    expect(result.code).toBe(1);
    const printed = (JSON.parse(result.out) as { files: Array<{ file: string; verdict: string }> }).files;
    expect(printed.map((r) => r.verdict)).toEqual(['block', expect.stringMatching(/^(pass|warn)$/)]);
    const store = await openSqliteStore({ dataDir: data });
    try {
      const rows = await store.guardAudit.list({ by: 'cli:test' });
      expect(rows.map((r) => [r.draft, r.verdict, r.channel, r.complaintId, r.customerContext?.message])).toEqual([
        ["That's not my problem, you should have read the manual.", 'block', 'cli', 'C-20260302-0001', 'I am furious!'],
        ['Thank you for telling us. I have found your order and it ships today.', printed[1]!.verdict, 'cli', 'C-20260302-0001', 'I am furious!'],
      ]);
      expect(rows[0]!.lexiconVersion).toMatch(/^[0-9a-f]{12}$/);
      // The version that judged is in the lexicon version log, once however many runs use it.
      const versions = await store.lexiconVersions.list();
      expect(versions).toEqual([expect.objectContaining({ version: rows[0]!.lexiconVersion, by: 'cli lint --audit', learnedLayer: true, ruleCount: expect.any(Number) })]);
      expect(versions[0]!.contentHash.startsWith(versions[0]!.version)).toBe(true);
    } finally {
      await store.close();
    }
    expect((await lint('--audit', kind, '--data-dir', data, '--database-url', '', '--by', 'cli:test')).code).toBe(0);
    const again = await openSqliteStore({ dataDir: data });
    try {
      expect(await again.lexiconVersions.list()).toHaveLength(1);
      expect(await again.guardAudit.list({ by: 'cli:test' })).toHaveLength(3);
    } finally {
      await again.close();
    }
  });

  it('writes nothing without --audit, and refuses audit options without it or with --fix', async () => {
    const data = join(work, 'untouched');
    expect((await lint(rude, '--format', 'json')).code).toBe(1);
    expect(existsSync(data)).toBe(false);
    expect((await lint(rude, '--by', 'cli:test')).code).toBe(2);
    expect((await lint('--audit', '--fix', rude, '--data-dir', data)).code).toBe(2);
    expect(existsSync(data)).toBe(false);
  });
});
