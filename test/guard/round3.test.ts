// Guard round 3 (issue 13): negated orders, the development set as a
// regression floor (it was tuned on, so it is no estimate: the blind set is),
// and what the speed work must not change.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';
import { compileGuard } from '../../src/guard/compile.js';
import { readLexiconDir, defaultGuardLexiconDir } from '../../src/lexicon-files/index.js';

const guard = loadGuardFromDir();
const verdict = (text: string) => guard.lint(text).verdict;

describe('negated orders (approved.yaml negations, rules marked negatable)', () => {
  it.each([
    "You don't need to read it yourself; I'll summarise it.",
    "There's no need to call someone else, I've arranged it.",
    "You won't have to contact the manufacturer; I've done it.",
    '您不用自己去查，我发给您。',
    '不用您自己翻，我把结果发您。',
    '唔使再去搵其他人，我幫你搞掂。',
    '您不用再找別人，我已經幫您提交了。',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each([
    "It's on the website, read it yourself.",
    '你找别人去。',
    // Not negatable: scolding stays scolding, and 不用你管 is "none of your business".
    'No need to shout, just wait.',
    '不用你管。',
    // Punctuation between the negation and the order breaks the link.
    '官网上都写着呢，不用我说了吧，自己看。',
  ])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

// Every development set (tuned on, so a floor, not an estimate; round5.yaml from guard round 5).
describe.each(['round3.yaml', 'round5.yaml'])('development set test/guard/dev/%s', (name) => {
  const { drafts } = parse(readFileSync(new URL(`./dev/${name}`, import.meta.url), 'utf8')) as { drafts: { lang: string; expect: 'block' | 'pass'; text: string }[] };

  it('holds ≥ 95% blocked and ≤ 2% good replies blocked per language', () => {
    const rows = new Map<string, { block: number; blocked: number; pass: number; falseBlock: number; wrong: string[] }>();
    for (const d of drafts) {
      const row = rows.get(d.lang) ?? { block: 0, blocked: 0, pass: 0, falseBlock: 0, wrong: [] };
      rows.set(d.lang, row);
      const v = verdict(d.text);
      if (d.expect === 'block') { row.block++; if (v === 'block') row.blocked++; else row.wrong.push(`miss: ${d.text}`); }
      else { row.pass++; if (v === 'block') { row.falseBlock++; row.wrong.push(`false block: ${d.text}`); } }
    }
    expect([...rows.keys()].sort()).toEqual(['en', 'zh-Hans', 'zh-Hant']);
    for (const [lang, row] of rows) {
      expect(row.blocked / row.block, `${lang}: ${row.wrong.join(' | ')}`).toBeGreaterThanOrEqual(0.95);
      expect(row.falseBlock / row.pass, `${lang}: ${row.wrong.join(' | ')}`).toBeLessThanOrEqual(0.02);
    }
  });

  it('gives the same findings on a second pass over filled lazy DFA tables as on the first, and as the cached-load guard', () => {
    const files = readLexiconDir(defaultGuardLexiconDir());
    const compiled = compileGuard(files, { selfTest: false });
    if (!compiled.ok) throw new Error('shipped lexicons failed to compile');
    // A fresh guard, then the same drafts again: the second pass runs on the rows the first one filled.
    const first = drafts.map((d) => JSON.stringify(compiled.guard.lint(d.text)));
    const second = drafts.map((d) => JSON.stringify(compiled.guard.lint(d.text)));
    expect(second).toEqual(first);
    expect(first).toEqual(drafts.map((d) => JSON.stringify(guard.lint(d.text))));
  });
});
