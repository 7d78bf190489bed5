import { describe, expect, it } from 'vitest';
import type { DataProblem } from '../../src/contracts/data-file.js';
import { compileGuard } from '../../src/guard/index.js';
import { APPROVED, CATEGORIES, CUES, RULES_TEXT, rulesFile } from './fixtures.js';

function errorsOf(rulesText: string, extra: { path: string; text: string }[] = []): DataProblem[] {
  const result = compileGuard([CATEGORIES, APPROVED, CUES, rulesFile(rulesText), ...extra]);
  if (result.ok) throw new Error('expected the lexicon to fail to load');
  return result.errors;
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionIn(text: string, needle: string, from = 0): { line: number; column: number } {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`fixture lacks ${needle}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('compileGuard', () => {
  it('loads a valid lexicon and summarises it per file', () => {
    const result = compileGuard([CATEGORIES, APPROVED, CUES, rulesFile()]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.guard.ruleCount).toBe(3);
    expect(result.summary.ruleCount).toBe(3);
    expect(result.summary.regexCount).toBe(1);
    expect(result.summary.selfTestCount).toBe(9);
    const rules = result.summary.files.find((f) => f.path === 'fx/rules.yaml')!;
    expect(rules).toMatchObject({ kind: 'rules', rules: 3, phrases: 7 });
    // not my {job,problem} × auxiliary/spelling variants: at least the two brace forms
    expect(rules.variants).toBeGreaterThanOrEqual(7);
  });

  it('reports a schema error at the offending key with file:line:col and rule id', () => {
    const text = RULES_TEXT.replace('severity: warning', 'severity: fatal');
    const [error, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    // The rule counted from 1 and named by its id.
    expect(error).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(text, 'fatal'), ruleId: 'insult.old-man' });
    expect(error!.message).toBe('rule 2, severity: the text "fatal" is not one of error, warning, suggestion');
  });

  it('reports a missing required field at the rule that lacks it', () => {
    const text = RULES_TEXT.replace(/    tests:\n      flag: \[喂，老头\]\n      pass: \[老人家您好, 这件老头衫\]\n/, '');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toBe('rule 2, tests: missing; add "tests:" to this block (flag: and pass: examples)');
    expect(errors[0]).toMatchObject({ ...positionIn(text, 'id: insult.old-man'), ruleId: 'insult.old-man' });
  });

  it('says "did you mean" for a misspelled key, at the key itself', () => {
    const text = RULES_TEXT.replace('forbidden: [老头, 老头子]', 'forbiden: [老头, 老头子]');
    expect(errorsOf(text)).toEqual([{ file: 'fx/rules.yaml', ...positionIn(text, 'forbiden'), ruleId: 'insult.old-man', message: 'rule 2, forbiden: unknown key; did you mean "forbidden"?' }]);
  });

  it('rejects a rule without any suggestion', () => {
    const text = `rules:
  - id: other.no-suggestion
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden: [whatever you say]
    tests: {flag: [whatever you say], pass: [fine]}
`;
    const errors = errorsOf(RULES_TEXT, [{ path: 'fx/other.yaml', text }]);
    expect(errors).toEqual([{ file: 'fx/other.yaml', line: 2, column: 5, ruleId: 'other.no-suggestion', message: expect.stringMatching(/^rule 1, suggest: needs at least one suggestion: add suggest: with en: or zh:/) }]);
  });

  it('explains a YAML indentation mistake in plain words, with the line shown', () => {
    const text = RULES_TEXT.replace('    severity: warning', '   severity: warning');
    const [error, ...rest] = errorsOf(text);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(text, 'severity: warning') });
    expect(error!.message).toMatch(/^YAML: line \d+ is indented 3 spaces, which lines up with nothing above it .*indent it 4/);
    expect(error!.message).toContain('|    severity: warning');
  });

  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('rules:\n  - id: a.b\n    forbidden: [unclosed\n');
    expect(errors[0]!.file).toBe('fx/rules.yaml');
    expect(errors[0]!.message).toMatch(/^YAML:/);
    // The flow sequence never closes, so the parser stops at the end of the input.
    expect(errors[0]).toMatchObject({ line: 4, column: 1 });
  });

  it('rejects the same phrase in two rules, naming both places', () => {
    const text = RULES_TEXT.replace('forbidden: [老头, 老头子]', 'forbidden: [老头, 老头子, 不關我的事]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'fx/rules.yaml', ...positionIn(text, '不關我的事'), ruleId: 'insult.old-man' });
    // Folding makes the Traditional spelling the same phrase as the Simplified one.
    expect(errors[0]!.message).toMatch(/is also in rule deflect\.not-my-job \(fx\/rules\.yaml:9\); a phrase may belong to one rule only/);
  });

  it('rejects a phrase repeated across files too', () => {
    const other = `rules:
  - id: other.dup
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden: [Not my problem]
    suggest: {en: [Let me help.]}
    tests: {flag: [not my problem], pass: [fine]}
`;
    const errors = errorsOf(RULES_TEXT, [{ path: 'fx/other.yaml', text: other }]);
    expect(errors.some((e) => e.file === 'fx/other.yaml' && e.line === 6 && /is also in rule/.test(e.message))).toBe(true);
  });

  it('rejects a suggestion that the guard itself flags', () => {
    const text = RULES_TEXT.replace('en: [I understand how you feel.]', 'en: [I understand how you feel., "Please calm down."]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, '"Please calm down."'), ruleId: 'impatience.calm-down' });
    expect(errors[0]!.message).toMatch(/suggestion "Please calm down\." is itself flagged by impatience\.calm-down/);
  });

  it('rejects an approved phrase that the guard flags', () => {
    const approved = { path: 'fx/approved.yaml', text: APPROVED.text.replace('zh: [您好, 请稍等]', 'zh: [您好, 请稍等, 这不关我的事]') };
    const result = compileGuard([CATEGORIES, approved, CUES, rulesFile()]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ file: 'fx/approved.yaml', ...positionIn(approved.text, '这不关我的事') });
  });

  it('rejects an invalid regex with the engine message', () => {
    const text = RULES_TEXT.replace("regex: '管不[了着]'", "regex: '管不[了着'");
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, "'管不[了着'"), ruleId: 'deflect.not-my-job' });
    expect(errors[0]!.message).toMatch(/invalid regex/);
  });

  it('rejects a regex that matches the empty string', () => {
    const text = RULES_TEXT.replace("regex: '管不[了着]'", "regex: 'x*'");
    expect(errorsOf(text)[0]!.message).toMatch(/matches the empty string/);
  });

  it('rejects a regex written as a quoted string', () => {
    const text = RULES_TEXT.replace("- regex: '管不[了着]'", `- "{regex: 'a'}"`);
    expect(errorsOf(text)[0]!.message).toMatch(/not a regex entry/);
  });

  it('fails the load when a flag example is not flagged, naming the example', () => {
    const text = RULES_TEXT.replace('flag: [喂，老头]', 'flag: [喂，老头, 老人家]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, '老人家]'), ruleId: 'insult.old-man' });
    expect(errors[0]!.message).toMatch(/flag example "老人家" is not flagged/);
  });

  it('fails the load when a pass example is flagged', () => {
    const text = RULES_TEXT.replace('pass: [老人家您好, 这件老头衫]', 'pass: [老人家您好, 这件老头衫, 老头子你好]');
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...positionIn(text, '老头子你好'), ruleId: 'insult.old-man' });
    expect(errors[0]!.message).toMatch(/pass example "老头子你好" is flagged at "老头子"/);
  });

  it('rejects unknown categories, duplicate ids and bad brace syntax', () => {
    const text = RULES_TEXT
      .replace('category: impatience', 'category: weather')
      .replace('id: insult.old-man', 'id: deflect.not-my-job')
      .replace('"calm{,s,ed,ing} down"', '"calm{,s down"');
    const messages = errorsOf(text).map((e) => e.message).join('\n');
    expect(messages).toMatch(/unknown category "weather"/);
    expect(messages).toMatch(/rule id "deflect\.not-my-job" is already used at fx\/rules\.yaml:2/);
    expect(messages).toMatch(/unclosed "\{"/);
  });

  it('requires a categories file and at least one rule file', () => {
    const noCategories = compileGuard([rulesFile()]);
    expect(noCategories.ok).toBe(false);
    if (!noCategories.ok) expect(noCategories.errors[0]!.message).toMatch(/no categories\.yaml/);
    const noRules = compileGuard([CATEGORIES]);
    expect(noRules.ok).toBe(false);
    if (!noRules.ok) expect(noRules.errors[0]!.message).toMatch(/no rule files/);
  });
});
