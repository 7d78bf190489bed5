// `hearken lexicon stats`: how the guard's rules did over a period, from the guard audit.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, runCommand, UsageError, type CliContext } from '../command.js';
import { daysBetween, parseSince } from '../period.js';
import { progressBar } from '../progress.js';
import { sparkline } from '../sparkline.js';
import { STORE_HELP, STORE_OPTIONS, withStore } from '../store-options.js';
import type { LexiconStats } from '../../desk/lexicon-stats.js';

export const HELP = `Usage: hearken lexicon stats [--since 7d] [--top N] [--anonymous] [--json]

How the guard's rules did in the period, from the guard audit: checks and blocks, blocks
per day as a sparkline, the rules that fire most with their blocks, how often agents took
their suggestions (in Slack) and how often they said "this block is wrong", and the
block rate per agent. Severities and categories come from the lexicons in use
($HEARKEN_LEXICONS, else the package's); days are the business calendar's.

  --since SPAN|DATE    the period: 7d (default), 12h, 2w, or a date such as 2026-03-01
  --top N              rules and agents listed (default 15); --json lists all
  --anonymous          agents as Agent 1, Agent 2, … (most checks first)
  --json               print the statistics as JSON
${STORE_HELP}
  -h, --help

Exit codes: 0 done; 2 usage error, or lexicons or data that cannot be read.`;

const OPTIONS = {
  ...STORE_OPTIONS,
  since: { type: 'string' },
  top: { type: 'string' },
  anonymous: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[], context: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const { values, positionals } = parseCommandArgs('lexicon stats', argv, OPTIONS, false);
    if (values.help || positionals.length > 0) { console.log(HELP); return EXIT.ok; }
    const now = new Date();
    const since = parseSince(values.since ?? '7d', now);
    const top = values.top === undefined ? 15 : Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`hearken lexicon stats: --top takes a whole number from 1, got "${values.top}"`);

    const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
    const { guardDirOf, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
    const { loadComplaintConfig } = await import('../../lexicon-files/complaint-files.js');
    let rules;
    let timeZone: string;
    try {
      rules = (await loadGuardCached(guardDirOf(context.lexiconsDir ?? shippedLexiconsDir()), { cacheDir: context.cacheDir })).guard.rules;
      timeZone = (await loadComplaintConfig(context.store.complaintsConfig)).calendar.timeZone;
    } catch (error) {
      console.error(`hearken lexicon stats: ${(error as Error).message}`);
      return EXIT.usage;
    }
    const { createLexiconStats, anonymiseAgents } = await import('../../desk/lexicon-stats.js');
    const stats = await withStore(context, values, async (store) => {
      const period = { since, until: now };
      const accumulator = createLexiconStats({ rules, timeZone, since, until: now });
      const bar = progressBar('reading checks', await store.insights.countAuditedDrafts(period));
      let done = 0;
      for await (const check of store.insights.checkOutcomes(period)) {
        accumulator.add(check);
        if (++done % 256 === 0) bar.tick(done);
      }
      bar.finish();
      return accumulator.result();
    });
    if (values.anonymous) stats.agents = anonymiseAgents(stats.agents);
    if (values.json) {
      console.log(JSON.stringify({ since: since.toISOString(), until: now.toISOString(), timeZone, ...stats }, null, 2));
      return EXIT.ok;
    }
    console.log(formatStats(stats, { since, until: now, timeZone, top }));
    return EXIT.ok;
  });
}

const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%`);

function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}`;
  return [line(header), ...rows.map(line)];
}

export function formatStats(stats: LexiconStats, where: { since: Date; until: Date; timeZone: string; top: number }): string {
  const days = daysBetween(where.since, where.until);
  const lines = [`Guard checks since ${where.since.toISOString().slice(0, 10)} (${days} day${days === 1 ? '' : 's'}, days in ${where.timeZone}): ${stats.checks.toLocaleString('en')} checks, ${stats.blocked.toLocaleString('en')} blocked (${percent(stats.blocked, stats.checks)})`];
  if (stats.checks === 0) {
    lines.push('No checks were audited in this period: drafts checked in Slack, or with `hearken lint --audit`, show here.');
    return lines.join('\n');
  }
  const busiest = stats.perDay.reduce((a, b) => (b.blocked > a.blocked ? b : a), stats.perDay[0]!);
  lines.push(`Blocks per day  ${sparkline(stats.perDay.map((d) => d.blocked))}  ${stats.perDay[0]!.day} … ${stats.perDay.at(-1)!.day}; most ${busiest.blocked} on ${busiest.day}`, '');
  lines.push('Top rules', ...table(
    ['RULE', 'CATEGORY', 'FIRED', 'BLOCKED', 'SUGGESTION TAKEN', 'BLOCK IS WRONG'],
    stats.rules.slice(0, where.top).map((r) => [r.ruleId, r.category, String(r.fired), String(r.blocked), r.offered === 0 ? '-' : `${r.accepted}/${r.offered} (${percent(r.accepted, r.offered)})`, String(r.disputed)]),
    new Set([2, 3, 4, 5]),
  ));
  if (stats.rules.length > where.top) lines.push(`  … ${stats.rules.length - where.top} more (--top, or --json for all)`);
  lines.push('', 'Block rate per agent', ...table(
    ['AGENT', 'CHECKS', 'BLOCKED', 'RATE'],
    stats.agents.slice(0, where.top).map((a) => [a.agent, String(a.checks), String(a.blocked), percent(a.blocked, a.checks)]),
    new Set([1, 2, 3]),
  ));
  return lines.join('\n');
}
