// The supervisors' report as one self-contained HTML file: inline CSS and SVG, no script, and a
// Content-Security-Policy that forbids every request, so it opens the same offline, in a mail
// attachment or on a shared drive. Text is English beside Chinese (Simplified or Traditional).
import type { ComplaintReport } from '../../desk/complaint-report.js';
import type { LexiconStats } from '../../desk/lexicon-stats.js';
import { barChart, columnChart, esc, legend, type BarItem } from './svg.js';
import { fill, type ReportWording } from './wording.js';

/** Everything the report shows; `hearken report --json` prints the same. */
export interface SupervisorReport {
  since: string;
  until: string;
  generatedAt: string;
  timeZone: string;
  anonymous: boolean;
  complaints: ComplaintReport;
  guard: LexiconStats;
}

export interface ReportLanguages {
  en: ReportWording;
  zh: ReportWording;
  /** The Chinese script shown: zh-Hans or zh-Hant. */
  zhLocale: 'zh-Hans' | 'zh-Hant';
}

/** Rules, agents and overdue complaints listed at most. */
const TOP = 15;

type Pick2 = (w: ReportWording) => string;

export function renderReport(report: SupervisorReport, languages: ReportLanguages): string {
  const { en, zh, zhLocale } = languages;
  /** English and Chinese side by side, as HTML. */
  const both = (pick: Pick2, values: Record<string, string | number> = {}) =>
    `<span lang="en">${esc(fill(pick(en), values))}</span> <span lang="${zhLocale}" class="zh">${esc(fill(pick(zh), values))}</span>`;
  /** English and Chinese in one line of plain text (SVG labels, titles). */
  const pair = (pick: Pick2, values: Record<string, string | number> = {}) => `${fill(pick(en), values)} · ${fill(pick(zh), values)}`;
  const labelOf = (set: keyof ReportWording['labels'], key: string) => {
    const enSet = en.labels[set] as unknown as Record<string, string>;
    const zhSet = zh.labels[set] as unknown as Record<string, string>;
    if (!Object.hasOwn(enSet, key)) return key;
    return Object.hasOwn(zhSet, key) ? `${enSet[key]} · ${zhSet[key]}` : enSet[key]!;
  };
  const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`);
  const c = report.complaints;
  const g = report.guard;
  const day = (iso: string) => iso.slice(0, 10);

  const figure = (id: string, title: Pick2, body: string | null, note = '') => body === null
    ? `<figure class="chart empty" data-chart="${id}"><figcaption>${both(title)}</figcaption><p class="no-data">${both((w) => w.chartNoData)}</p></figure>`
    : `<figure class="chart" data-chart="${id}"><figcaption>${both(title)}${note ? `<small>${note}</small>` : ''}</figcaption>${body}</figure>`;
  const bars = (id: string, title: Pick2, items: BarItem[], options: { max?: number; colour?: string } = {}, note = '') =>
    figure(id, title, items.some((i) => i.value > 0) ? barChart(items, { ...options, ariaLabel: pair(title) }) : null, note);
  const overTime = (id: string, title: Pick2, data: ComplaintReport['byCategory'], set: 'category' | 'channel') => {
    const series = data.series.map((s) => ({ label: labelOf(set, s.key), values: s.values }));
    const body = data.series.some((s) => s.total > 0)
      ? columnChart(data.buckets, series, { ariaLabel: pair(title), bucketLabel: (b) => b.slice(5) }) + legend(series)
      : null;
    return figure(id, title, body, c.bucket === 'week' ? 'week by week · 按周' : '');
  };

  // ------------------------------------------------------------ complaints
  const judged = (k: keyof ComplaintReport['compliance']) => c.compliance[k].onTime + c.compliance[k].late;
  const compliance = (['ack', 'investigate', 'resolve'] as const).map((kind): BarItem => ({
    label: labelOf('deadline', kind),
    value: judged(kind) === 0 ? 0 : Math.round((100 * c.compliance[kind].onTime) / judged(kind)),
    display: `${percent(c.compliance[kind].onTime, judged(kind))}  (${fill(en.notes.compliance, { onTime: c.compliance[kind].onTime, judged: judged(kind), open: c.compliance[kind].open })})`,
  }));
  const complianceFigure = figure('compliance', (w) => w.charts.compliance,
    (['ack', 'investigate', 'resolve'] as const).some((kind) => judged(kind) > 0)
      ? barChart(compliance, { max: 100, ariaLabel: pair((w) => w.charts.compliance), colour: '#009E73' }) : null);

  const standingText = (s: ComplaintReport['overdue']['complaints'][number]['deadline']) => (s.workingDays === 0
    ? pair((w) => w.standing.overdueToday)
    : pair((w) => w.standing.overdue, { n: s.workingDays }));
  const hidden = (owner: string) => (report.anonymous && !owner.startsWith('queue:') ? pair((w) => w.labels.hidden) : owner);
  const overdueRows = c.overdue.complaints.slice(0, TOP).map((o) => `<tr><td class="id">${esc(o.id)}</td><td>${esc(labelOf('status', o.status))}</td><td>${esc(labelOf('category', o.category))}</td>`
    + `<td>${esc(hidden(o.owner))}</td><td>${esc(`${labelOf('deadline', o.deadline.kind)} ${o.deadline.dueLocal}`)}</td><td class="late">${esc(standingText(o.deadline))}</td>`
    + `<td>${report.anonymous ? '' : esc(o.subject)}</td></tr>`);
  const overdueTable = c.overdue.total === 0
    ? `<figure class="table empty" data-table="overdue"><figcaption>${both((w) => w.charts.overdue)}</figcaption><p class="no-data">${both((w) => w.chartNoData)}</p></figure>`
    : `<figure class="table" data-table="overdue"><figcaption>${both((w) => w.charts.overdue)} <small>${c.overdue.total}</small></figcaption><table><thead><tr>${
      (['id', 'status', 'category', 'owner', 'deadline', 'standing', 'subject'] as const).map((k) => `<th>${both((w) => w.columns[k])}</th>`).join('')
    }</tr></thead><tbody>${overdueRows.join('')}</tbody></table>${c.overdue.total > overdueRows.length ? `<p class="more">${both((w) => w.more, { n: c.overdue.total - overdueRows.length })}</p>` : ''}</figure>`;

  const resolutions = c.resolutions.map((r): BarItem => ({ label: labelOf('resolution', r.type), value: r.count }));
  const satisfaction = c.satisfaction.scores.map((n, i): BarItem => ({ label: pair((w) => w.labels.score, { n: i + 1 }), value: n }));
  const appeals: BarItem[] = [
    { label: labelOf('appeals', 'appealed'), value: c.appeals.appealed },
    { label: labelOf('appeals', 'notAppealed'), value: Math.max(0, c.appeals.answered - c.appeals.appealed) },
  ];

  // ------------------------------------------------------------ guard
  const blockedRules = g.rules.filter((r) => r.blocked > 0).sort((a, b) => b.blocked - a.blocked || (a.ruleId < b.ruleId ? -1 : 1));
  const offered = g.rules.filter((r) => r.offered > 0).sort((a, b) => b.offered - a.offered || (a.ruleId < b.ruleId ? -1 : 1));
  const disputed = g.rules.filter((r) => r.disputed > 0).sort((a, b) => b.disputed - a.disputed || (a.ruleId < b.ruleId ? -1 : 1));
  const agents = g.agents.filter((a) => a.checks > 0).slice(0, TOP);
  const perDay = g.perDay.some((d) => d.blocked > 0)
    ? columnChart(g.perDay.map((d) => d.day), [{ label: pair((w) => w.tiles.blocked), values: g.perDay.map((d) => d.blocked) }], { ariaLabel: pair((w) => w.charts.blocksPerDay), bucketLabel: (b) => b.slice(5) })
    : null;

  // ------------------------------------------------------------ triage
  const emotions = c.emotions.map((e): BarItem => ({ label: labelOf('emotion', e.label), value: e.count }));
  const reasons = c.escalation.reasons.map((r): BarItem => ({ label: labelOf('escalation', r.reason), value: r.count }));

  const empty = c.total === 0 && g.checks === 0 && c.overdue.total === 0;
  const solved = judged('resolve');
  const tiles: [Pick2, string][] = [
    [(w) => w.tiles.complaints, c.total.toLocaleString('en')],
    [(w) => w.tiles.onTime, percent(c.compliance.resolve.onTime, solved)],
    [(w) => w.tiles.overdue, c.overdue.total.toLocaleString('en')],
    [(w) => w.tiles.checks, g.checks.toLocaleString('en')],
    [(w) => w.tiles.blocked, percent(g.blocked, g.checks)],
  ];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`${en.title} · ${zh.title} — ${day(report.since)} – ${day(report.until)}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${both((w) => w.title)}</h1>
${(['en', 'zh'] as const).map((side) => {
    const w = languages[side];
    const parts = [fill(w.period, { since: day(report.since), until: day(report.until) }), fill(w.timeZone, { zone: report.timeZone }), ...(report.anonymous ? [w.anonymous] : [])];
    return `<p class="meta" lang="${side === 'en' ? 'en' : zhLocale}">${esc(parts.join(side === 'en' ? ' · ' : '；'))}</p>`;
  }).join('')}
</header>
${empty ? `<section class="no-data-banner" data-empty="true"><h2>${both((w) => w.noData)}</h2><p>${both((w) => w.noDataHint)}</p></section>` : ''}
<section class="tiles">${tiles.map(([label, value]) => `<div class="tile"><strong>${esc(value)}</strong><span>${both(label)}</span></div>`).join('')}</section>
<section id="complaints"><h2>${both((w) => w.sections.complaints)}</h2>
${overTime('volume-category', (w) => w.charts.volumeByCategory, c.byCategory, 'category')}
${overTime('volume-channel', (w) => w.charts.volumeByChannel, c.byChannel, 'channel')}
</section>
<section id="deadlines"><h2>${both((w) => w.sections.deadlines)}</h2>
${complianceFigure}
${overdueTable}
</section>
<section id="outcomes"><h2>${both((w) => w.sections.outcomes)}</h2>
${bars('resolutions', (w) => w.charts.resolutions, resolutions, { colour: '#0072B2' })}
${bars('satisfaction', (w) => w.charts.satisfaction, satisfaction, { colour: '#E69F00' }, c.satisfaction.average === null ? '' : both((w) => w.notes.satisfaction, { average: c.satisfaction.average.toFixed(2), answered: c.satisfaction.answered }))}
${bars('appeals', (w) => w.charts.appeals, appeals, { colour: '#CC79A7' }, both((w) => w.notes.appeals, { appealed: c.appeals.appealed, answered: c.appeals.answered }))}
</section>
<section id="guard"><h2>${both((w) => w.sections.guard)}</h2>
${figure('blocks-per-day', (w) => w.charts.blocksPerDay, perDay)}
${bars('blocks-by-rule', (w) => w.charts.blocksByRule, blockedRules.slice(0, TOP).map((r) => ({ label: r.ruleId, value: r.blocked })), { colour: '#D55E00' })}
${bars('blocks-by-category', (w) => w.charts.blocksByCategory, g.categories.map((k) => ({ label: labelOf('guardCategory', k.category), value: k.blocked })), { colour: '#D55E00' })}
${bars('acceptance', (w) => w.charts.acceptance, offered.slice(0, TOP).map((r) => ({
    label: r.ruleId, value: Math.round((100 * r.accepted) / r.offered), display: `${percent(r.accepted, r.offered)}  (${fill(en.notes.acceptance, { accepted: r.accepted, offered: r.offered })})`,
  })), { max: 100, colour: '#009E73' })}
${bars('disputes', (w) => w.charts.disputes, disputed.slice(0, TOP).map((r) => ({ label: r.ruleId, value: r.disputed })), { colour: '#CC79A7' })}
${bars('agents', (w) => w.charts.agents, agents.map((a) => ({
    label: a.agent, value: Math.round((100 * a.blocked) / a.checks), display: `${percent(a.blocked, a.checks)}  (${fill(en.notes.agents, { blocked: a.blocked, checks: a.checks })})`,
  })), { max: 100, colour: '#56B4E9' })}
</section>
<section id="triage"><h2>${both((w) => w.sections.triage)}</h2>
${bars('emotions', (w) => w.charts.emotions, emotions, { colour: '#0072B2' })}
${bars('escalation', (w) => w.charts.escalation, reasons, { colour: '#D55E00' }, both((w) => w.notes.escalation, { escalated: c.escalation.escalated, triaged: c.escalation.triaged }))}
</section>
<footer>${both((w) => w.generated, { at: report.generatedAt.slice(0, 16).replace('T', ' ') + 'Z' })}</footer>
</body>
</html>
`;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 780px; padding: 24px; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #e5e5e5; padding-bottom: 4px; margin-top: 32px; }
.zh { color: #555; }
h1 .zh, h2 .zh { font-weight: normal; }
.meta, footer { color: #555; font-size: 0.85rem; }
.meta { margin: 2px 0; }
td.id { white-space: nowrap; }
footer { margin-top: 40px; border-top: 1px solid #e5e5e5; padding-top: 8px; }
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; margin-top: 16px; }
.tile { border: 1px solid #e5e5e5; border-radius: 6px; padding: 8px; }
.tile strong { display: block; font-size: 1.4rem; }
.tile span { font-size: 0.75rem; color: #444; }
.tile span .zh { display: block; }
figure { margin: 20px 0; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figcaption small { font-weight: normal; color: #555; margin-left: 8px; }
svg { max-width: 100%; height: auto; display: block; }
svg text { font-size: 12px; fill: #222; }
svg .axis { fill: #666; font-size: 11px; }
svg .value { fill: #333; }
svg .grid { stroke: #eee; }
svg .baseline { stroke: #999; }
.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.8rem; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border-radius: 2px; vertical-align: baseline; }
.no-data { color: #777; font-style: italic; border: 1px dashed #ccc; border-radius: 6px; padding: 14px; margin: 0; }
.no-data-banner { border: 2px solid #E69F00; background: #fff8e6; border-radius: 8px; padding: 4px 16px; margin-top: 16px; }
.no-data-banner h2 { margin-top: 10px; border: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.8rem; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
th .zh { display: block; font-weight: normal; }
td.late { color: #b42318; }
.more { color: #555; font-size: 0.8rem; }
@media print { body { max-width: none; } figure { break-inside: avoid; } }
`;
