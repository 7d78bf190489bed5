import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/contracts/finding.js';
import { applyEdit, applyEdits, editsFor, fixAll, sentenceAround } from '../../src/desk/index.js';

function finding(draft: string, actual: string, over: Partial<Finding> = {}): Finding {
  const start = draft.indexOf(actual);
  if (start < 0) throw new Error(`"${actual}" is not in the draft`);
  return {
    ruleId: 'test.rule', severity: 'error', category: 'deflection', message: 'm', actual, start, end: start + actual.length,
    line: 1, column: start + 1, suggestions: [], source: 'test.yaml:1', ...over,
  };
}

describe('sentenceAround', () => {
  const around = (text: string, actual: string) => {
    const s = text.indexOf(actual);
    const [a, b] = sentenceAround(text, s, s + actual.length);
    return text.slice(a, b);
  };
  it('finds the English sentence holding a phrase, with its stop, but not the white space around it', () => {
    const text = 'Hello there.  Not my problem, sorry! See you.';
    expect(around(text, 'Not my problem')).toBe('Not my problem, sorry!');
    expect(around(text, 'See')).toBe('See you.');
    expect(around(text, 'Hello')).toBe('Hello there.');
  });
  it('does not split on a full stop inside a word or number', () => {
    expect(around('Use e.g.the app, version 10.5 is not my problem. Bye.', 'not my problem')).toBe('Use e.g.the app, version 10.5 is not my problem.');
  });
  it('ends Chinese sentences at 。！？ and keeps a closing quote', () => {
    const text = '您好。他说“这不归我管。”我们会跟进！';
    expect(around(text, '不归我管')).toBe('他说“这不归我管。”');
    expect(around('這不歸我管，你問我我問誰', '你問我我問誰')).toBe('這不歸我管，你問我我問誰');
  });
  it('stops at a line break and leaves it in place', () => {
    const text = 'Hi Sam,\nnot my problem\nBest, Jo';
    expect(around(text, 'not my problem')).toBe('not my problem');
  });
});

describe('editsFor', () => {
  it('prefers the span fix and offers nothing else', () => {
    const draft = 'Calm down, we will check.';
    const f = finding(draft, 'Calm down', { suggestions: ['Take your time.'], fix: { range: [0, 9], text: 'Take your time' } });
    expect(editsFor(draft, f)).toEqual([{ range: [0, 9], text: 'Take your time' }]);
  });
  it('puts each suggestion in place of the sentence, adding the sentence stop a suggestion lacks', () => {
    const draft = '您好。这不归我管。谢谢';
    const f = finding(draft, '不归我管', { suggestions: ['这件事由我负责跟进', '我们帮您办。'] });
    expect(editsFor(draft, f).map((e) => applyEdit(draft, e))).toEqual(['您好。这件事由我负责跟进。谢谢', '您好。我们帮您办。谢谢']);
    expect(editsFor(draft, f).map((e) => e.suggestion)).toEqual([0, 1]);
  });
  it('leaves out suggestions that would change nothing, and a fix that no longer fits', () => {
    const draft = 'Fine.';
    expect(editsFor(draft, finding(draft, 'Fine', { suggestions: ['Fine.', 'Fine'] }))).toEqual([]);
    // The remaining edit still names the suggestion it applies (the second one).
    expect(editsFor(draft, finding(draft, 'Fine', { suggestions: ['Fine.', 'Good.'] }))).toEqual([{ range: [0, 5], text: 'Good.', suggestion: 1 }]);
    expect(editsFor(draft, finding(draft, 'Fine', { fix: { range: [2, 40], text: 'x' } }))).toEqual([]);
  });
});

describe('applyEdit and applyEdits', () => {
  it('refuses a range outside the draft with a message saying what to do', () => {
    expect(() => applyEdit('short', { range: [3, 9], text: 'x' })).toThrow(/does not fit a draft of 5 characters; check the draft again/);
    expect(() => applyEdit('short', { range: [3, 2], text: 'x' })).toThrow(RangeError);
  });
  it('applies non-overlapping edits together; of two overlapping ones the first wins', () => {
    const out = applyEdits('aaa bbb ccc', [{ range: [0, 3], text: 'A' }, { range: [8, 11], text: 'C' }, { range: [2, 5], text: 'X' }]);
    expect(out).toEqual({ draft: 'A bbb C', applied: 2 });
  });
  it('applies an insertion at the start together with a rewrite of the first sentence', () => {
    expect(applyEdits('bad. ok.', [{ range: [0, 4], text: 'good.' }, { range: [0, 0], text: 'Sorry. ' }]).draft).toBe('Sorry. good. ok.');
  });
  it('keeps everything outside an edit as it was (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.nat(), fc.nat(), fc.string({ maxLength: 20 }), (draft, a, b, text) => {
      const s = Math.min(a, b) % (draft.length + 1);
      const e = Math.min(Math.max(a, b) % (draft.length + 1) + s, draft.length);
      const out = applyEdit(draft, { range: [s, e], text });
      return out.startsWith(draft.slice(0, s)) && out.endsWith(draft.slice(e)) && out.length === draft.length - (e - s) + text.length;
    }));
  });
  it('turns any finding of any draft into edits that apply cleanly (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', '。', '，', '\n', '!', '”', '您', 'x'), maxLength: 60 });
    fc.assert(fc.property(text, fc.nat(), fc.nat(), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }), (draft, a, b, suggestions) => {
      if (draft.length === 0) return true;
      const start = a % draft.length;
      const end = Math.min(draft.length, start + 1 + (b % 5));
      const f: Finding = { ...finding('x', 'x'), start, end, actual: draft.slice(start, end), suggestions };
      for (const edit of editsFor(draft, f)) {
        const [s, e] = edit.range;
        if (!(s <= start && end <= e)) return false; // the edit covers the finding
        applyEdit(draft, edit);
      }
      return true;
    }));
  });
});

describe('fixAll', () => {
  // A tiny lint: "bad" is an error (fix: "good"), "meh" a warning (fix: "fine"), a draft not starting with "Sorry" gets a warning inserting it.
  const lint = (draft: string): LintResult => {
    const findings: Finding[] = [];
    for (const [word, severity, text] of [['bad', 'error', 'good'], ['meh', 'warning', 'fine']] as const) {
      for (let i = draft.indexOf(word); i >= 0; i = draft.indexOf(word, i + 1)) {
        findings.push({ ...finding(draft, word), start: i, end: i + word.length, severity, fix: { range: [i, i + word.length], text } });
      }
    }
    if (!draft.startsWith('Sorry') && !draft.includes('good')) findings.push({ ...finding(draft, draft.slice(0, 1)), severity: 'warning', category: 'empathy', fix: { range: [0, 0], text: 'Sorry. ' } });
    const verdict = findings.some((f) => f.severity === 'error') ? 'block' : findings.length ? 'warn' : 'pass';
    return { verdict, findings };
  };
  it('fixes the most severe findings first, so a rewrite can settle a warning', () => {
    const out = fixAll('bad and bad', lint);
    // The errors' fixes bring "good", which the warning asked for: no opener is added.
    expect(out).toMatchObject({ draft: 'good and good', applied: 2, rounds: 1 });
    expect(out.result.verdict).toBe('pass');
  });
  it('goes on round after round until the draft passes', () => {
    const out = fixAll('meh', lint);
    expect(out.draft).toBe('Sorry. fine');
    expect(out.result.verdict).toBe('pass');
    expect(out.rounds).toBe(1);
  });
  it('stops when nothing more applies, and after maxRounds when a fix keeps drawing findings', () => {
    const noFix = (draft: string): LintResult => ({ verdict: 'block', findings: [{ ...finding(draft, draft), suggestions: [] }] });
    expect(fixAll('stuck', noFix)).toMatchObject({ draft: 'stuck', applied: 0, rounds: 0 });
    const endless = (draft: string): LintResult => ({ verdict: 'block', findings: [{ ...finding(draft, draft.slice(0, 1)), fix: { range: [0, 0], text: 'x' } }] });
    expect(fixAll('a', endless, 3)).toMatchObject({ draft: 'xxxa', rounds: 3 });
  });
});
