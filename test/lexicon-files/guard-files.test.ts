import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFileError } from '../../src/contracts/data-file.js';
import {
  defaultGuardLexiconDir, lexiconVersion, loadGuardFromDir, readLexiconDir, watchLexicons, type ReloadEvent,
} from '../../src/lexicon-files/index.js';
import { APPROVED, CATEGORIES, CUES, RULES_TEXT } from '../guard/fixtures.js';

const dirs: string[] = [];
function fixtureDir(rules = RULES_TEXT): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearken-lexicons-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'categories.yaml'), CATEGORIES.text);
  writeFileSync(join(dir, 'approved.yaml'), APPROVED.text);
  writeFileSync(join(dir, 'customer-cues.yaml'), CUES.text);
  writeFileSync(join(dir, 'rules.yaml'), rules);
  writeFileSync(join(dir, 'README.txt'), 'not a lexicon');
  return dir;
}
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** Resolves with the next reload event, or rejects after `ms`. */
function nextEvent(events: ReloadEvent[], ms = 5000): Promise<ReloadEvent> {
  const seen = events.length;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (events.length > seen) { clearInterval(poll); resolve(events[events.length - 1]!); }
      else if (Date.now() - started > ms) { clearInterval(poll); reject(new Error('no reload event')); }
    }, 10);
  });
}

describe('lexicon files', () => {
  it('resolve the shipped directory from the package, not the working directory', () => {
    const dir = defaultGuardLexiconDir();
    expect(dir.endsWith(join('lexicons', 'guard'))).toBe(true);
    expect(readFileSync(join(dir, 'zh.yaml'), 'utf8')).toMatch(/不关我的事/);
    expect(loadGuardFromDir().ruleCount).toBeGreaterThan(0);
  });

  it('read only yaml files, sorted, with paths usable in findings', () => {
    const files = readLexiconDir(fixtureDir());
    expect(files.map((f) => f.path.split('/').pop())).toEqual(['approved.yaml', 'categories.yaml', 'customer-cues.yaml', 'rules.yaml']);
    const guard = loadGuardFromDir(join(dirs[0]!));
    expect(guard.lint('不关我的事').findings[0]!.source).toMatch(/rules\.yaml:9$/);
  });

  it('throw an error listing every file:line:col problem', () => {
    const dir = fixtureDir(RULES_TEXT.replace('severity: warning', 'severity: loud').replace("regex: '管不[了着]'", "regex: '('"));
    let caught: unknown;
    try { loadGuardFromDir(dir); } catch (error) { caught = error; }
    expect(caught).toBeInstanceOf(DataFileError);
    const message = (caught as Error).message;
    expect(message).toMatch(/rules\.yaml:20:15: \[insult\.old-man\] rule 2, severity: the text "loud" is not one of error, warning, suggestion/);
    expect((caught as DataFileError).problems.length).toBeGreaterThanOrEqual(1);
  });

  it('explain a missing or empty directory', () => {
    expect(() => loadGuardFromDir('/nonexistent/lexicons')).toThrow(/lexicon directory not found: \/nonexistent\/lexicons/);
    const empty = mkdtempSync(join(tmpdir(), 'hearken-empty-'));
    dirs.push(empty);
    expect(() => loadGuardFromDir(empty)).toThrow(/no \*\.yaml lexicon files/);
  });

  it('hot-reload a changed lexicon, and keep the last good guard when a reload fails', async () => {
    const dir = fixtureDir();
    const events: ReloadEvent[] = [];
    const watch = watchLexicons(dir, (e) => events.push(e), { debounceMs: 20 });
    try {
      const first = watch.current();
      const firstVersion = watch.version();
      expect(first.lint('老太婆').findings).toEqual([]);

      const added = nextEvent(events);
      writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace('forbidden: [老头, 老头子]', 'forbidden: [老头, 老头子, 老太婆]'));
      const ok = await added;
      expect(ok.ok).toBe(true);
      const second = watch.current();
      expect(second).not.toBe(first);
      expect(second.lint('老太婆').findings.map((f) => f.ruleId)).toEqual(['insult.old-man']);
      // The version names the files behind the guard in use: it moves with a good reload, not with a failed one.
      expect(watch.version()).not.toBe(firstVersion);
      expect(ok.ok && ok.version).toBe(watch.version());
      const secondVersion = watch.version();

      const failed = nextEvent(events);
      writeFileSync(join(dir, 'rules.yaml'), RULES_TEXT.replace('flag: [喂，老头]', 'flag: [喂，老头, 您好]'));
      const bad = await failed;
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.problems[0]!.message).toMatch(/flag example "您好" is not flagged/);
      expect(watch.current()).toBe(second);
      expect(watch.version()).toBe(secondVersion);
      expect(watch.current().lint('老太婆').findings).toHaveLength(1);
    } finally {
      watch.close();
    }
  });

  it('name a set of files by its content, whatever order the directory lists them in', () => {
    const files = readLexiconDir(fixtureDir());
    const version = lexiconVersion(files);
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(lexiconVersion([...files].reverse())).toBe(version);
    expect(lexiconVersion(files.map((f) => ({ ...f, path: `/elsewhere/${f.path.split('/').pop()}` })))).toBe(version);
    const edited = files.map((f, i) => (i === 0 ? { ...f, text: `${f.text}\n# a comment\n` } : f));
    expect(lexiconVersion(edited)).not.toBe(version);
  });

  it('refuse to start watching an invalid directory', () => {
    const dir = fixtureDir('rules: []\n');
    expect(() => watchLexicons(dir)).toThrow(DataFileError);
  });
});
