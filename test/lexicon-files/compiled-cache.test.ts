import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDraftFile } from '../../src/guard/index.js';
import { cacheFilePath, cacheKey, decodeCacheFile, loadGuardCached } from '../../src/lexicon-files/compiled-cache.js';
import { DataFileError } from '../../src/contracts/data-file.js';
import { defaultGuardLexiconDir, loadGuardFromDir, packageRoot } from '../../src/lexicon-files/index.js';
import { readLexiconDirBytes } from '../../src/lexicon-files/read-dir.js';
import { APPROVED, CATEGORIES, CUES, RULES_TEXT } from '../guard/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const cacheFiles = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.bin'));

function fixtureLexicons(): string {
  const dir = mkdtempSync(join(work, 'lex-'));
  for (const f of [CATEGORIES, APPROVED, CUES]) writeFileSync(join(dir, f.path.split('/').pop()!), f.text);
  writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT);
  return dir;
}

describe('compiled guard cache', () => {
  it('lints exactly like a freshly compiled guard, learned layer and context check included', async () => {
    const cacheDir = join(work, 'shipped');
    const first = await loadGuardCached(defaultGuardLexiconDir(), { cacheDir });
    const second = await loadGuardCached(defaultGuardLexiconDir(), { cacheDir });
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    const fresh = loadGuardFromDir();
    const drafts = ['lexicons/guard/training/agent-drafts.txt', 'lexicons/guard/training/heldout-drafts.txt', 'test/guard/fixtures/heldout-drafts-4.txt']
      .flatMap((name) => parseDraftFile(name, readFileSync(join(packageRoot(), name), 'utf8')).map((d) => d.text));
    drafts.push('Honestly, that sounds like a you problem.');
    expect(drafts.length).toBeGreaterThan(500);
    let flagged = 0;
    let learned = 0;
    for (const draft of drafts) {
      const expected = fresh.lint(draft, { customerText: 'This is unacceptable, I am furious!' });
      expect(second.guard.lint(draft, { customerText: 'This is unacceptable, I am furious!' })).toEqual(expected);
      if (expected.findings.length > 0) flagged++;
      if (expected.findings.some((f) => f.ruleId.startsWith('learned.'))) learned++;
    }
    // The corpus exercises the phrase rules, the learned layer and both scripts.
    expect(flagged).toBeGreaterThan(300);
    expect(learned).toBeGreaterThan(0);
  });

  it('rebuilds a corrupt cache file (one flipped byte) instead of trusting it, and repairs it', async () => {
    const dir = fixtureLexicons();
    const cacheDir = join(work, 'corrupt');
    await loadGuardCached(dir, { cacheDir });
    const [name] = cacheFiles(cacheDir);
    const path = join(cacheDir, name!);
    const good = readFileSync(path);
    const bad = Buffer.from(good);
    bad[bad.length - 10]! ^= 0xff;
    writeFileSync(path, bad);
    const reloaded = await loadGuardCached(dir, { cacheDir });
    expect(reloaded.cache).toBe('miss');
    expect(reloaded.rejected).toMatch(/checksum/);
    expect(reloaded.guard.lint('That is not my job.').verdict).toBe('block');
    expect(readFileSync(path).equals(good)).toBe(true);
    expect((await loadGuardCached(dir, { cacheDir })).cache).toBe('hit');
  });

  it('rejects truncated files, foreign formats and unreadable payloads whose checksum matches', async () => {
    const dir = fixtureLexicons();
    const cacheDir = join(work, 'reject');
    await loadGuardCached(dir, { cacheDir });
    const key = cacheKey(readLexiconDirBytes(dir), true);
    const good = readFileSync(cacheFilePath(cacheDir, key));
    expect('lexicon' in decodeCacheFile(good, key)).toBe(true);
    expect(decodeCacheFile(good.subarray(0, good.length >> 1), key)).toEqual({ rejected: expect.stringMatching(/checksum/) });
    expect(decodeCacheFile(Buffer.from('hello'), key)).toEqual({ rejected: 'no header' });
    expect(decodeCacheFile(Buffer.from(`other-format/9 ${key} 00\n`), key)).toEqual({ rejected: expect.stringMatching(/format other-format\/9/) });
    const { createHash } = await import('node:crypto');
    const garbage = Buffer.from('not a v8 payload');
    const header = good.subarray(0, good.indexOf(0x0a)).toString().split(' ');
    const forged = Buffer.concat([Buffer.from(`${header[0]} ${key} ${createHash('sha256').update(garbage).digest('hex')}\n`), garbage]);
    expect(decodeCacheFile(forged, key)).toEqual({ rejected: expect.stringMatching(/unreadable payload/) });
  });

  it('misses after a lexicon edit (the key is the content hash) and lints with the edit', async () => {
    const dir = fixtureLexicons();
    const cacheDir = join(work, 'stale');
    expect((await loadGuardCached(dir, { cacheDir })).guard.lint('这是你的问题').verdict).toBe('pass');
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace('- 不关我的事', '- 不关我的事\n      - 你的问题'));
    const edited = await loadGuardCached(dir, { cacheDir });
    expect(edited.cache).toBe('miss');
    expect(edited.guard.lint('这是你的问题').verdict).toBe('block');
    // A stale file under the new key's name is rejected by the key inside it.
    const key = cacheKey(readLexiconDirBytes(dir), true);
    const otherDir = fixtureLexicons();
    const otherKey = cacheKey(readLexiconDirBytes(otherDir), true);
    cpSync(cacheFilePath(cacheDir, key), cacheFilePath(cacheDir, otherKey));
    const renamed = await loadGuardCached(otherDir, { cacheDir });
    expect(renamed.cache).toBe('miss');
    expect(renamed.rejected).toMatch(/stale/);
    expect(renamed.guard.lint('这是你的问题').verdict).toBe('pass');
  });

  it('keeps the warning of a learned model that does not fit with the entry, so a hit says it too', async () => {
    const dir = join(work, 'renamed-rule');
    cpSync(defaultGuardLexiconDir(), dir, { recursive: true });
    const en = join(dir, 'en.yaml');
    writeFileSync(en, readFileSync(en, 'utf8').replace(/- id: deflect\.not-my-job-en$/m, '- id: deflect.not-my-job-en-renamed'));
    const cacheDir = join(work, 'warned');
    const first = await loadGuardCached(dir, { cacheDir });
    const again = await loadGuardCached(dir, { cacheDir });
    expect([first.cache, again.cache]).toEqual(['miss', 'hit']);
    for (const loaded of [first, again]) {
      expect(loaded.warnings).toEqual([expect.objectContaining({ file: expect.stringMatching(/learned-model\.json$/), message: expect.stringMatching(/deflect\.not-my-job-en\b.*learned layer is off/) })]);
      expect(loaded.guard.lint("That's not my problem.").findings.map((f) => f.ruleId)).toEqual(['deflect.not-my-job-en-renamed']);
    }
    expect((await loadGuardCached(defaultGuardLexiconDir(), { cacheDir })).warnings).toEqual([]);
  });

  it('still lints when the cache directory cannot be written, and without a cache', async () => {
    const dir = fixtureLexicons();
    const blocker = join(work, 'a-file');
    writeFileSync(blocker, 'not a directory');
    const unwritable = await loadGuardCached(dir, { cacheDir: join(blocker, 'cache') });
    expect(unwritable.cache).toBe('miss');
    expect(unwritable.guard.lint('老头').verdict).toBe('warn');
    const off = await loadGuardCached(dir, { cacheDir: null });
    expect(off.cache).toBe('off');
    expect(off.guard.lint('老头').verdict).toBe('warn');
  });

  it('compiles without self-tests for lint, but still fails closed on invalid lexicons and caches nothing', async () => {
    const dir = fixtureLexicons();
    const cacheDir = join(work, 'invalid');
    // A failing self-test does not stop lint (lexicon check reports it) …
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace('pass: [老人家您好, 这件老头衫]', 'pass: [老人家您好, 这件老头衫, 老头]'));
    expect((await loadGuardCached(dir, { cacheDir })).guard.lint('老头').verdict).toBe('warn');
    expect(() => loadGuardFromDir(dir)).toThrow(/self-test failed/);
    // … an invalid regex does.
    writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace("regex: '管不[了着]'", "regex: '[unclosed'"));
    const before = cacheFiles(cacheDir).length;
    await expect(loadGuardCached(dir, { cacheDir })).rejects.toThrow(DataFileError);
    await expect(loadGuardCached(dir, { cacheDir })).rejects.toThrow(/rules\.yaml:\d+:\d+: \[deflect\.not-my-job\] invalid regex/);
    expect(cacheFiles(cacheDir)).toHaveLength(before);
  });
});
