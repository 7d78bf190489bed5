import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contracts/finding.js';
import { expandInputs, globToRegExp, InputError } from '../../../src/cli/lint/inputs.js';
import { lintFiles } from '../../../src/cli/lint/lint-files.js';
import { verdictOf, type Guard } from '../../../src/guard/guard.js';

const root = mkdtempSync(join(tmpdir(), 'hearken-inputs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (rel: string, text = 'x') => { const path = join(root, rel); mkdirSync(dirname(path), { recursive: true }); writeFileSync(path, text); return path; };
for (const rel of ['replies/a.md', 'replies/b.txt', 'replies/deep/c.md', 'replies/deep/d.yaml', 'replies/node_modules/e.md', 'replies/.hidden/f.md', 'replies/img.png', 'other/g.md']) put(rel);
const paths = (args: string[]) => expandInputs(args, root).map((i) => (i.kind === 'stdin' ? '-' : i.path));

describe('globToRegExp', () => {
  it('reads **, *, ?, [..] and {a,b} as linters do', () => {
    expect(globToRegExp('**/*.md').test('a.md')).toBe(true);
    expect(globToRegExp('**/*.md').test('x/y/a.md')).toBe(true);
    expect(globToRegExp('*.md').test('x/a.md')).toBe(false);
    expect(globToRegExp('a?.{md,txt}').test('ab.txt')).toBe(true);
    expect(globToRegExp('[ab].md').test('c.md')).toBe(false);
    expect(globToRegExp('[!ab].md').test('c.md')).toBe(true);
    expect(globToRegExp('a.md').test('aXmd')).toBe(false);
  });
});

describe('expandInputs', () => {
  it('expands a quoted ** glob relative to the working directory, sorted, skipping node_modules and dot-directories', () => {
    expect(paths(['replies/**/*.md'])).toEqual(['replies/a.md', 'replies/deep/c.md']);
  });

  it('mixes globs, plain files and directories in argument order, each file once', () => {
    expect(paths(['other/g.md', 'replies/*.{md,txt}', 'replies/a.md', 'replies/deep'])).toEqual(['other/g.md', 'replies/a.md', 'replies/b.txt', 'replies/deep/c.md', 'replies/deep/d.yaml']);
  });

  it('reads standard input for no argument or "-", once', () => {
    expect(paths([])).toEqual(['-']);
    expect(paths(['-', 'other/g.md'])).toEqual(['-', 'other/g.md']);
    expect(() => paths(['-', '-'])).toThrow(InputError);
  });

  it('fails clearly on a glob matching nothing, and leaves a missing plain file to the reader', () => {
    expect(() => paths(['replies/**/*.rst'])).toThrow(/no files match replies\/\*\*\/\*\.rst/);
    expect(paths(['missing.txt'])).toEqual(['missing.txt']);
  });

  it('takes absolute globs', () => {
    expect(paths([`${root}/other/*.md`])).toEqual([join(root, 'other/g.md')]);
  });
});

/** A guard flagging "not my job", with a span fix to "my job". */
const fixingGuard: Guard = {
  ruleCount: 1,
  rules: [{ id: 'deflect.not-my-job', severity: 'error', category: 'deflection' }],
  lint(text) {
    const findings: Finding[] = [];
    for (let at = text.indexOf('not my job'); at >= 0; at = text.indexOf('not my job', at + 1)) {
      const before = text.slice(0, at);
      findings.push({
        ruleId: 'deflect.not-my-job', severity: 'error', category: 'deflection', message: 'Do not deflect.', actual: 'not my job',
        start: at, end: at + 10, line: before.split('\n').length, column: at - before.lastIndexOf('\n'), suggestions: [], source: 'fx:1',
        fix: { range: [at, at + 10], text: 'my job' },
      });
    }
    return { verdict: verdictOf(findings), findings };
  },
};

describe('lintFiles', () => {
  const problems: string[] = [];
  const options = { readStdin: async () => 'stdin: not my job', problem: (m: string) => { problems.push(m); } };

  it('--fix writes fixed files, leaves clean ones untouched, and reports what remains', async () => {
    const dirty = put('fix/dirty.txt', 'That is not my job.\n# hearken-disable-next-line deflect.not-my-job\nQuote: not my job.\n');
    const cleanPath = put('fix/clean.txt', 'All good.\n');
    const { reports } = await lintFiles(fixingGuard, [{ kind: 'file', path: dirty }, { kind: 'file', path: cleanPath }], { ...options, fix: 'write' });
    expect(readFileSync(dirty, 'utf8')).toBe('That is my job.\n# hearken-disable-next-line deflect.not-my-job\nQuote: not my job.\n');
    expect(readFileSync(cleanPath, 'utf8')).toBe('All good.\n');
    expect(reports.map((r) => [r.verdict, r.output !== undefined])).toEqual([['pass', true], ['pass', false]]);
  });

  it('--fix-dry-run returns the fixed text as output and writes nothing', async () => {
    const dirty = put('dry/dirty.txt', 'not my job, not my job');
    const { reports } = await lintFiles(fixingGuard, [{ kind: 'file', path: dirty }, { kind: 'stdin' }], { ...options, fix: 'dry-run' });
    expect(readFileSync(dirty, 'utf8')).toBe('not my job, not my job');
    expect(reports.map((r) => r.output)).toEqual(['my job, my job', 'stdin: my job']);
  });

  it('reports an unreadable file and goes on with the others', async () => {
    problems.length = 0;
    const ok = put('gone/ok.txt', 'not my job');
    const { reports, problems: count } = await lintFiles(fixingGuard, [{ kind: 'file', path: join(root, 'gone/missing.txt') }, { kind: 'file', path: ok }], { ...options, fix: 'off' });
    expect(count).toBe(1);
    expect(problems[0]).toMatch(/cannot read .*missing\.txt/);
    expect(reports.map((r) => [r.file, r.verdict])).toEqual([[ok, 'block']]);
  });
});
