import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/contracts/finding.js';
import { applyFixes, fixUntilStable, MAX_FIX_PASSES } from '../../../src/cli/lint/fix.js';
import { lintText } from '../../../src/cli/lint/lint-text.js';
import { verdictOf, type Guard } from '../../../src/guard/guard.js';

/** A finding over text[start, end) with an optional fix, as the guard would report it. */
function finding(text: string, start: number, end: number, fix?: { text: string; range?: [number, number] }): Finding {
  const before = text.slice(0, start);
  const line = before.split('\n').length;
  return {
    ruleId: 'test.rule', severity: 'error', category: 'test', message: 'm', actual: text.slice(start, end),
    start, end, line, column: start - before.lastIndexOf('\n'), suggestions: [], source: 'fx/rules.yaml:1',
    ...(fix ? { fix: { range: fix.range ?? [start, end], text: fix.text } } : {}),
  };
}

/** A guard that flags every occurrence of each listed phrase, with a fix to its replacement. */
function phraseGuard(replacements: Record<string, string>): Guard {
  return {
    ruleCount: Object.keys(replacements).length,
    rules: [{ id: 'test.rule', severity: 'error', category: 'test' }],
    lint(text) {
      const findings: Finding[] = [];
      for (const [phrase, replacement] of Object.entries(replacements)) {
        for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) {
          findings.push(finding(text, at, at + phrase.length, { text: replacement }));
        }
      }
      findings.sort((a, b) => a.start - b.start);
      return { verdict: verdictOf(findings), findings };
    },
  };
}

describe('applyFixes', () => {
  it('applies non-overlapping fixes, from the end, so earlier offsets stay valid', () => {
    const text = 'aaa BBB ccc DDD';
    const fixes = [{ range: [12, 15] as [number, number], text: 'dd' }, { range: [4, 7] as [number, number], text: 'bbbbb' }];
    expect(applyFixes(text, fixes)).toEqual({ output: 'aaa bbbbb ccc dd', applied: 2, skipped: 0 });
  });

  it('leaves an overlapping or touching fix for the next pass, as ESLint does', () => {
    const text = 'abcdef';
    const overlapping = applyFixes(text, [{ range: [0, 3], text: 'X' }, { range: [2, 4], text: 'Y' }]);
    expect(overlapping).toEqual({ output: 'Xdef', applied: 1, skipped: 1 });
    const touching = applyFixes(text, [{ range: [0, 3], text: 'X' }, { range: [3, 3], text: '+' }]);
    expect(touching).toEqual({ output: 'Xdef', applied: 1, skipped: 1 });
  });

  it('refuses a range outside the text or reversed instead of corrupting it', () => {
    expect(applyFixes('abc', [{ range: [2, 9], text: 'X' }, { range: [2, 1], text: 'Y' }])).toEqual({ output: 'abc', applied: 0, skipped: 2 });
  });

  it('inserts with an empty range and deletes with empty text', () => {
    expect(applyFixes('ab', [{ range: [1, 1], text: '-' }]).output).toBe('a-b');
    expect(applyFixes('a--b', [{ range: [1, 3], text: '' }]).output).toBe('ab');
  });
});

describe('fixUntilStable', () => {
  it('re-lints after each pass and fixes what an earlier fix revealed', () => {
    // "not my job" → "my job" reveals nothing new, but "x" → "not my job" in pass 1 needs pass 2.
    const guard = phraseGuard({ x: 'not my job', 'not my job': 'my job' });
    const result = fixUntilStable('x!', (t) => guard.lint(t).findings);
    expect(result.output).toBe('my job!');
    expect(result.passes).toBe(2);
    expect(result.findings).toEqual([]);
  });

  it('applies overlapping fixes over several passes', () => {
    const text = 'abcdef';
    let calls = 0;
    const lint = (t: string): Finding[] => {
      calls++;
      const out: Finding[] = [];
      if (t.startsWith('abc')) out.push(finding(t, 0, 3, { text: 'X' }));
      const cd = t.indexOf('cd');
      if (cd >= 0) out.push(finding(t, cd, cd + 2, { text: 'Y' }));
      return out;
    };
    const result = fixUntilStable(text, lint);
    // Pass 1 takes "abc" → X (the "cd" fix overlaps), pass 2 finds no "cd" left.
    expect(result.output).toBe('Xdef');
    expect(calls).toBe(2);
  });

  it(`stops after ${MAX_FIX_PASSES} passes when fixes never settle`, () => {
    const grow = (t: string): Finding[] => [finding(t, 0, 1, { text: `${t[0]}${t[0]}` })];
    const result = fixUntilStable('a', grow);
    expect(result.passes).toBe(MAX_FIX_PASSES);
    expect(result.output).toBe('a'.repeat(MAX_FIX_PASSES + 1));
  });
});

describe('lintText with fixes', () => {
  it('returns the fixed text, its remaining findings and verdict, and output only when changed', () => {
    const guard = phraseGuard({ "That's not my problem": "I'll sort this out" });
    const fixed = lintText(guard, "Hi.\nThat's not my problem, sorry.", { syntax: 'plain', fix: true });
    expect(fixed).toEqual({ text: "Hi.\nI'll sort this out, sorry.", output: "Hi.\nI'll sort this out, sorry.", verdict: 'pass', findings: [] });
    const clean = lintText(guard, 'Hi.', { syntax: 'plain', fix: true });
    expect(clean.output).toBeUndefined();
    const unfixed = lintText(guard, "That's not my problem", { syntax: 'plain', fix: false });
    expect(unfixed.verdict).toBe('block');
    expect(unfixed.text).toBe("That's not my problem");
  });

  it('does not apply the fix of a finding an inline directive disabled', () => {
    const guard = phraseGuard({ 'not my problem': 'my job' });
    const text = '# hearken-disable-next-line test.rule\nnot my problem\nnot my problem\n';
    expect(lintText(guard, text, { syntax: 'plain', fix: true }).text).toBe('# hearken-disable-next-line test.rule\nnot my problem\nmy job\n');
  });
});
