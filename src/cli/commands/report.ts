// `hearken report`: the supervisors' report over a period, as one self-contained HTML file with
// charts (or JSON): complaint volume, deadlines, outcomes, the reply guard and triage.
import { writeFile } from 'node:fs/promises';
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, runCommand, UsageError, type CliContext } from '../command.js';
import { parseSince } from '../period.js';
import { progressBar } from '../progress.js';
import { STORE_HELP, STORE_OPTIONS, withStore } from '../store-options.js';
import type { SupervisorReport } from '../report/html.js';

const HELP = `Usage: hearken report [--since 30d] --html FILE [--anonymous] [--lang zh-Hans|zh-Hant] [--json]

Writes the supervisors' report for the period to FILE: one self-contained HTML page
(inline SVG charts, no network requests; English beside Chinese) with
  complaint volume by category and by channel over time;
  deadlines met on time (acknowledged, investigated, solved) and the overdue list;
  resolution types, satisfaction and appeals;
  reply-guard blocks per day, by rule and by category, suggestions taken, "this block
  is wrong" per rule, and the block rate per agent;
  triage: customer emotion and escalation reasons.
A period with nothing in it gives a page that says so.

  --since SPAN|DATE   the period: 30d (default), 12h, 2w, or a date such as 2026-03-01
  --html FILE         where to write the page
  --anonymous         agents as Agent 1, Agent 2, … and no staff names or subjects in
                      the overdue list (for coaching)
  --lang LOCALE       the Chinese beside the English: zh-Hans (default) or zh-Hant
  --json              print the report's figures as JSON (with or without --html)
${STORE_HELP}
  -h, --help

Exit codes: 0 written; 2 usage error, or data or a file that cannot be read or written.`;

const OPTIONS = {
  ...STORE_OPTIONS,
  since: { type: 'string' },
  html: { type: 'string' },
  anonymous: { type: 'boolean' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Overdue complaints read for the list (the count covers them all). */
const OVERDUE_LISTED = 50;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const { values } = parseCommandArgs('report', argv, OPTIONS, false);
    if (values.help) { console.log(HELP); return EXIT.ok; }
    if (values.html === undefined && !values.json) throw new UsageError(`hearken report: say where the report goes: --html FILE, or --json\n\n${HELP}`);
    const zhLocale = values.lang ?? 'zh-Hans';
    if (zhLocale !== 'zh-Hans' && zhLocale !== 'zh-Hant') throw new UsageError(`hearken report: --lang takes zh-Hans or zh-Hant, got "${zhLocale}"`);
    const until = new Date();
    const since = parseSince(values.since ?? '30d', until);

    const { loadReportWording } = await import('../report/wording.js');
    const { loadComplaintConfig } = await import('../../lexicon-files/complaint-files.js');
    let languages;
    let calendar;
    try {
      languages = { en: loadReportWording('en'), zh: loadReportWording(zhLocale), zhLocale } as const;
      calendar = (await loadComplaintConfig(cli.store.complaintsConfig)).calendar;
    } catch (error) {
      console.error(`hearken report: ${(error as Error).message}`);
      return EXIT.usage;
    }
    // The rules' categories and severities come from the lexicons in use; without them the report still comes out.
    let rules: import('../../guard/index.js').GuardRuleInfo[] = [];
    try {
      const { loadGuardCached } = await import('../../lexicon-files/compiled-cache.js');
      const { guardDirOf, shippedLexiconsDir } = await import('../../lexicon-files/layout.js');
      rules = [...(await loadGuardCached(guardDirOf(cli.lexiconsDir ?? shippedLexiconsDir()), { cacheDir: cli.cacheDir })).guard.rules];
    } catch (error) {
      console.error(`hearken report: the lexicons did not load, so rule categories show as "unknown": ${(error as Error).message}`);
    }

    const { createComplaintReport } = await import('../../desk/complaint-report.js');
    const { createLexiconStats, anonymiseAgents } = await import('../../desk/lexicon-stats.js');
    const report = await withStore(cli, values, async (store): Promise<SupervisorReport> => {
      const period = { since, until };
      const complaints = createComplaintReport({ calendar, since, until });
      const guard = createLexiconStats({ rules, timeZone: calendar.timeZone, since, until });
      const total = (await store.insights.countComplaints(period)) + (await store.insights.countAuditedDrafts(period));
      const bar = progressBar('reading', total);
      let done = 0;
      for await (const complaint of store.insights.complaintsForReport(period)) {
        complaints.add(complaint);
        if (++done % 256 === 0) bar.tick(done);
      }
      for await (const check of store.insights.checkOutcomes(period)) {
        guard.add(check);
        if (++done % 256 === 0) bar.tick(done);
      }
      const overdueFilter = { dueBefore: until };
      complaints.setOverdue(await store.complaints.list({ ...overdueFilter, sort: 'due', limit: OVERDUE_LISTED }), await store.complaints.count(overdueFilter));
      bar.finish();
      const guardStats = guard.result();
      return {
        since: since.toISOString(), until: until.toISOString(), generatedAt: until.toISOString(), timeZone: calendar.timeZone,
        anonymous: Boolean(values.anonymous), complaints: complaints.result(),
        guard: values.anonymous ? { ...guardStats, agents: anonymiseAgents(guardStats.agents) } : guardStats,
      };
    });
    if (values.anonymous) {
      report.complaints.overdue.complaints = report.complaints.overdue.complaints.map((o) => ({ ...o, subject: '', owner: o.owner.startsWith('queue:') ? o.owner : '' }));
    }

    if (values.html !== undefined) {
      const { renderReport } = await import('../report/html.js');
      try {
        await writeFile(values.html, renderReport(report, languages));
      } catch (error) {
        console.error(`hearken report: cannot write ${values.html}: ${(error as Error).message}`);
        return EXIT.usage;
      }
      const empty = report.complaints.total === 0 && report.guard.checks === 0 && report.complaints.overdue.total === 0;
      console.error(`hearken report: wrote ${values.html} (${report.complaints.total} complaints, ${report.guard.checks} checked drafts${empty ? ': no data in this period' : ''})`);
    }
    if (values.json) console.log(JSON.stringify(report, null, 2));
    return EXIT.ok;
  });
}
