// `hearken lexicon impact`: what an edit of the guard lexicons would change, shown on the drafts
// agents really wrote (the guard audit) and on the shipped polite corpus, before it goes live.
import { resolve } from 'node:path';
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, runCommand, UsageError, type CliContext } from '../command.js';
import { parseSince } from '../period.js';
import { progressBar } from '../progress.js';
import { STORE_HELP, STORE_OPTIONS, withStore } from '../store-options.js';
import { guardDirOf, liveGuardDir, politeCorpusDirFor } from './dirs.js';
import type { ImpactChange, ImpactReport, LexiconUnderTest } from '../../desk/lexicon-impact.js';

export const HELP = `Usage: hearken lexicon impact [DIR] [--against DIR] [--since 30d] [--examples N] [--max-new-blocks N] [--json]

Replays the drafts of the guard audit (checked from Slack, or with \`hearken lint --audit\`)
in the period, and the shipped polite corpus, through the edited lexicons (DIR) and through
the live ones (--against), and reports the drafts each would newly block or newly pass, per
rule with examples, and the rules that never fired on the period's drafts.

  DIR                  the edited lexicons: a lexicons folder or its guard/ folder
                       (default $HEARKEN_LEXICONS, else the package's lexicons)
  --against DIR        the live lexicons to compare with (default: the package's
                       shipped lexicons/guard)
  --since SPAN|DATE    the period: 30d (default), 12h, 2w, or a date such as 2026-03-01
  --examples N         examples per rule (default 3)
  --max-new-blocks N   exit 1 when more than N drafts would be newly blocked (a CI gate)
  --json               print the whole report as JSON
${STORE_HELP}
  -h, --help

Exit codes: 0 done (and within --max-new-blocks); 1 more drafts newly blocked than
--max-new-blocks allows; 2 usage error, or lexicons or data that cannot be read.`;

const OPTIONS = {
  ...STORE_OPTIONS,
  against: { type: 'string' },
  since: { type: 'string' },
  examples: { type: 'string' },
  'max-new-blocks': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function count(flag: string, value: string | undefined, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`hearken lexicon impact: ${flag} takes a whole number from 0, got "${value}"`);
  return n;
}

async function loadLexicons(dir: string, context: CliContext): Promise<LexiconUnderTest> {
  const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
  const { lexiconVersion, readLexiconDir } = await import('../../lexicon-files/index.js');
  const { guard } = await loadGuardCached(dir, { cacheDir: context.cacheDir });
  return { guard, version: lexiconVersion(readLexiconDir(dir)) };
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
    const editedDir = positionals[0] !== undefined ? guardDirOf(positionals[0]) : liveGuardDir(context);
    const { defaultGuardLexiconDir } = await import('../../lexicon-files/read-dir.js');
    const liveDir = values.against !== undefined ? guardDirOf(values.against) : defaultGuardLexiconDir();

    let live: LexiconUnderTest;
    let edited: LexiconUnderTest;
    try {
      edited = await loadLexicons(editedDir, context);
      live = await loadLexicons(liveDir, context);
    } catch (error) {
      console.error(`hearken lexicon impact: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const corpusDir = politeCorpusDirFor(editedDir);
    const { readPoliteCorpus } = await import('./polite-corpus-source.js');
    let corpus: Awaited<ReturnType<typeof readPoliteCorpus>> = [];
    if (corpusDir) {
      try { corpus = await readPoliteCorpus(corpusDir); } catch (error) {
        console.error(`hearken lexicon impact: cannot read the polite corpus in ${corpusDir}: ${(error as Error).message}`);
        return EXIT.usage;
      }
    }

    const { createImpactReplay } = await import('../../desk/lexicon-impact.js');
    const replay = createImpactReplay({ live, edited, examples });
    const report = await withStore(context, values, async (store) => {
      const period = { since, until: now };
      const total = (await store.insights.countAuditedDrafts(period)) + corpus.length;
      const bar = progressBar('replaying drafts', total);
      let done = 0;
      for (const reply of corpus) {
        replay.add({ source: 'polite', ref: reply.ref, text: reply.text });
        bar.tick(++done);
      }
      for await (const draft of store.insights.auditedDrafts(period)) {
        replay.add({
          source: 'audit', ref: String(draft.id), text: draft.draft,
          ...(draft.customerContext ? { context: draft.customerContext } : {}),
          ...(draft.locale ? { locale: draft.locale } : {}),
          ...(draft.lexiconVersion ? { recorded: { version: draft.lexiconVersion, blocked: draft.verdict === 'block', ruleIds: draft.ruleIds } } : {}),
        });
        if (++done % 256 === 0) bar.tick(done);
      }
      bar.finish();
      return replay.report();
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

export function formatImpact(report: ImpactReport, where: { since: Date; editedDir: string; liveDir: string; corpusDir: string | null; maxNewBlocks?: number | undefined }): string {
  const lines = [
    `Edited lexicons ${where.editedDir} (version ${report.edited.version}, ${report.edited.rules} rules)`,
    `  against live ${where.liveDir} (version ${report.live.version}, ${report.live.rules} rules)`,
    `Replayed ${plural(report.drafts.audited, 'audited draft')} since ${where.since.toISOString().slice(0, 10)} and ${plural(report.drafts.polite, 'polite reply', 'polite replies')}${where.corpusDir ? '' : ' (no polite corpus found)'}.`,
  ];
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
