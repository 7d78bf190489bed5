// Lexicon hazards `hearken lexicon check` must stop, and the bound on regex
// work that holds even for a regex the analysis lets through.
import { describe, expect, it } from 'vitest';
import type { DataProblem } from '../../src/contracts/data-file.js';
import { compileGuard } from '../../src/guard/index.js';
import { regexHazard } from '../../src/guard/regexSafety.js';
import { REGEX_ATTEMPT_BUDGET, REGEX_SCAN_BUDGET, REGEX_WINDOW, windowBounds } from '../../src/guard/regexWindows.js';
import { normalizeForMatching } from '../../src/guard/normalize.js';
import { buildScriptTables } from '../../src/script/script-tables.js';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';
import { APPROVED, CATEGORIES, compileFixture, CUES, RULES_TEXT, rulesFile } from './fixtures.js';

function errorsOf(rulesText: string): DataProblem[] {
  const result = compileGuard([CATEGORIES, APPROVED, CUES, rulesFile(rulesText)]);
  if (result.ok) throw new Error('expected the lexicon to fail to load');
  return result.errors;
}

function positionIn(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`fixture lacks ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The fixture with its one regex replaced (single-quoted YAML, so backslashes stay). */
const withRegex = (regex: string) => RULES_TEXT.replace("regex: '管不[了着]'", () => `regex: '${regex}'`);

describe('regex safety at load', () => {
  it('rejects (a+)+$ at the regex entry, file:line:col, explaining the nested repeat', () => {
    const text = withRegex('(a+)+$');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(text, "'(a+)+$'"), ruleId: 'deflect.not-my-job' });
    expect(errors[0]!.message).toMatch(/regex \/\(a\+\)\+\$\/ at character 1: nested repeat: `\(a\+\)\+` repeats `a\+`/);
  });

  it.each([
    ['(a*)*b', /nested repeat/],
    ['(\\w+\\s?)*x', /nested repeat/],
    ['(?:a?b?)*c', /nested repeat/],
    ['([a-z]{2,3})+!', /nested repeat/],
    ['(?:x[a-z]+)+!', /nested repeat/],
    ['(a|aa)+b', /ambiguous alternatives/],
    ['(?:ab|a|ba)+c', /ambiguous alternatives/],
    ['(\\w|\\d)+!', /overlapping alternatives/],
    ['x.*.*y', /two unbounded repeats/],
    ['[a-z ]*x[a-z ]*y', /two unbounded repeats/],
  ])('rejects %s', (regex, message) => {
    expect(regexHazard(regex)?.message).toMatch(message);
    expect(errorsOf(withRegex(regex)).map((e) => e.message).join('\n')).toMatch(message);
  });

  it.each([
    '(?:[a-z]+ ){0,4}(?:does not|do not)',
    '(?:all |already |plainly |explained )+in the',
    '(?:ab?)+c',
    '[^.!?]{0,40} we',
    '找(?<=(?:[你您]|[你您]自己)找)(?:售后|厂家)',
    '(?:,| and| but) not (?:us|me)',
    '(?:[a-z]+, )*and',
  ])('accepts the safe %s', (regex) => {
    expect(regexHazard(regex)).toBeNull();
  });
});

describe('phrase limits', () => {
  it('rejects a 1 MB phrase at its position, without expanding it', () => {
    const huge = 'x'.repeat(1_000_000);
    const text = RULES_TEXT.replace('forbidden: [老头, 老头子]', `forbidden: [老头, 老头子, ${huge}]`);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(text, huge), ruleId: 'insult.old-man' });
    expect(errors[0]!.message).toMatch(/longer than 1000 characters/);
  });

  it('rejects a phrase whose expanded form is over 200 characters', () => {
    const long = `{a,b} ${'very '.repeat(45)}long`;
    const text = RULES_TEXT.replace('forbidden: [老头, 老头子]', `forbidden: [老头, 老头子, "${long}"]`);
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, `"${long}"`), ruleId: 'insult.old-man' });
    expect(errors[0]!.message).toMatch(/over 200/);
  });

  it('rejects control characters inside a phrase, naming the character', () => {
    const text = RULES_TEXT.replace('forbidden: [老头, 老头子]', 'forbidden: [老头, "老头\\u0007子"]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, '"老头\\u0007子"'), ruleId: 'insult.old-man' });
    expect(errors[0]!.message).toMatch(/control character U\+0007 at character 3/);
  });

  it('locates a YAML alias bomb in its file instead of failing with a bare "Excessive alias count"', () => {
    const bomb = [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      `rules: [*d]`,
      '',
    ].join('\n');
    const errors = errorsOf(bomb);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(bomb, '*a') });
    expect(errors[0]!.message).toMatch(/^YAML: aliases expand more than \d+ times \(an alias bomb/);
  });

  it('locates an unknown alias too', () => {
    const errors = errorsOf(`${RULES_TEXT}\nextra: *nowhere\n`);
    expect(errors[0]!.file).toBe('fx/rules.yaml');
    expect(errors[0]!.message).toMatch(/^YAML:/);
  });
});

describe('bounded regex work per draft', () => {
  const tables = buildScriptTables();
  const rule = (regex: string, flag: string) => `rules:
  - id: test.regex
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden:
      - regex: '${regex}'
    suggest: {en: [Let me help.]}
    tests: {flag: ["${flag}"], pass: [fine]}
`;

  it('cuts long drafts into windows at sentence ends, including ones the normaliser dropped between Han characters', () => {
    const draft = `${'您好，这是一句话。'.repeat(150)}${'Hello there. '.repeat(100)}`;
    const n = normalizeForMatching(draft, tables);
    const bounds = windowBounds(n.text, n.start, n.end, draft);
    expect(bounds[0]).toBe(0);
    expect(bounds.at(-1)).toBe(n.text.length);
    for (let w = 0; w + 1 < bounds.length; w++) {
      expect(bounds[w + 1]! - bounds[w]!).toBeLessThanOrEqual(REGEX_WINDOW);
      const cut = bounds[w + 1]!;
      if (cut === n.text.length) continue;
      // every cut falls right after a sentence: 。 in the original, or ". " in the normalised text
      const gap = draft.slice(n.end[cut - 1]!, n.start[cut]!);
      expect(gap === '。' || /\. ?$/.test(n.text.slice(cut - 2, cut))).toBe(true);
    }
  });

  it('shows each regex at most one window of a long draft', () => {
    const guard = compileFixture([CATEGORIES, rulesFile(rule('zq[^!]{900,1100}!', `zq${'x'.repeat(900)}!`))]);
    // 903 units: one window, the regex sees it whole.
    expect(guard.lint(`zq${'x'.repeat(900)}!`).findings).toHaveLength(1);
    // 1,053 units with no sentence end or space: cut at REGEX_WINDOW, so no window holds a match.
    expect(guard.lint(`zq${'x'.repeat(1050)}!`).findings).toEqual([]);
  });

  it('spends at most the attempt budget on a regex tried at its trigger', () => {
    const guard = compileFixture([CATEGORIES, rulesFile(rule('zq(?=!)', 'zq!'))]);
    const text = 'zq! '.repeat(250_000);
    const found = guard.lint(text).findings;
    expect(found.length).toBe(REGEX_ATTEMPT_BUDGET);
    expect(found.at(-1)!.start).toBe((REGEX_ATTEMPT_BUDGET - 1) * 4);
  });

  it('spends at most the scan budget on a regex that scans its windows', () => {
    const guard = compileFixture([CATEGORIES, rulesFile(rule('(?:\\d|!)zq', '!zq'))]);
    const text = '!zq '.repeat(250_000);
    const found = guard.lint(text).findings;
    expect(found.length).toBeGreaterThan(REGEX_SCAN_BUDGET / 4 - 2 * REGEX_WINDOW);
    expect(found.length).toBeLessThanOrEqual(REGEX_SCAN_BUDGET / 4);
    expect(found.at(-1)!.start).toBeLessThan(REGEX_SCAN_BUDGET);
  });
});

describe('short abbreviations match only as whole words', () => {
  const shipped = loadGuardFromDir();
  /** mulberry32: a small seeded generator, so the "random" bytes are the same on every run. */
  function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('does not block random bytes, read as UTF-8 or as Latin-1', () => {
    const next = seeded(8);
    const blocked: string[] = [];
    for (let k = 0; k < 48; k++) {
      const bytes = Uint8Array.from({ length: 16_384 }, () => Math.floor(next() * 256));
      for (const text of [new TextDecoder('utf-8').decode(bytes), new TextDecoder('latin1').decode(bytes)]) {
        const errors = shipped.lint(text).findings.filter((f) => f.severity === 'error');
        blocked.push(...errors.map((f) => `${f.ruleId} ${JSON.stringify(text.slice(Math.max(0, f.start - 3), f.end + 3))}`));
      }
    }
    expect(blocked).toEqual([]);
  });

  it('still catches them in text, next to spaces, punctuation, Han or an emoji', () => {
    for (const draft of ["That's bs.", 'wtf, your order is late', 'Honestly stfu', '(bs)', '这是bs规定', 'wtf🙄']) {
      expect(shipped.lint(draft).verdict, draft).toBe('block');
    }
  });

  it('ignores them inside other text or beside binary noise', () => {
    for (const draft of ['jobs', 'bs_x', '#bs', '\u0001bs\u0002', 'a\ufffd bs \ufffd', 'wtf\u0007']) {
      expect(shipped.lint(draft).findings.filter((f) => f.severity === 'error'), JSON.stringify(draft)).toEqual([]);
    }
  });
});
