// `hearken lexicon train [DIR]`: retrains the learned layer of a lexicon folder on its own lexicons,
// with a progress bar. Never required (a model that no longer fits is skipped with a warning), but it
// brings the layer back after a rule is renamed, and teaches it new phrases.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, UsageError, type CliContext } from '../command.js';

const HELP = `Usage: hearken lexicon train [DIR] [--json]

Retrains the learned layer (the guess for wording no rule lists: it warns, and
blocks only when very sure) on the guard lexicons of DIR, their self-tests,
suggestions and approved phrases, and the labelled drafts in DIR's
guard/training/*.txt (else the shipped ones), then writes
guard/learned-model.json. A server watching DIR picks the new model up. Takes a few
seconds to half a minute.

Not required after an edit: a model that no longer fits the lexicons is skipped
with a warning, and the rules still judge every draft.

DIR: the lexicon folder (holding guard/) or its guard/ folder; default
HEARKEN_LEXICONS, else ./lexicons.

Options:
  --json       print {ok, path, report} or {ok, errors} as JSON
  -h, --help   show this help

Exit codes: 0 trained and written, 1 the lexicons do not load (fix them first),
2 usage error or missing folder.`;

const OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  const { values, positionals } = parseCommandArgs('lexicon train', argv, OPTIONS);
  if (values.help) { console.log(HELP); return EXIT.ok; }
  if (positionals.length > 1) throw new UsageError(`hearken lexicon train: expected at most one DIR\n\n${HELP}`);
  const { guardDirOf, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
  let guardDir: string;
  try {
    guardDir = guardDirOf(positionals[0] ?? cli.lexiconsDir ?? shippedLexiconsDir());
  } catch (error) {
    console.error(`hearken lexicon train: ${(error as Error).message}`);
    return EXIT.usage;
  }
  const { trainLearnedLayer } = await import('../../lexicon-files/train-learned.js');
  const { formatDataProblem } = await import('../../contracts/data-file.js');
  const { progressBar } = await import('../progress.js');
  const started = performance.now();
  let bar: ReturnType<typeof progressBar> | undefined;
  let outcome;
  try {
    outcome = trainLearnedLayer(guardDir, {
      onProgress: (done, total) => { (bar ??= progressBar('training the learned layer', total)).tick(done); },
    });
  } catch (error) {
    bar?.finish();
    console.error(`hearken lexicon train: ${(error as Error).message}`);
    return EXIT.usage;
  }
  bar?.finish();
  if (!outcome.ok) {
    if (values.json) console.log(JSON.stringify({ ok: false, errors: outcome.errors }, null, 2));
    else {
      for (const e of outcome.errors) console.error(formatDataProblem(e));
      console.error(`\n✖ the lexicons in ${guardDir} do not load, so there is nothing to train on; fix them first (\`hearken lexicon check\`)`);
    }
    return EXIT.failed;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (values.json) { console.log(JSON.stringify({ ok: true, path: outcome.path, report: outcome.report }, null, 2)); return EXIT.ok; }
  const r = outcome.report;
  console.log(`✔ learned layer trained on ${r.drafts} drafts and ${r.trainingSentences} sentences in ${seconds} s: ${outcome.model.families.length} rule families, threshold ${r.threshold}`);
  console.log(`  cross-validated: ${((r.cvRecallLearnedAlone ?? 0) * 100).toFixed(1)}% of must-flag drafts warned, ${((r.cvFalsePositiveRate ?? 0) * 100).toFixed(1)}% of must-pass drafts`);
  console.log(`  learned blocks from ${r.blockThreshold} alone, ${r.corroboratedThreshold} beside a lexicon warning: ${((r.cvBlockRecallOfLexiconUnblocked ?? 0) * 100).toFixed(1)}% of the ${r.cvLexiconUnblocked} must-flag drafts the lexicon does not block, ${((r.cvFalseBlockRate ?? 0) * 100).toFixed(1)}% of must-pass drafts`);
  console.log(`  wrote ${outcome.path}`);
  return EXIT.ok;
}
