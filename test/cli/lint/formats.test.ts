import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { colours } from '../../../src/cli/colour.js';
import { escapeXml, formatCheckstyle } from '../../../src/cli/lint/format-checkstyle.js';
import { formatCompact } from '../../../src/cli/lint/format-compact.js';
import { formatJson, formatJsonLines } from '../../../src/cli/lint/format-json.js';
import { artifactUri, sarifLog } from '../../../src/cli/lint/format-sarif.js';
import { formatStylish } from '../../../src/cli/lint/format-stylish.js';
import { lintText } from '../../../src/cli/lint/lint-text.js';
import { STDIN_LABEL, type FileReport } from '../../../src/cli/lint/report.js';
import { LintResultSchema } from '../../../src/contracts/finding.js';
import { compileFixture } from '../../guard/fixtures.js';

const guard = compileFixture();
function report(file: string, text: string): FileReport {
  const r = lintText(guard, text, { syntax: 'plain', fix: false });
  return { file, text: r.text, verdict: r.verdict, findings: r.findings };
}

// Two files: a block on line 2 (after an emoji, so UTF-16 columns matter), a warning and a suggestion;
// one finding carries a span fix, as the rules will once they have them.
const a = report('replies/a.txt', "Thanks 🙂 for writing.\nSorry, that's not my job.\n");
const fixable = a.findings.find((f) => f.ruleId === 'deflect.not-my-job')!;
fixable.fix = { range: [fixable.start, fixable.end], text: 'something I will handle' };
const b = report('replies/中文 回复.md', '# Reply\n\n喂，老头，calm down\n');
const clean = report('replies/ok.txt', 'Thank you for your patience.\n');
const reports = [a, b, clean];

// The parts of SARIF 2.1.0 (OASIS, sarif-schema-2.1.0.json) this output uses. Objects are strict
// because the official schema sets additionalProperties: false on them; property bags are open.
const message = z.object({ text: z.string().min(1) }).strict();
const region = z.object({
  startLine: z.number().int().min(1), startColumn: z.number().int().min(1),
  endLine: z.number().int().min(1), endColumn: z.number().int().min(1),
  charOffset: z.number().int().min(-1), charLength: z.number().int().min(0),
  snippet: z.object({ text: z.string() }).strict().optional(),
}).strict().refine((r) => r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), 'region ends before it starts');
const artifactLocation = z.object({ uri: z.string().min(1), uriBaseId: z.string().optional() }).strict();
const propertyBag = z.object({ tags: z.array(z.string()).optional() }).catchall(z.unknown());
const SarifSchema = z.object({
  $schema: z.string().url().optional(),
  version: z.literal('2.1.0'),
  runs: z.array(z.object({
    tool: z.object({
      driver: z.object({
        name: z.string().min(1),
        version: z.string().optional(),
        semanticVersion: z.string().optional(),
        rules: z.array(z.object({
          id: z.string().min(1),
          name: z.string().optional(),
          shortDescription: message.optional(),
          fullDescription: message.optional(),
          help: message.optional(),
          defaultConfiguration: z.object({ level: z.enum(['none', 'note', 'warning', 'error']) }).strict().optional(),
          properties: propertyBag.optional(),
        }).strict()),
      }).strict(),
    }).strict(),
    columnKind: z.enum(['utf16CodeUnits', 'unicodeCodePoints']).optional(),
    results: z.array(z.object({
      ruleId: z.string(),
      ruleIndex: z.number().int().min(-1),
      level: z.enum(['none', 'note', 'warning', 'error']),
      message,
      locations: z.array(z.object({ physicalLocation: z.object({ artifactLocation, region }).strict() }).strict()).min(1),
      fixes: z.array(z.object({
        description: message.optional(),
        artifactChanges: z.array(z.object({
          artifactLocation,
          replacements: z.array(z.object({ deletedRegion: region, insertedContent: z.object({ text: z.string() }).strict().optional() }).strict()).min(1),
        }).strict()).min(1),
      }).strict()).optional(),
      properties: propertyBag.optional(),
    }).strict()),
  }).strict()).min(1),
}).strict();

describe('SARIF 2.1.0', () => {
  const log = SarifSchema.parse(sarifLog(reports, { cwd: '/work/project', version: '0.1.0' }));
  const run = log.runs[0]!;

  it('has the required structure, one result per finding, and rules the results point at', () => {
    expect(run.results).toHaveLength(a.findings.length + b.findings.length);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    expect(new Set(run.tool.driver.rules.map((r) => r.id)).size).toBe(run.tool.driver.rules.length);
    expect(run.tool.driver.rules.find((r) => r.id === 'deflect.not-my-job')!.help!.text).toMatch(/Do not deflect\.\nTry instead: I'll take care of it\.\nDefined at fx\/rules\.yaml:\d+/);
  });

  it('maps severities to levels and gives 1-based UTF-16 regions with an exclusive end column', () => {
    const levels = Object.fromEntries(run.results.map((r) => [r.ruleId, r.level]));
    expect(levels).toEqual({ 'deflect.not-my-job': 'error', 'insult.old-man': 'warning', 'impatience.calm-down': 'note' });
    const block = run.results.find((r) => r.ruleId === 'deflect.not-my-job')!;
    const { region: where } = block.locations[0]!.physicalLocation;
    const line2 = a.text.split('\n')[1]!;
    expect(where).toMatchObject({ startLine: 2, startColumn: line2.indexOf(fixable.actual) + 1, endLine: 2, endColumn: line2.indexOf(fixable.actual) + fixable.actual.length + 1 });
    expect(a.text.slice(where.charOffset, where.charOffset + where.charLength)).toBe(where.snippet!.text);
  });

  it('names each file by a relative, percent-encoded URI and carries span fixes', () => {
    const uris = run.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(new Set(uris)).toEqual(new Set(['replies/a.txt', `replies/${encodeURIComponent('中文 回复.md')}`]));
    const fix = run.results.find((r) => r.fixes)!.fixes![0]!;
    expect(fix.artifactChanges[0]!.replacements[0]).toMatchObject({ deletedRegion: { startLine: 2, charOffset: fixable.start, charLength: fixable.end - fixable.start }, insertedContent: { text: 'something I will handle' } });
    expect(fix.description!.text).toBe(`Replace ${JSON.stringify(fixable.actual)} with "something I will handle"`);
    expect(run.results.filter((r) => r.fixes)).toHaveLength(1);
  });

  it('uses file: URLs outside the working directory and "stdin" for standard input', () => {
    expect(artifactUri('/tmp/x y/a.txt', '/work/project')).toBe('file:///tmp/x%20y/a.txt');
    expect(artifactUri('../a.txt', '/work/project')).toBe('file:///work/a.txt');
    expect(artifactUri(STDIN_LABEL, '/work/project')).toBe('stdin');
  });

  it('is valid with no findings at all', () => {
    const empty = SarifSchema.parse(sarifLog([clean], { cwd: '/' }));
    expect(empty.runs[0]!.results).toEqual([]);
  });
});

describe('JSON and JSON Lines', () => {
  it('prints one object for one input, in the shape --json always had plus file', () => {
    const one = JSON.parse(formatJson([a])) as Record<string, unknown>;
    expect(one.file).toBe('replies/a.txt');
    expect(LintResultSchema.parse(one)).toEqual({ verdict: 'block', findings: a.findings });
  });

  it('prints {verdict, files} for several inputs with the worst verdict', () => {
    const many = JSON.parse(formatJson(reports)) as { verdict: string; files: { file: string; verdict: string }[] };
    expect(many.verdict).toBe('block');
    expect(many.files.map((f) => [f.file, f.verdict])).toEqual([['replies/a.txt', 'block'], ['replies/中文 回复.md', 'warn'], ['replies/ok.txt', 'pass']]);
  });

  it('prints one parseable line per input, with output when fixing', () => {
    const lines = formatJsonLines([{ ...a, output: 'fixed' }, clean]).split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ file: 'replies/a.txt', verdict: 'block', output: 'fixed' });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty('output');
  });
});

describe('checkstyle', () => {
  const xml = formatCheckstyle(reports);

  it('is well-formed: one file element per input, escaped attributes', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">')).toBe(true);
    expect(xml.match(/<file name="[^"<&]*">/g)).toHaveLength(3);
    // Every attribute value is free of raw markup characters.
    for (const [, value] of xml.matchAll(/="([^"]*)"/g)) expect(value).not.toMatch(/[<&](?!amp;|lt;|gt;|quot;|apos;)/);
    const errors = [...xml.matchAll(/<error line="(\d+)" column="(\d+)" severity="(error|warning|info)" message="([^"]*)" source="([^"]*)" \/>/g)];
    expect(errors.map((m) => `${m[1]}:${m[2]} ${m[3]} ${m[5]}`)).toEqual([...a.findings, ...b.findings].map((f) => `${f.line}:${f.column} ${f.severity === 'suggestion' ? 'info' : f.severity} ${f.ruleId}`));
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a<b>&"c'\u0001\ud800`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;\ufffd');
  });
});

describe('stylish and compact', () => {
  it('stylish groups by file and sums up, colourless unless asked', () => {
    const text = formatStylish(reports, colours(false));
    expect(text).not.toMatch(/\x1b\[/);
    expect(text.startsWith([
      'replies/a.txt',
      `  2:${fixable.column}  ${'error'.padEnd(10)} ${JSON.stringify(fixable.actual)}  Do not deflect.  deflect.not-my-job`,
      "      try: I'll take care of it.",
      `      (${fixable.source})`,
    ].join('\n'))).toBe(true);
    expect(text).not.toContain('replies/ok.txt');
    expect(text).toMatch(/3 problems in 2 files \(1 error, 1 warning, 1 suggestion\) — verdict: block$/);
    expect(formatStylish([clean], colours(false))).toBe('replies/ok.txt: no problems — verdict: pass');
  });

  it('stylish colours severities and the verdict when colour is on', () => {
    const text = formatStylish(reports, colours(true));
    expect(text).toContain(`\x1b[31m${'error'.padEnd(10)}\x1b[39m`);
    expect(text).toContain(`\x1b[33m${'warning'.padEnd(10)}\x1b[39m`);
    expect(text).toContain('\x1b[31m\x1b[1mblock\x1b[22m\x1b[39m');
    expect(text).toContain('\x1b[4mreplies/a.txt\x1b[24m');
  });

  it('compact prints file:line:col: severity: message per finding', () => {
    const lines = formatCompact(reports, colours(false)).split('\n');
    expect(lines[0]).toBe(`replies/a.txt:2:${fixable.column}: error: Do not deflect. (${JSON.stringify(fixable.actual)}) [deflect.not-my-job]`);
    expect(lines.at(-1)).toBe('3 problems');
    expect(formatCompact([clean], colours(false))).toBe('');
  });
});
