// Where the lexicon folder's parts are (src/lexicon-files/layout.ts), and HEARKEN_LEXICONS as the
// two process edges read it.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guardDirOf, layoutOfArgument, lexiconLayout, lexiconsFolderFrom, shippedLexiconsDir } from '../../src/lexicon-files/index.js';
import { cliContextFrom } from '../../src/cli/context.js';

const work = mkdtempSync(join(tmpdir(), 'hearken-layout-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a lexicon folder', () => {
  it('holds guard/, triage/ and polite-corpus/; a part it lacks comes from the shipped folder', () => {
    const shipped = shippedLexiconsDir();
    expect(lexiconLayout(shipped)).toEqual({ root: shipped, guard: join(shipped, 'guard'), triage: join(shipped, 'triage'), politeCorpus: join(shipped, 'polite-corpus') });
    const own = join(work, 'only-guard');
    mkdirSync(join(own, 'guard'), { recursive: true });
    expect(lexiconLayout(own)).toEqual({ root: own, guard: join(own, 'guard'), triage: join(shipped, 'triage'), politeCorpus: join(shipped, 'polite-corpus') });
  });

  it('is named on the command line by itself or by its guard/ folder', () => {
    const root = join(work, 'copy');
    cpSync(shippedLexiconsDir(), root, { recursive: true });
    expect(layoutOfArgument(root)).toEqual(lexiconLayout(root));
    expect(layoutOfArgument(join(root, 'guard'))).toEqual(lexiconLayout(root));
    expect(guardDirOf(join(root, 'guard'))).toBe(join(root, 'guard'));
    expect(() => layoutOfArgument(join(work, 'nope'))).toThrow(/lexicon folder not found/);
    mkdirSync(join(work, 'empty'));
    expect(() => layoutOfArgument(join(work, 'empty'))).toThrow(/neither a guard\/ folder nor \*\.yaml/);
  });
});

describe('HEARKEN_LEXICONS', () => {
  it('defaults to ./lexicons when the working directory has one, else to the shipped folder', () => {
    const project = join(work, 'project');
    mkdirSync(join(project, 'lexicons', 'guard'), { recursive: true });
    expect(lexiconsFolderFrom(undefined, project)).toBe(join(project, 'lexicons'));
    expect(lexiconsFolderFrom('  ', project)).toBe(join(project, 'lexicons'));
    expect(lexiconsFolderFrom(undefined, tmpdir())).toBe(shippedLexiconsDir());
  });

  it('names a folder holding guard/, relative to the working directory; anything else is refused, naming the variable', () => {
    const project = join(work, 'project2');
    mkdirSync(join(project, 'sup', 'guard'), { recursive: true });
    expect(lexiconsFolderFrom('sup', project)).toBe(join(project, 'sup'));
    expect(() => lexiconsFolderFrom('missing', project)).toThrow(/HEARKEN_LEXICONS="missing": no such folder/);
    expect(() => lexiconsFolderFrom('sup/guard', project)).toThrow(/has no guard\/ folder; name its parent/);
    writeFileSync(join(project, 'file'), '');
    expect(() => lexiconsFolderFrom('file', project)).toThrow(/no such folder/);
  });

  it('reaches every CLI command through the context', () => {
    const project = join(work, 'project3');
    mkdirSync(join(project, 'mine', 'guard'), { recursive: true });
    expect(cliContextFrom({ HEARKEN_LEXICONS: 'mine' }, false, project).lexiconsDir).toBe(join(project, 'mine'));
    expect(() => cliContextFrom({ HEARKEN_LEXICONS: 'nope' }, false, project)).toThrow(/HEARKEN_LEXICONS/);
  });
});
