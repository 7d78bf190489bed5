// `hearken lint`: checks draft replies against the phrasing guard.
import { EXIT, parseCommandArgs, readInput, runCommand, UsageError } from '../command.js';
import type { Finding, LintResult } from '../../contracts/finding.js';

const HELP = `Usage: hearken lint [FILE|-] [options]

Checks a draft reply against the phrasing guard's lexicons and prints every
forbidden phrase with file:line:col, rule id, message and approved alternatives.
Reads standard input when FILE is "-" or omitted.

Options:
  --json              print one JSON result object {verdict, findings}
  --jsonl             batch mode: read JSON Lines {"id","text","lang"?} and write
                      one {"id","verdict","findings"} line per input line
  --customer TEXT     the customer's last message, for the acknowledge-feelings check
  --lexicons DIR      use the lexicon files in DIR instead of the shipped ones
  -h, --help          show this help

Exit codes: 0 pass or warn, 1 block, 2 usage, input or lexicon error.`;

const OPTIONS = {
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  customer: { type: 'string' },
  lexicons: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function formatText(label: string, result: LintResult): string {
  const lines: string[] = [];
  if (result.findings.length > 0) lines.push(label);
  for (const f of result.findings) {
    lines.push(`  ${f.line}:${f.column}  ${f.severity.padEnd(10)} ${JSON.stringify(f.actual)}  ${f.message}  ${f.ruleId}`);
    if (f.suggestions.length > 0) lines.push(`      try: ${f.suggestions.join(' | ')}`);
    lines.push(`      (${f.source})`);
  }
  const count = (s: Finding['severity']) => result.findings.filter((f) => f.severity === s).length;
  const total = result.findings.length;
  lines.push(total === 0
    ? `${label}: no problems — verdict: ${result.verdict}`
    : `\n${total} problem${total === 1 ? '' : 's'} (${count('error')} error, ${count('warning')} warning, ${count('suggestion')} suggestion) — verdict: ${result.verdict}`);
  return lines.join('\n');
}

interface BatchLine { id: unknown; text: string; lang?: string }

function parseBatchLine(raw: string, lineNo: number): BatchLine {
  let value: unknown;
  try { value = JSON.parse(raw); } catch (error) {
    throw new Error(`stdin:${lineNo}: not valid JSON (${(error as Error).message}); expected {"id": ..., "text": "..."}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`stdin:${lineNo}: expected a JSON object {"id": ..., "text": "..."}`);
  const { id, text, lang } = value as Record<string, unknown>;
  if (typeof text !== 'string') throw new Error(`stdin:${lineNo}: "text" must be a string`);
  if (lang !== undefined && typeof lang !== 'string') throw new Error(`stdin:${lineNo}: "lang" must be a string when given`);
  return { id: id ?? null, text, ...(typeof lang === 'string' ? { lang } : {}) };
}

export async function run(argv: string[]): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('lint', argv, OPTIONS);
    if (values.help) { console.log(HELP); return EXIT.ok; }
    if (positionals.length > 1) throw new UsageError(`hearken lint: expected at most one FILE, got ${positionals.length}\n\n${HELP}`);
    if (values.json && values.jsonl) throw new UsageError('hearken lint: --json and --jsonl cannot be combined; --jsonl already writes JSON');
    const file = positionals[0];

    const { loadGuardFromDir, defaultGuardLexiconDir } = await import('../../lexicon-files/index.js');
    let guard;
    try {
      guard = loadGuardFromDir(values.lexicons ?? defaultGuardLexiconDir());
    } catch (error) {
      console.error(`hearken lint: ${(error as Error).message}`);
      return EXIT.usage;
    }

    let input: string;
    try {
      input = await readInput(file);
    } catch (error) {
      console.error(`hearken lint: cannot read ${file}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const context = values.customer !== undefined ? { customerText: values.customer } : undefined;

    if (values.jsonl) {
      const { progressBar } = await import('../progress.js');
      const lines = input.split(/\r?\n/);
      const total = lines.filter((l) => l.trim() !== '').length;
      const progress = progressBar('linting', total);
      let blocked = false;
      let bad = 0;
      let done = 0;
      lines.forEach((raw, index) => {
        if (raw.trim() === '') return;
        try {
          const item = parseBatchLine(raw, index + 1);
          const result = guard.lint(item.text, context);
          if (result.verdict === 'block') blocked = true;
          process.stdout.write(`${JSON.stringify({ id: item.id, verdict: result.verdict, findings: result.findings })}\n`);
        } catch (error) {
          bad++;
          console.error(`hearken lint: ${(error as Error).message}`);
          process.stdout.write(`${JSON.stringify({ id: null, line: index + 1, error: (error as Error).message })}\n`);
        }
        progress.tick(++done);
      });
      progress.finish();
      if (bad > 0) return EXIT.usage;
      return blocked ? EXIT.failed : EXIT.ok;
    }

    const result = guard.lint(input, context);
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(formatText(file === undefined || file === '-' ? '<stdin>' : file, result));
    return result.verdict === 'block' ? EXIT.failed : EXIT.ok;
  });
}
