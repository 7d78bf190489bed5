// `hearken lexicon impact` with worker threads gives the same report as in one thread. Workers
// start only from the built JavaScript, so this runs the built CLI (npm test builds first).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexiconVersion, readLexiconDir } from '../../../src/lexicon-files/index.js';
import { shippedLexiconsDir } from '../../../src/lexicon-files/layout.js';
import { openSqliteStore, type GuardAuditInput } from '../../../src/store/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const built = existsSync(cli);
if (!built) console.warn('impact workers test skipped: no built CLI (npm run build)');

const work = mkdtempSync(join(tmpdir(), 'hearken-impact-workers-'));
const edited = join(work, 'lexicons');

beforeAll(async () => {
  if (!built) return;
  cpSync(shippedLexiconsDir(), edited, { recursive: true });
  // The edit: a new over-broad rule, and the English not-my-job rule removed.
  const file = join(edited, 'guard', 'en.yaml');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf('rules:\n') + 'rules:\n'.length;
  const indent = /^([ \t]*)- /m.exec(text.slice(at))![1]!;
  const rule = ['- id: check.over-broad-en', '  severity: error', '  category: dismissal', '  message:', '    en: Over-broad.', '    zh: 过宽。',
    '  forbidden: ["your order"]', '  suggest:', '    en: ["Here is what I can do for you."]', '    zh: [我来为您处理]',
    '  tests:', '    flag: ["About your order: no."]', '    pass: ["Thank you for waiting."]'].map((l) => `${indent}${l}\n`).join('');
  writeFileSync(file, text.slice(0, at) + rule + text.slice(at));
  const version = lexiconVersion(readLexiconDir(join(shippedLexiconsDir(), 'guard')));
  const store = await openSqliteStore({ dataDir: join(work, 'data') });
  const sentences = ["That's not my problem.", 'Your order ships today.', 'Calm down, please.', '这不归我管。', 'Thank you for waiting.', '我们会尽快处理您的订单。'];
  const rows: GuardAuditInput[] = Array.from({ length: 1200 }, (_, i) => ({
    draft: `${sentences[i % sentences.length]} ${sentences[(i * 5 + 1) % sentences.length]} #${i}`,
    // A third were judged by another version, so the live lexicons judge them again.
    verdict: 'pass', ruleIds: [], suggestionApplied: false, by: `U${i % 4}`, channel: 'slack', lexiconVersion: i % 3 === 0 ? 'older0000000' : version,
    ...(i % 7 === 0 ? { customerContext: { message: 'I am furious!' } } : {}),
    at: new Date(Date.now() - (i + 1) * 60_000),
  }));
  await store.guardAudit.appendMany(rows);
  await store.close();
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!built)('hearken lexicon impact --workers', () => {
  it('counts the same drafts, rules and examples with worker threads as in the main thread', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, HEARKEN_CACHE_DIR: join(work, 'cache'), NO_COLOR: '1' };
    delete env.DATABASE_URL;
    delete env.HEARKEN_LEXICONS;
    const impact = (workers: string) => {
      const r = spawnSync(process.execPath, [cli, 'lexicon', 'impact', edited, '--data-dir', join(work, 'data'), '--workers', workers, '--examples', '5', '--json'], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Record<string, unknown> & { workers: number; newlyBlocked: { total: number }; drafts: { liveReplayed: number } };
    };
    const single = impact('0');
    const threaded = impact('2');
    // One worker: with three batches in a row, the main thread judges one while the worker has two.
    const shared = impact('1');
    expect([single.workers, threaded.workers, shared.workers]).toEqual([0, 2, 1]);
    expect(threaded.newlyBlocked.total).toBeGreaterThan(0);
    expect(threaded.drafts.liveReplayed).toBeGreaterThan(0);
    const { workers: _a, until: _b, since: _e, ...a } = single;
    const { workers: _c, until: _d, since: _f, ...b } = threaded;
    expect(b).toEqual(a);
    const { workers: _g, until: _h, since: _i, ...c } = shared;
    expect(c).toEqual(a);
  }, 120_000);

  it('starts no worker on a busy or 2-core machine unless asked, and one per idle core but one where three or more are idle', async () => {
    const { poolSizeFor } = await import(join(root, 'dist', 'src', 'cli', 'lexicon', 'impact-workers.js')) as typeof import('../../../src/cli/lexicon/impact-workers.js');
    expect(poolSizeFor(undefined, { cores: 2, load: 5 })).toBe(0);
    expect(poolSizeFor(undefined, { cores: 2, load: 0 })).toBe(0);
    expect(poolSizeFor(undefined, { cores: 4, load: 1.5 })).toBe(0);
    expect(poolSizeFor(undefined, { cores: 4, load: 0.2 })).toBe(2);
    expect(poolSizeFor(undefined, { cores: 8, load: 3 })).toBe(4);
    expect(poolSizeFor(undefined, { cores: 32, load: 0 })).toBe(7);
    expect(poolSizeFor(2, { cores: 2, load: 5 })).toBe(2);
    expect(poolSizeFor(0, { cores: 8, load: 0 })).toBe(0);
  });
});
