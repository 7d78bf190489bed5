// Messages a person editing a data file can act on (src/contracts/data-file-messages.ts): YAML layout
// mistakes in plain words with the lines shown, schema issues at the offending key, list items counted
// from 1, "did you mean" for near-miss keys and values.
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describePath, didYouMean, editDistance, explainSchemaIssues, explainYamlErrors, keysAt, misindentedLine } from '../../src/contracts/data-file-messages.js';

function yamlMessages(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return explainYamlErrors('x.yaml', text, doc.errors.map((e) => ({ code: e.code, message: e.message, ...(({ line, col }) => ({ line, column: col }))(lines.linePos(e.pos[0])) })));
}

const RULE = (body: string) => `rules:\n  - id: a.b\n    severity: error\n${body}`;

describe('YAML layout mistakes, in plain words with the line shown', () => {
  it('a key one space out of line: the line itself, the indentation that fits, the block it belongs to', () => {
    const [m, ...rest] = yamlMessages(RULE('   category: x\n    message: {en: a, zh: b}\n'));
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ line: 4, column: 4 });
    expect(m!.message).toMatch(/^YAML: line 4 is indented 3 spaces, which lines up with nothing above it \(the block that starts at line 2: "- id: a\.b"\); indent it 4 or 2 spaces/);
    expect(m!.message).toContain('> 4 |    category: x');
    expect(m!.message).toContain('  3 |     severity: error');
  });

  it('a key indented further than its neighbours (the parser blames the line above; the message names the right one)', () => {
    const [m] = yamlMessages(RULE('      category: x\n'));
    expect(m).toMatchObject({ line: 4, column: 7 });
    expect(m!.message).toMatch(/line 4 is indented 6 spaces.*indent it 4/);
  });

  it('a list item out of line with the one before', () => {
    const [m] = yamlMessages('rules:\n  - id: a.b\n    forbidden:\n      - one\n     - two\n');
    expect(m).toMatchObject({ line: 5, column: 6 });
    expect(m!.message).toMatch(/indent it 6/);
  });

  it('a tab, a missing colon, an unclosed quote or bracket, a key given twice', () => {
    expect(yamlMessages('rules:\n  - id: a.b\n\tseverity: error\n')[0]!.message).toMatch(/line 3 is indented with a tab; YAML indents with spaces only/);
    expect(yamlMessages(RULE('    forbidden ["a"]\n    category: x\n'))[0]!.message).toMatch(/line 4 has no ":" after its key/);
    const quote = yamlMessages(RULE('    forbidden: ["a, "b"]\n'))[0]!;
    expect(quote).toMatchObject({ line: 4 });
    expect(quote.message).toMatch(/a quote is not closed, or a comma is missing/);
    expect(yamlMessages(RULE('    forbidden: ["a", "b"\n    category: x\n'))[0]!.message).toMatch(/opened with \[ or \{ is not closed/);
    const marks = yamlMessages(RULE('    suggest: {zh: [我们会在{time}前回复, 好的]}\n'))[0]!;
    expect(marks).toMatchObject({ line: 4 });
    expect(marks.message).toMatch(/^YAML: "我们会在\{time\}前回复" holds \{ \}, which YAML reads as its own marks inside a \[ \] list: put the entry in quotes/);
    const twice = yamlMessages(RULE('    severity: warning\n'))[0]!;
    expect(twice).toMatchObject({ line: 4, column: 5 });
    expect(twice.message).toMatch(/"severity" appears twice/);
  });

  it('finds no misplaced line in any YAML file of the repository (no false alarms)', () => {
    const files = execSync("git ls-files '*.yaml' '*.yml'", { encoding: 'utf8' }).trim().split('\n');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(misindentedLine(readFileSync(file, 'utf8')), file).toBeNull();
    // Long plain text over several lines is not a mistake.
    expect(misindentedLine('a:\n  en: a long text\n    that goes on\n  zh: 好\n')).toBeNull();
  });
});

const Schema = z.object({
  rules: z.array(z.object({
    id: z.string(),
    severity: z.enum(['error', 'warning', 'suggestion']),
    forbidden: z.array(z.union([z.string(), z.object({ regex: z.string() }).strict()])),
    unless: z.array(z.string()).default([]),
    tests: z.object({ flag: z.array(z.string()), pass: z.array(z.string()) }).strict(),
  }).strict()),
}).strict();

function schemaMessages(text: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const data = doc.toJS();
  const r = Schema.safeParse(data);
  if (r.success) return [];
  const nameItem = (path: readonly (string | number)[]) => (path.length === 2 && path[0] === 'rules' ? `rule ${(path[1] as number) + 1}` : undefined);
  return explainSchemaIssues({ path: 'x.yaml', doc, lines }, Schema, data, r.error.issues, { nameItem, describeKey: (k) => (k === 'forbidden' ? 'the phrases to catch' : undefined) });
}

const GOOD = '  - id: a.b\n    severity: error\n    forbidden: [x]\n    tests: {flag: [x], pass: [y]}\n';

describe('schema issues, at the offending key or value', () => {
  it('a misspelled key: at the key itself, with "did you mean", and no second message about the missing one', () => {
    const text = `rules:\n${GOOD}  - id: c.d\n    severity: error\n    forbiden: [x]\n    tests: {flag: [x], pass: [y]}\n`;
    expect(schemaMessages(text)).toEqual([{ file: 'x.yaml', line: 8, column: 5, message: 'rule 2, forbiden: unknown key; did you mean "forbidden"?' }]);
  });

  it('a key nobody meant: what the block takes', () => {
    const [m] = schemaMessages(`rules:\n  - id: a.b\n    severity: error\n    forbidden: [x]\n    colour: red\n    tests: {flag: [x], pass: [y]}\n`);
    expect(m).toMatchObject({ line: 5, column: 5, message: 'rule 1, colour: unknown key; check its spelling or remove it (here: id, severity, forbidden, unless, tests)' });
  });

  it('a missing key: at the start of the rule, counted from 1, with what to add', () => {
    expect(schemaMessages(`rules:\n${GOOD}${GOOD}  - id: e.f\n    severity: error\n    tests: {flag: [x], pass: [y]}\n`))
      .toEqual([{ file: 'x.yaml', line: 10, column: 5, message: 'rule 3, forbidden: missing; add "forbidden:" to this block (the phrases to catch)' }]);
  });

  it('the wrong kind of value: at the value; a phrase holding ": " is told to take quotes', () => {
    const [m] = schemaMessages(`rules:\n  - id: a.b\n    severity: error\n    forbidden: not my job\n    tests: {flag: [x], pass: [y]}\n`);
    expect(m).toMatchObject({ line: 4, column: 16, message: 'rule 1, forbidden: expected a list, found the text "not my job"' });
    const [colon] = schemaMessages(`rules:\n  - id: a.b\n    severity: error\n    forbidden:\n      - not my job: sorry\n    tests: {flag: [x], pass: [y]}\n`);
    expect(colon).toMatchObject({ line: 5, column: 9 });
    expect(colon!.message).toMatch(/^rule 1, forbidden item 1: a map of keys where text was expected: .*put the whole text in quotes/);
  });

  it('a value off the list: did you mean', () => {
    const [m] = schemaMessages(`rules:\n  - id: a.b\n    severity: eror\n    forbidden: [x]\n    tests: {flag: [x], pass: [y]}\n`);
    expect(m).toMatchObject({ line: 3, column: 15, message: 'rule 1, severity: the text "eror" is not one of error, warning, suggestion; did you mean "error"?' });
  });
});

describe('paths, as the person editing reads them', () => {
  it('dots keys, counts list items from 1, and names what the caller names', () => {
    expect(describePath(['calendar', 'timeZone'], {})).toBe('calendar.timeZone');
    expect(describePath(['examples', 1, 'intent'], {})).toBe('examples item 2, intent');
    expect(describePath(['reasons', 'legal', 'zh', 'patterns', 0], {})).toBe('reasons.legal.zh.patterns item 1');
    const nameItem = (path: readonly (string | number)[]) => (path.length === 2 && path[0] === 'rules' ? `rule ${(path[1] as number) + 1}` : undefined);
    expect(describePath(['rules', 28, 'tests', 'flag', 2], {}, { nameItem })).toBe('rule 29, tests.flag item 3');
  });
});

describe('did you mean', () => {
  it('is a near miss by edit distance (a swap counts one), or nothing', () => {
    expect(editDistance('forbiden', 'forbidden')).toBe(1);
    expect(editDistance('fobridden', 'forbidden')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(didYouMean('forbiden', ['id', 'forbidden', 'unless'])).toBe('forbidden');
    expect(didYouMean('Suggest', ['suggest', 'tests'])).toBe('suggest');
    expect(didYouMean('sugestions', ['suggest', 'tests'])).toBeUndefined();
    expect(didYouMean('colour', ['id', 'severity', 'forbidden'])).toBeUndefined();
  });

  it('knows the keys of an object behind arrays, defaults and unions', () => {
    expect(keysAt(Schema, ['rules', 0])).toEqual(['id', 'severity', 'forbidden', 'unless', 'tests']);
    expect(keysAt(Schema, ['rules', 3, 'tests'])).toEqual(['flag', 'pass']);
    expect(keysAt(Schema, ['rules', 0, 'forbidden', 1])).toEqual(['regex']);
  });
});
