// `hearken lexicon check [DIR]`: everything a lexicon edit must pass before it may go live, in the
// order a supervisor fixes things: the files load (schema, self-tests, conflicts), then the go-live
// gate (no bot message, no polite reply blocked), then how the learned layer stands.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, UsageError, type CliContext } from '../command.js';

const HELP = `Usage: hearken lexicon check [DIR] [--json]

Checks a lexicon folder the way the server checks it before an edit goes live:
  1. every guard file loads: schema, every rule's flag/pass self-tests, conflict
     checks (a phrase in two rules, an unsafe regex, a suggestion the guard flags);
  2. the go-live gate: the edited guard blocks none of the bot's own messages
     (dialogs/wording/*.yaml, named by wording key) and none of the polite,
     approved replies of the breadth corpus (DIR/polite-corpus/*.yaml);
  3. the learned layer: a model that no longer fits (it is skipped, never fatal)
     or was trained on other lexicons is reported; \`hearken lexicon train\`
     retrains it.
Errors are file:line:col at the offending entry.

DIR: the lexicon folder (holding guard/) or its guard/ folder; default
HEARKEN_LEXICONS, else ./lexicons.

Options:
  --json       print {ok, version, summary, warnings, learned, goLive} or
               {ok, stage, errors} as JSON
  -h, --help   show this help

Exit codes: 0 ready to go live (warnings allowed), 1 lexicon errors or blocked texts,
2 usage error or missing folder.`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  const { values, positionals } = parseCommandArgs('lexicon check', argv, OPTIONS);
  if (values.help) { console.log(HELP); return EXIT.ok; }
  if (positionals.length > 1) throw new UsageError(`hearken lexicon check: expected at most one DIR\n\n${HELP}`);
  const { layoutOfArgument, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
  const { GO_LIVE_GATE, loadGuardWithSummary, readGoLiveTexts } = await import('../../lexicon-files/index.js');
  const { DataFileError, formatDataProblem } = await import('../../contracts/data-file.js');
  const dirArg = positionals[0] ?? cli.lexiconsDir ?? shippedLexiconsDir();
  let layout;
  try {
    layout = layoutOfArgument(dirArg);
    const { readLexiconDir } = await import('../../lexicon-files/read-dir.js');
    readLexiconDir(layout.guard);
  } catch (error) {
    console.error(`hearken lexicon check: ${(error as Error).message}`);
    return EXIT.usage;
  }

  const started = performance.now();
  let loaded;
  try {
    loaded = loadGuardWithSummary(layout.guard, { goLive: () => readGoLiveTexts(layout.politeCorpus) });
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    const tooBroad = error.gate === GO_LIVE_GATE;
    const stage = tooBroad ? 'go-live' : 'lexicon';
    if (values.json) { console.log(JSON.stringify({ ok: false, stage, errors: error.problems }, null, 2)); return EXIT.failed; }
    for (const e of error.problems) console.error(formatDataProblem(e));
    if (tooBroad) {
      const bot = error.problems.filter((e) => e.message.includes("the bot's own message")).length;
      console.error(`\n✖ the lexicons in ${dirArg} would block ${plural(bot, 'bot message')} and ${plural(error.problems.length - bot, 'polite reply', 'polite replies')}`
        + '; they must not go live (the server refuses them too). Narrow the phrase named above, or add an `unless`.');
    } else console.error(`\n✖ ${plural(error.problems.length, 'lexicon error')} in ${dirArg}`);
    return EXIT.failed;
  }
  const { summary, warnings, goLive } = loaded;
  // How the learned layer stands: off (its model does not fit, a warning above), stale (fits, trained on other sources), current.
  const { LEARNED_MODEL_FILE } = await import('../../guard/index.js');
  const { learnedModelStatus } = await import('../../lexicon-files/train-learned.js');
  const learned = warnings.some((w) => w.file.endsWith(LEARNED_MODEL_FILE)) ? 'off' : learnedModelStatus(layout.guard).state;
  const ms = performance.now() - started;
  if (values.json) {
    console.log(JSON.stringify({ ok: true, version: loaded.version, summary, warnings, learned, goLive: { botMessages: goLive?.botMessages ?? 0, politeReplies: goLive?.politeReplies ?? 0 } }, null, 2));
    return EXIT.ok;
  }
  const width = Math.max(...summary.files.map((f) => f.path.length));
  for (const f of summary.files) {
    const detail = f.kind === 'rules'
      ? `${String(f.rules).padStart(3)} rules  ${String(f.phrases).padStart(4)} phrases  ${String(f.variants).padStart(5)} surface forms  ${String(f.selfTests).padStart(4)} self-tests`
      : f.kind;
    console.log(`${f.path.padEnd(width)}  ok  ${detail}`);
  }
  console.log(`\n✔ ${summary.ruleCount} rules, ${summary.patternCount} surface forms, ${summary.regexCount} regexes, ${summary.selfTestCount} self-tests passed, conflict checks clean`);
  console.log(`✔ go-live gate: none of ${goLive?.botMessages ?? 0} bot messages (dialogs/wording) and ${goLive?.politeReplies ?? 0} polite replies (${layout.politeCorpus}) blocked`);
  for (const w of warnings) console.log(`⚠ ${formatDataProblem(w)}`);
  if (learned === 'stale') console.log('⚠ learned layer: trained on other lexicons or drafts than these (still used: every rule it knows is here); `hearken lexicon train` refreshes it');
  if (learned === 'current') console.log('✔ learned layer: trained on these lexicons');
  console.log(`version ${loaded.version}, checked in ${ms.toFixed(0)} ms`);
  return EXIT.ok;
}
