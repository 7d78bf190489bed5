// `hearken lexicon check`: validates lexicon files, runs their self-tests and
// conflict checks, and prints a summary per file.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, runCommand, UsageError, type CliContext } from '../command.js';

/** Subcommands with their own options and module (src/cli/lexicon/<name>.ts), loaded only when used. */
const SUBCOMMAND_MODULES: Record<string, () => Promise<{ run(argv: string[], context: CliContext): Promise<number> }>> = {
  impact: () => import('../lexicon/impact.js'),
  stats: () => import('../lexicon/stats.js'),
};

const HELP = `Usage: hearken lexicon check [DIR] [--json]
       hearken lexicon impact [DIR] [--against DIR] [--since 30d] [--max-new-blocks N] [--json]
       hearken lexicon stats [--since 7d] [--json]

  check    validate lexicons and run their self-tests (below)
  impact   what an edit would newly block or pass on past drafts (see lexicon impact --help)
  stats    top rules, blocks per day, suggestions taken and disputes per rule (see lexicon stats --help)

Validates the guard lexicon files in DIR (default: the shipped lexicons/guard),
runs every rule's flag/pass self-tests and the conflict checks (a phrase in two
rules, an invalid regex, a suggestion or approved phrase the guard would flag),
and prints a summary per file, or every error as file:line:col.

Options:
  --json       print {ok, summary} or {ok, errors} as JSON
  -h, --help   show this help

Exit codes: 0 lexicons valid, 1 lexicon errors found, 2 usage error or missing directory.`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[], context: CliContext = PLAIN_CONTEXT): Promise<number> {
  const subcommand = argv[0] !== undefined && Object.hasOwn(SUBCOMMAND_MODULES, argv[0]) ? SUBCOMMAND_MODULES[argv[0]] : undefined;
  if (subcommand) return (await subcommand()).run(argv.slice(1), context);
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('lexicon', argv, OPTIONS);
    if (values.help) { console.log(HELP); return EXIT.ok; }
    const [sub, dirArg, ...extra] = positionals;
    if (sub !== 'check') throw new UsageError(`hearken lexicon: unknown or missing subcommand${sub ? ` "${sub}"` : ''}; expected check, impact or stats\n\n${HELP}`);
    if (extra.length > 0) throw new UsageError(`hearken lexicon check: expected at most one DIR\n\n${HELP}`);

    const { readLexiconDir, defaultGuardLexiconDir } = await import('../../lexicon-files/index.js');
    const { compileGuard, formatLexiconError } = await import('../../guard/index.js');
    const dir = dirArg ?? defaultGuardLexiconDir();
    let files;
    try { files = readLexiconDir(dir); } catch (error) {
      console.error(`hearken lexicon check: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const started = performance.now();
    const result = compileGuard(files);
    const ms = performance.now() - started;
    if (!result.ok) {
      if (values.json) console.log(JSON.stringify({ ok: false, errors: result.errors }, null, 2));
      else {
        for (const e of result.errors) console.error(formatLexiconError(e));
        console.error(`\n✖ ${result.errors.length} lexicon error${result.errors.length === 1 ? '' : 's'} in ${dir}`);
      }
      return EXIT.failed;
    }
    const { summary } = result;
    if (values.json) { console.log(JSON.stringify({ ok: true, summary }, null, 2)); return EXIT.ok; }
    const width = Math.max(...summary.files.map((f) => f.path.length));
    for (const f of summary.files) {
      const detail = f.kind === 'rules'
        ? `${String(f.rules).padStart(3)} rules  ${String(f.phrases).padStart(4)} phrases  ${String(f.variants).padStart(5)} surface forms  ${String(f.selfTests).padStart(4)} self-tests`
        : f.kind;
      console.log(`${f.path.padEnd(width)}  ok  ${detail}`);
    }
    console.log(`\n✔ ${summary.ruleCount} rules, ${summary.patternCount} surface forms, ${summary.regexCount} regexes, ${summary.selfTestCount} self-tests passed, conflict checks clean (${ms.toFixed(0)} ms)`);
    return EXIT.ok;
  });
}
