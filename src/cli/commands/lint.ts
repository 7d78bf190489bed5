// `hearken lint`: checks draft replies and canned-reply files against the
// phrasing guard. The option names and output formats follow ESLint, Vale and
// textlint, so CI systems and agents can use it without an adapter.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, readInput, runCommand, storeOptionsOf, UsageError, type CliContext } from '../command.js';
import type { LintContext } from '../../guard/guard.js';
import type { FileReport } from '../lint/report.js';

const FORMATS = ['stylish', 'compact', 'json', 'jsonl', 'sarif', 'checkstyle'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: hearken lint [FILE|GLOB|DIR|-]... [options]
       hearken lint --jsonl [FILE|-]...

Checks draft replies against the phrasing guard's lexicons and prints every
forbidden phrase with file:line:col, rule id, message and approved alternatives.
Takes files, directories (their *.txt, *.md and *.yaml files), quoted globs
such as 'replies/**/*.md', and "-" for standard input (the default).

Options:
  -f, --format NAME   stylish (default), compact, json, jsonl, sarif (SARIF 2.1.0
                      for code review), checkstyle
  --json              same as --format json
  --jsonl             batch mode: read JSON Lines {"id","text","customer"?,
                      "customerEmotion"?} and write one {"id","verdict","findings"}
                      line per input line
  --fix               apply the findings' span fixes to the files
  --fix-dry-run       print the fixed text instead of writing it (in json and
                      jsonl as "output"; stylish and compact print the text to
                      stdout and the remaining problems to stderr)
  --customer TEXT     the customer's last message, for the acknowledge-feelings check
  --audit             check each FILE as one draft with the desk's draft check (the
                      one Slack uses) and write it to the guard audit of the store
                      (--data-dir DIR or --database-url URL; the defaults of
                      \`hearken complaints\`); only with --audit does lint write anything
  --by NAME           with --audit: who checked (default cli:<login name>)
  --complaint ID      with --audit: the complaint the draft answers
  --lexicons DIR      the lexicon folder to use (one holding guard/, or a guard
                      folder itself); default HEARKEN_LEXICONS, else ./lexicons
  --no-cache          compile the lexicons even when a cached compiled guard exists
  -h, --help          show this help

Inline control in reply files (Markdown <!-- … -->, YAML # …, text # … or // …):
  hearken-disable-next-line RULE[, RULE]    hearken-disable [RULE]    hearken-enable [RULE]
A directive that disables nothing is reported as a warning.

Lint compiles the lexicons without their self-tests and caches the result;
run \`hearken lexicon check\` after editing lexicons.

Colour: on a terminal; NO_COLOR turns it off, FORCE_COLOR on.
Exit codes: 0 pass or warn, 1 block, 2 usage, input or lexicon error.`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  customer: { type: 'string' },
  audit: { type: 'boolean' },
  by: { type: 'string' },
  complaint: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  lexicons: { type: 'string' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function chooseFormat(values: { format?: string; json?: boolean; jsonl?: boolean }): Format {
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) {
    throw new UsageError(`hearken lint: unknown --format "${values.format}"; use one of ${FORMATS.join(', ')}`);
  }
  const format = values.format as Format | undefined;
  if (values.json && values.jsonl) throw new UsageError('hearken lint: --json and --jsonl cannot be combined; --jsonl already writes JSON');
  if (values.json && format !== undefined && format !== 'json') throw new UsageError(`hearken lint: --json contradicts --format ${format}`);
  if (values.jsonl && format !== undefined && format !== 'jsonl') throw new UsageError(`hearken lint: --jsonl writes JSON Lines; drop --format ${format}`);
  return values.json ? 'json' : values.jsonl ? 'jsonl' : format ?? 'stylish';
}

const write = (text: string) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); };

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('lint', argv, OPTIONS);
    if (values.help) { write(HELP); return EXIT.ok; }
    const format = chooseFormat(values);
    const dryRun = values['fix-dry-run'] === true;
    if (values.fix && dryRun) throw new UsageError('hearken lint: choose --fix (write the files) or --fix-dry-run (print the result), not both');
    if (values.jsonl && values.fix) throw new UsageError('hearken lint: --jsonl drafts are not files to write; use --fix-dry-run to get each fixed draft as "output"');
    if (values.audit && (values.jsonl || values.fix || dryRun)) throw new UsageError('hearken lint: --audit checks each file as one draft; it cannot be combined with --jsonl, --fix or --fix-dry-run');
    if (!values.audit && (values.by !== undefined || values.complaint !== undefined || values['data-dir'] !== undefined || values['database-url'] !== undefined)) {
      throw new UsageError('hearken lint: --by, --complaint, --data-dir and --database-url only go with --audit');
    }
    if (dryRun && (format === 'sarif' || format === 'checkstyle')) {
      throw new UsageError(`hearken lint: --fix-dry-run prints the fixed text, which ${format} cannot carry; use --format json or jsonl (SARIF lists each finding's fix anyway)`);
    }

    const { expandInputs, InputError } = await import('../lint/inputs.js');
    let inputs;
    try { inputs = expandInputs(positionals, process.cwd()); } catch (error) {
      if (error instanceof InputError) throw new UsageError(`hearken lint: ${error.message}`);
      throw error;
    }
    if (values.fix && inputs.some((i) => i.kind === 'stdin')) throw new UsageError('hearken lint: --fix cannot write to standard input; use --fix-dry-run');

    const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
    const { guardDirOf, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
    let guard;
    let guardDir: string;
    let lintWarnings: { file: string; message: string }[];
    try {
      guardDir = guardDirOf(values.lexicons ?? cli.lexiconsDir ?? shippedLexiconsDir());
      const loaded = await loadGuardCached(guardDir, { cacheDir: values['no-cache'] ? null : cli.cacheDir });
      guard = loaded.guard;
      lintWarnings = loaded.warnings;
      // A learned model that does not fit the lexicons (a renamed rule) is skipped, never fatal: say so once.
      for (const w of loaded.warnings) console.error(`hearken lint: warning: ${w.file}: ${w.message}`);
    } catch (error) {
      console.error(`hearken lint: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const context: LintContext | undefined = values.customer !== undefined ? { customerText: values.customer } : undefined;
    const { STDIN_LABEL } = await import('../lint/report.js');
    const { progressBar } = await import('../progress.js');

    if (values.jsonl) {
      const { lintBatch } = await import('../lint/batch.js');
      const { createReadStream, fstatSync, statSync } = await import('node:fs');
      let blocked = 0;
      let bad = 0;
      for (const input of inputs) {
        const label = input.kind === 'stdin' ? STDIN_LABEL : input.path;
        let stream: NodeJS.ReadableStream;
        let size = 0;
        try {
          if (input.kind === 'stdin') {
            process.stdin.setEncoding('utf8');
            stream = process.stdin;
            // Redirected from a file (< drafts.jsonl), the size is known: show progress.
            size = fstatSync(0).isFile() ? fstatSync(0).size : 0;
          } else {
            size = statSync(input.path).size;
            stream = createReadStream(input.path, { encoding: 'utf8' });
          }
        } catch (error) {
          console.error(`hearken lint: cannot read ${label}: ${(error as Error).message}`);
          bad++;
          continue;
        }
        // A bar only for long work (about 1,000 drafts and more).
        const progress = progressBar(`linting ${label}`, size >= 1 << 20 ? size : 0);
        try {
          const summary = await lintBatch(guard, stream as AsyncIterable<string>, { label, fixDryRun: dryRun, ...(context ? { context } : {}) }, {
            out: (chunk) => { process.stdout.write(chunk); },
            error: (message) => { console.error(`hearken lint: ${message}`); },
            // Characters, not bytes: close enough for a bar, exact for ASCII.
            progress: (consumed) => progress.tick(Math.min(consumed, size)),
          });
          blocked += summary.blocked;
          bad += summary.bad;
        } catch (error) {
          console.error(`hearken lint: cannot read ${label}: ${(error as Error).message}`);
          bad++;
        }
        progress.finish();
      }
      if (bad > 0) return EXIT.usage;
      return blocked > 0 ? EXIT.failed : EXIT.ok;
    }

    if (values.audit) {
      const { lexiconContentHash } = await import('../../lexicon-files/index.js');
      const { DataFileError } = await import('../../contracts/data-file.js');
      const { readLexiconDir } = await import('../../lexicon-files/read-dir.js');
      const { openStore } = await import('../../store/open.js');
      const { userInfo } = await import('node:os');
      let contentHash: string;
      try { contentHash = lexiconContentHash(readLexiconDir(guardDir)); } catch (error) {
        if (!(error instanceof DataFileError) && !(error as NodeJS.ErrnoException).code) throw error;
        console.error(`hearken lint: ${(error as Error).message}`);
        return EXIT.usage;
      }
      let login = 'unknown';
      try { login = userInfo().username; } catch { /* no passwd entry in some containers */ }
      const store = await openStore(storeOptionsOf(cli, values));
      const version = contentHash.slice(0, 12);
      try {
        // The audit rows name this version; the version log must know it (the server records its own).
        if (!(await store.lexiconVersions.latest(version))) {
          await store.lexiconVersions.record({
            version, contentHash, ruleCount: guard.ruleCount, folder: guardDir, by: 'cli lint --audit',
            learnedLayer: !lintWarnings.some((w) => w.file.endsWith('learned-model.json')),
          });
        }
        const { auditDrafts } = await import('../lint/audit.js');
        const { reports, problems } = await auditDrafts(store, { guard, version }, inputs, {
          by: values.by ?? `cli:${login}`,
          ...(values.complaint !== undefined ? { complaintId: values.complaint } : {}),
          ...(values.customer !== undefined ? { customerMessage: values.customer } : {}),
          readStdin: () => readInput('-'),
          problem: (message) => console.error(`hearken lint: ${message}`),
        });
        await printReports(reports, format, false, cli);
        if (problems > 0) return EXIT.usage;
        return reports.some((r) => r.verdict === 'block') ? EXIT.failed : EXIT.ok;
      } finally {
        await store.close();
      }
    }

    const { lintFiles } = await import('../lint/lint-files.js');
    const progress = progressBar('linting', inputs.length > 20 ? inputs.length : 0);
    const { reports, problems } = await lintFiles(guard, inputs, {
      fix: values.fix ? 'write' : dryRun ? 'dry-run' : 'off',
      ...(context ? { context } : {}),
      readStdin: () => readInput('-'),
      problem: (message) => console.error(`hearken lint: ${message}`),
      progress: (done) => progress.tick(done),
    });
    progress.finish();
    await printReports(reports, format, dryRun, cli);
    if (problems > 0) return EXIT.usage;
    return reports.some((r) => r.verdict === 'block') ? EXIT.failed : EXIT.ok;
  });
}

async function printReports(reports: FileReport[], format: Format, dryRun: boolean, cli: CliContext): Promise<void> {
  if (reports.length === 0) return;
  switch (format) {
    case 'json': case 'jsonl': {
      const { formatJson, formatJsonLines } = await import('../lint/format-json.js');
      // `output`: with --fix-dry-run always (the text after fixes); with --fix where a file was written.
      write(format === 'json' ? formatJson(reports) : formatJsonLines(reports));
      return;
    }
    case 'sarif': {
      const { formatSarif } = await import('../lint/format-sarif.js');
      const { readFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { packageRoot } = await import('../../lexicon-files/read-dir.js');
      let version: string | undefined;
      try { version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version; } catch { /* left out */ }
      write(formatSarif(reports, { cwd: process.cwd(), ...(version ? { version } : {}) }));
      return;
    }
    case 'checkstyle': {
      const { formatCheckstyle } = await import('../lint/format-checkstyle.js');
      write(formatCheckstyle(reports));
      return;
    }
    case 'stylish': case 'compact': {
      const { colours } = await import('../colour.js');
      const { formatStylish } = await import('../lint/format-stylish.js');
      const { formatCompact } = await import('../lint/format-compact.js');
      if (dryRun) {
        // The fixed text goes to stdout (pipe it into a file); what is left to do goes to stderr.
        reports.forEach((r) => {
          const text = r.output ?? r.text;
          if (reports.length > 1) process.stdout.write(`==> ${r.file} <==\n${text.endsWith('\n') || text === '' ? text : `${text}\n`}`);
          else process.stdout.write(text);
        });
        const report = format === 'stylish' ? formatStylish(reports, colours(false)) : formatCompact(reports, colours(false));
        if (report !== '') console.error(report);
        return;
      }
      const c = colours(cli.color);
      const report = format === 'stylish' ? formatStylish(reports, c) : formatCompact(reports, c);
      if (report !== '') write(report);
      return;
    }
  }
}
