// `hearken lexicon impact`: what an edit of the guard lexicons would change, shown on the drafts
// agents really wrote (the guard audit) and on the shipped polite corpus, before it goes live.
import { resolve } from 'node:path';
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, runCommand, UsageError, type CliContext } from '../command.js';
import { parseSince } from '../period.js';
import { progressBar } from '../progress.js';
import { STORE_HELP, STORE_OPTIONS, withStore } from '../store-options.js';
import type { ImpactChange, ImpactReport, LexiconUnderTest, PairJudgement, ReplayDraft } from '../../desk/lexicon-impact.js';
import type { LexiconFile } from '../../guard/compile.js';

export const HELP = `Usage: hearken lexicon impact [DIR] [--against DIR] [--since 30d] [--examples N] [--max-new-blocks N] [--full] [--json]

Replays the drafts of the guard audit (checked from Slack, or with \`hearken lint --audit\`)
in the period, and the shipped polite corpus, through the edited lexicons (DIR) and through
the live ones (--against), and reports the drafts each would newly block or newly pass, per
rule with examples, and the rules that never fired on the period's drafts.

  DIR                  the edited lexicons: a lexicon folder or its guard/ folder
                       (default $HEARKEN_LEXICONS, else ./lexicons)
  --against DIR        the live lexicons to compare with (default $HEARKEN_LEXICONS, the
                       folder the server runs; when DIR is that folder too, the
                       package's shipped lexicons)
  --since SPAN|DATE    the period: 30d (default), 12h, 2w, or a date such as 2026-03-01
  --examples N         examples per rule (default 3)
  --max-new-blocks N   exit 1 when more than N drafts would be newly blocked (a CI gate)
  --workers N          threads that judge drafts beside the main one (default: one
                       per idle core but one, from 5,000 drafts on, when three or
                       more cores are idle; 0: the main thread only)
  --full               judge every draft afresh with both lexicons: no recorded live
                       verdict, no shortcut for drafts no changed rule can touch
                       (slower; the counts are the same, this checks it)
  --json               print the whole report as JSON
${STORE_HELP}
  -h, --help

Exit codes: 0 done (and within --max-new-blocks); 1 more drafts newly blocked than
--max-new-blocks allows; 2 usage error, or lexicons or data that cannot be read.`;

/** Drafts from which worker threads judge (unless --workers says otherwise), and drafts per batch sent to one. */
const PARALLEL_FROM = 5000;
const BATCH = 500;

const isLocale = (lang: string): lang is 'en' | 'zh-Hans' | 'zh-Hant' => lang === 'en' || lang === 'zh-Hans' || lang === 'zh-Hant';

const OPTIONS = {
  ...STORE_OPTIONS,
  against: { type: 'string' },
  since: { type: 'string' },
  examples: { type: 'string' },
  'max-new-blocks': { type: 'string' },
  workers: { type: 'string' },
  full: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function count(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`hearken lexicon impact: ${flag} takes a whole number from 0, got "${value}"`);
  return n;
}

/** A side of the comparison, with its files (for the edit's scope) and whether its learned layer was left out. */
type LoadedSide = LexiconUnderTest & { files: LexiconFile[]; learnedOff: boolean };

async function loadLexicons(dir: string, context: CliContext): Promise<LoadedSide> {
  const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
  const { lexiconVersion, readLexiconDir } = await import('../../lexicon-files/index.js');
  const { guard, warnings } = await loadGuardCached(dir, { cacheDir: context.cacheDir });
  // A learned model that does not fit its lexicons is left out, as everywhere: say so once.
  for (const w of warnings) console.error(`hearken lexicon impact: warning: ${w.file}: ${w.message}`);
  const files = readLexiconDir(dir);
  // The compiler's only warnings today are a learned model it left out.
  return { guard, version: lexiconVersion(files), files, learnedOff: warnings.length > 0 };
}

export async function run(argv: string[], context: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('lexicon impact', argv, OPTIONS);
    if (values.help) { console.log(HELP); return EXIT.ok; }
    if (positionals.length > 1) throw new UsageError(`hearken lexicon impact: expected at most one DIR (the edited lexicons)\n\n${HELP}`);
    const now = new Date();
    const since = parseSince(values.since ?? '30d', now);
    const examples = count('--examples', values.examples, 3)!;
    const maxNewBlocks = count('--max-new-blocks', values['max-new-blocks'], undefined);
    const workers = count('--workers', values.workers, undefined);
    const { guardDirOf, layoutOfArgument, lexiconLayout, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
    const liveFolder = context.lexiconsDir ?? shippedLexiconsDir();
    let editedDir: string;
    let liveDir: string;
    let corpusDir: string;
    try {
      editedDir = positionals[0] !== undefined ? guardDirOf(positionals[0]) : lexiconLayout(liveFolder).guard;
      const defaultLive = resolve(editedDir) === resolve(lexiconLayout(liveFolder).guard) ? lexiconLayout(shippedLexiconsDir()).guard : lexiconLayout(liveFolder).guard;
      liveDir = values.against !== undefined ? guardDirOf(values.against) : defaultLive;
      corpusDir = (positionals[0] !== undefined ? layoutOfArgument(positionals[0]) : lexiconLayout(liveFolder)).politeCorpus;
    } catch (error) {
      console.error(`hearken lexicon impact: ${(error as Error).message}`);
      return EXIT.usage;
    }

    let live: LoadedSide;
    let edited: LoadedSide;
    try {
      edited = await loadLexicons(editedDir, context);
      live = await loadLexicons(liveDir, context);
    } catch (error) {
      console.error(`hearken lexicon impact: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const { readPoliteCorpus } = await import('../../lexicon-files/go-live-texts.js');
    let corpus: ReturnType<typeof readPoliteCorpus>;
    try { corpus = readPoliteCorpus(corpusDir); } catch (error) {
      console.error(`hearken lexicon impact: the polite corpus cannot be read:\n${(error as Error).message}`);
      return EXIT.usage;
    }

    const shortcuts = values.full !== true;
    const sameLexicons = shortcuts && live.version === edited.version;
    const { editScope } = await import('../../desk/lexicon-edit-scope.js');
    const scoped = shortcuts && !sameLexicons ? editScope(live.files, edited.files, { learnedAlike: live.learnedOff === edited.learnedOff }) : { scope: null };
    const { createImpactReplay } = await import('../../desk/lexicon-impact.js');
    const replay = createImpactReplay({ live, edited, examples, scope: scoped.scope, shortcuts });
    const report = await withStore(context, values, async (store) => {
      const period = { since, until: now };
      const total = (await store.insights.countAuditedDrafts(period)) + corpus.length;
      const bar = progressBar('replaying drafts', total);
      const drafts = async function* (): AsyncGenerator<ReplayDraft> {
        for (const reply of corpus) {
          yield { source: 'polite', ref: `${reply.file}:${reply.line}:${reply.column}`, text: reply.text, ...(isLocale(reply.lang) ? { locale: reply.lang } : {}) };
        }
        for await (const draft of store.insights.auditedDrafts(period)) {
          yield {
            source: 'audit', ref: String(draft.id), text: draft.draft,
            ...(draft.customerContext ? { context: draft.customerContext } : {}),
            ...(draft.locale ? { locale: draft.locale } : {}),
            ...(draft.lexiconVersion ? { recorded: { version: draft.lexiconVersion, blocked: draft.verdict === 'block', ruleIds: draft.ruleIds } } : {}),
          };
        }
      };
      const { poolSizeFor, startJudgePool } = await import('./impact-workers.js');
      // Threads pay off from a few thousand drafts; below that starting them costs more than it saves.
      const size = poolSizeFor(workers ?? (total >= PARALLEL_FROM ? undefined : 0));
      const pool = size > 0 ? startJudgePool({ editedDir, liveDir, cacheDir: context.cacheDir, scope: scoped.scope, sameLexicons }, size) : undefined;
      let done = 0;
      try {
        if (!pool) {
          for await (const draft of drafts()) {
            replay.add(draft);
            if (++done % 256 === 0) bar.tick(done);
          }
        } else {
          // Batches go out in turn and are counted in the order read, so the examples are the same as in one thread.
          const pending: { batch: ReplayDraft[]; results: Promise<PairJudgement[]> }[] = [];
          const countOldest = async () => {
            const { batch, results } = pending.shift()!;
            (await results).forEach((r, i) => replay.addJudged(batch[i]!, r));
            bar.tick(done += batch.length);
          };
          const send = async (batch: ReplayDraft[]) => {
            // Every worker has a batch waiting: this thread judges one itself rather than idle.
            const results = pool.inFlight() < 2 * pool.size
              ? pool.judge(batch.map((d) => ({ text: d.text, context: d.context, locale: d.locale, live: replay.liveNeeded(d) })))
              : Promise.resolve(batch.map((d) => replay.judge(d)));
            results.catch(() => {}); // awaited in countOldest; this only keeps an early failure from going unhandled
            pending.push({ batch, results });
            while (pending.length > 3 * pool.size + 1) await countOldest();
          };
          let batch: ReplayDraft[] = [];
          for await (const draft of drafts()) {
            batch.push(draft);
            if (batch.length === BATCH) { await send(batch); batch = []; }
          }
          if (batch.length > 0) await send(batch);
          while (pending.length > 0) await countOldest();
        }
      } finally {
        await pool?.close();
      }
      bar.finish();
      // Whether the server has put the live lexicons live (the lexicon version log), for the reader to trust the comparison.
      const wentLive = await store.lexiconVersions.latest(live.version);
      const counted = replay.report();
      const why = !shortcuts ? 'asked for with --full' : 'why' in scoped ? scoped.why : undefined;
      return { ...counted, scope: { ...counted.scope, ...(why !== undefined ? { why } : {}) }, liveWentLiveAt: wentLive?.at ?? null, workers: size };
    });

    const overGate = maxNewBlocks !== undefined && report.newlyBlocked.total > maxNewBlocks;
    if (values.json) {
      console.log(JSON.stringify({
        since: since.toISOString(), until: now.toISOString(),
        editedDir: resolve(editedDir), liveDir: resolve(liveDir), politeCorpusDir: corpusDir,
        ...report,
        ...(maxNewBlocks !== undefined ? { gate: { maxNewBlocks, passed: !overGate } } : {}),
      }, null, 2));
    } else {
      console.log(formatImpact(report, { since, editedDir, liveDir, corpusDir, maxNewBlocks }));
    }
    return overGate ? EXIT.failed : EXIT.ok;
  });
}

/** Comma-separated words in lines of at most `width` characters. */
function wrap(words: readonly string[], width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, word] of words.entries()) {
    const piece = i < words.length - 1 ? `${word},` : word;
    if (line && indent.length + line.length + 1 + piece.length > width) { lines.push(indent + line); line = piece; } else line = line ? `${line} ${piece}` : piece;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

function formatChange(title: string, change: ImpactChange): string[] {
  const lines = [`${title}: ${plural(change.total, 'draft')}${change.polite > 0 ? ` (${plural(change.polite, 'polite reply', 'polite replies')} of the corpus)` : ''}`];
  if (change.total === 0) return lines;
  const width = Math.max(...change.byRule.map((r) => r.ruleId.length));
  for (const rule of change.byRule) {
    lines.push(`  ${rule.ruleId.padEnd(width)}  ${String(rule.count).padStart(6)}${rule.polite > 0 ? `  (${rule.polite} polite)` : ''}`);
    for (const example of rule.examples) {
      const where = example.source === 'polite' ? `polite ${example.ref}` : `audit #${example.ref}`;
      lines.push(`      ${where}: ${JSON.stringify(example.text.replace(/\s+/g, ' '))}${example.actual ? `  ← "${example.actual}"` : ''}`);
    }
  }
  return lines;
}

type ShownReport = Omit<ImpactReport, 'scope'> & { scope: ImpactReport['scope'] & { why?: string }; liveWentLiveAt: string | null; workers: number };

export function formatImpact(report: ShownReport, where: { since: Date; editedDir: string; liveDir: string; corpusDir: string; maxNewBlocks?: number | undefined }): string {
  const lines = [
    `Edited lexicons ${where.editedDir} (version ${report.edited.version}, ${report.edited.rules} rules)`,
    `  against live ${where.liveDir} (version ${report.live.version}, ${report.live.rules} rules; ${report.liveWentLiveAt ? `live since ${report.liveWentLiveAt.slice(0, 16).replace('T', ' ')}Z` : 'never recorded as live by a server'})`,
    `Replayed ${plural(report.drafts.audited, 'audited draft')} since ${where.since.toISOString().slice(0, 10)} and ${plural(report.drafts.polite, 'polite reply', 'polite replies')} of ${where.corpusDir}.`,
  ];
  if (report.scope.changedRules === null) lines.push(`Every draft was judged by both lexicons${report.scope.why ? ` (${report.scope.why})` : ''}.`);
  else if (report.scope.changedRules.length > 0) {
    lines.push(`The edit changes ${plural(report.scope.changedRules.length, 'rule')}; ${plural(report.scope.untouched, 'draft')} that no changed rule can match kept one verdict for both sides (judged once, or as audited).`);
  }
  if (report.live.version === report.edited.version) lines.push('The edited and the live lexicons are the same files: nothing can change. Point DIR at your edited copy, or --against at the live one.');
  lines.push('', ...formatChange('Newly blocked', report.newlyBlocked), '', ...formatChange('Newly passed', report.newlyPassed), '');
  if (report.rulesAdded.length > 0) lines.push(`Rules added (${report.rulesAdded.length}): ${report.rulesAdded.join(', ')}`);
  if (report.rulesRemoved.length > 0) lines.push(`Rules removed (${report.rulesRemoved.length}): ${report.rulesRemoved.join(', ')}`);
  lines.push(report.drafts.audited === 0
    ? 'No audited drafts in the period, so no rule can be said to fire or not.'
    : `Rules that never fired on the period's drafts (${report.rulesNeverFired.length} of ${report.edited.rules}):${report.rulesNeverFired.length === 0 ? ' none' : `\n${wrap(report.rulesNeverFired, 96, '  ')}`}`);
  if (where.maxNewBlocks !== undefined) {
    lines.push(report.newlyBlocked.total > where.maxNewBlocks
      ? `✖ ${plural(report.newlyBlocked.total, 'draft')} newly blocked; --max-new-blocks allows ${where.maxNewBlocks}`
      : `✔ ${plural(report.newlyBlocked.total, 'draft')} newly blocked, within --max-new-blocks ${where.maxNewBlocks}`);
  }
  return lines.join('\n');
}
