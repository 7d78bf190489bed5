// `hearken lexicon impact` in-process, on a SQLite data folder with
// audited drafts and a copy of the shipped lexicons with one over-broad rule added.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/lexicon.js';
import { PLAIN_CONTEXT } from '../../../src/cli/command.js';
import { runCaptured } from '../captured-run.js';
import { defaultGuardLexiconDir, lexiconVersion, readLexiconDir } from '../../../src/lexicon-files/index.js';
import { openSqliteStore } from '../../../src/store/index.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-lexicon-impact-'));
const data = join(work, 'data');
const edited = join(work, 'lexicons');
const storeArgs = ['--data-dir', data, '--database-url', ''];

const cli = (...argv: string[]) => runCaptured(run, argv, { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache') });

beforeAll(async () => {
  cpSync(join(defaultGuardLexiconDir(), '..'), edited, { recursive: true });
  const file = join(edited, 'guard', 'en.yaml');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('rules:\n') + 'rules:\n'.length;
  const indent = /^([ \t]*)- /m.exec(text.slice(at))![1]!;
  const rule = [
    '- id: check.over-broad-en', '  severity: error', '  category: dismissal', '  message:', '    en: Over-broad phrase.', '    zh: 过宽短语。',
    '  forbidden: ["what would you like to do"]', '  suggest:', '    en: ["Here is what I can do for you."]', '    zh: [我来为您处理]',
    '  tests:', '    flag: ["So, what would you like to do about it?"]', '    pass: ["Your refund is on its way."]',
  ].map((line) => `${indent}${line}\n`).join('');
  writeFileSync(file, text.slice(0, at) + rule + text.slice(at));
  // One polite reply of the copy's corpus uses the over-broad phrase.
  const corpus = join(edited, 'polite-corpus', 'en.yaml');
  writeFileSync(corpus, readFileSync(corpus, 'utf8').replace(/^(  telecom:\n)/m, '$1    - "Thank you for waiting. What would you like to do next: a refund or a replacement?"\n'));

  const version = lexiconVersion(readLexiconDir(defaultGuardLexiconDir()));
  const store = await openSqliteStore({ dataDir: data });
  const now = Date.now();
  await store.guardAudit.appendMany([
    { draft: "That's not my problem.", verdict: 'block', ruleIds: ['deflect.not-my-job-en'], suggestionApplied: false, by: 'U1', channel: 'slack', lexiconVersion: version, at: new Date(now - 3_600_000) },
    { draft: 'So, what would you like to do about it?', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'U2', channel: 'slack', lexiconVersion: version, at: new Date(now - 7_200_000) },
    // Outside a 30-day period.
    { draft: 'What would you like to do, then?', verdict: 'pass', ruleIds: [], suggestionApplied: false, by: 'U2', channel: 'slack', lexiconVersion: version, at: new Date(now - 40 * 86_400_000) },
  ]);
  await store.close();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hearken lexicon impact', () => {
  it('reports the drafts and polite replies an edit newly blocks, per rule with examples, as JSON', async () => {
    const result = await cli('impact', edited, ...storeArgs, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      drafts: { audited: number; polite: number }; newlyBlocked: { total: number; polite: number; byRule: { ruleId: string; count: number; examples: { source: string; text: string }[] }[] };
      newlyPassed: { total: number }; rulesAdded: string[]; rulesNeverFired: string[]; editedDir: string;
    };
    expect(report.drafts.audited).toBe(2);
    expect(report.drafts.polite).toBeGreaterThanOrEqual(300);
    expect(report.newlyBlocked.total).toBe(2);
    expect(report.newlyBlocked.polite).toBe(1);
    expect(report.newlyBlocked.byRule.map((r) => [r.ruleId, r.count])).toEqual([['check.over-broad-en', 2]]);
    expect(report.newlyBlocked.byRule[0]!.examples.map((e) => e.source).sort()).toEqual(['audit', 'polite']);
    expect(report.newlyPassed.total).toBe(0);
    expect(report.rulesAdded).toEqual(['check.over-broad-en']);
    expect(report.rulesNeverFired).not.toContain('deflect.not-my-job-en');
    expect(report.rulesNeverFired).not.toContain('check.over-broad-en');
    expect(report.editedDir).toBe(join(edited, 'guard'));
  });

  it('gates on --max-new-blocks, and widens the period with --since', async () => {
    const gated = await cli('impact', edited, ...storeArgs, '--max-new-blocks', '1');
    expect(gated.code).toBe(1);
    expect(gated.out).toContain('check.over-broad-en');
    expect(gated.out).toMatch(/2 drafts newly blocked; --max-new-blocks allows 1/);
    const wide = await cli('impact', edited, ...storeArgs, '--since', '60d', '--max-new-blocks', '3', '--json');
    expect(wide.code).toBe(0);
    expect(JSON.parse(wide.out).newlyBlocked.total).toBe(3);
  });

  it('compares with the folder the server runs ($HEARKEN_LEXICONS) by default, and that folder itself with the shipped lexicons', async () => {
    const run = async (lexicons: string, ...argv: string[]) => {
      vi.spyOn(console, 'log').mockImplementation(() => {});
      vi.spyOn(console, 'error').mockImplementation(() => {});
      let out = '';
      vi.mocked(console.log).mockImplementation((...parts: unknown[]) => { out += parts.join(' '); });
      try {
        await (await import('../../../src/cli/commands/lexicon.js')).run(['impact', ...argv, ...storeArgs, '--json'], { ...PLAIN_CONTEXT, cacheDir: join(work, 'cache'), lexiconsDir: lexicons });
        return JSON.parse(out) as { liveDir: string; editedDir: string; newlyBlocked: { total: number } };
      } finally {
        vi.restoreAllMocks();
      }
    };
    const live = join(work, 'live');
    cpSync(join(defaultGuardLexiconDir(), '..'), live, { recursive: true });
    const against = await run(live, edited);
    expect([against.editedDir, against.liveDir]).toEqual([join(edited, 'guard'), join(live, 'guard')]);
    expect(against.newlyBlocked.total).toBe(2);
    // Edited in place: the server's folder against the package's lexicons.
    const inPlace = await run(edited);
    expect([inPlace.editedDir, inPlace.liveDir]).toEqual([join(edited, 'guard'), defaultGuardLexiconDir()]);
    expect(inPlace.newlyBlocked.total).toBe(2);
  });

  it('explains bad input with exit code 2', async () => {
    expect((await cli('impact', edited, ...storeArgs, '--since', 'last tuesday')).code).toBe(2);
    expect((await cli('impact', edited, ...storeArgs, '--max-new-blocks', '-1')).code).toBe(2);
    const missing = await cli('impact', join(work, 'nowhere'), ...storeArgs);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nowhere');
    expect((await cli('impact', '--help')).code).toBe(0);
  });
});
