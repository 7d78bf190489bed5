/**
 * The complaint side of the supervisors' report, from the complaints created in a period:
 * volume by category and by channel over time, deadline compliance, resolution types,
 * satisfaction and appeals, and the triage distributions (emotion, escalation reasons).
 * Streaming: `add` one complaint at a time (the caller reads the store in pages), `result` at
 * the end; the overdue list is read apart (every open complaint past its deadline, whenever it came).
 */
import type { ComplaintRecord, HistoryEvent } from '../contracts/complaint.js';
import {
  addDays, deadlineOutcomes, deadlineStanding, isoWeekday, toLocal, zoneReader,
  type BusinessCalendar, type DeadlineKind, type DeadlineStanding, type IsoDay,
} from '../complaints/index.js';

export interface SeriesOverTime {
  /** The first day of each bucket, oldest first. */
  buckets: IsoDay[];
  /** One series per key (category, channel), most complaints first; `values[i]` counts bucket i. */
  series: { key: string; values: number[]; total: number }[];
}

export interface Compliance {
  onTime: number;
  late: number;
  /** Still running, not yet due: neither on time nor late. */
  open: number;
}

export interface OverdueComplaint {
  id: string;
  status: ComplaintRecord['status'];
  severity: ComplaintRecord['severity'];
  category: string;
  owner: string;
  subject: string;
  deadline: DeadlineStanding;
}

export interface ComplaintReport {
  total: number;
  /** `day` for periods up to DAILY_LIMIT_DAYS, else `week` (weeks start on Monday). */
  bucket: 'day' | 'week';
  byCategory: SeriesOverTime;
  byChannel: SeriesOverTime;
  compliance: Record<DeadlineKind, Compliance>;
  /** Resolution types of the complaints that have one (`rejected` for a rejection), most first. */
  resolutions: { type: string; count: number }[];
  /** How many answered the survey with 1 … 5 (index 0 is score 1). */
  satisfaction: { scores: [number, number, number, number, number]; answered: number; average: number | null };
  /** Appealed complaints, of those that got an answer (resolved, closed or rejected, or appealed). */
  appeals: { appealed: number; answered: number };
  /** Triage emotions, most first; complaints without triage are left out. */
  emotions: { label: string; count: number }[];
  /** Escalation reasons, most first (a complaint may give several), and how many complaints were escalated. */
  escalation: { reasons: { reason: string; count: number }[]; escalated: number; triaged: number };
  /** Open complaints past their running deadline, most overdue first (see setOverdue). */
  overdue: { total: number; complaints: OverdueComplaint[] };
}

export interface ComplaintReportOptions {
  calendar: BusinessCalendar;
  since: Date;
  until: Date;
}

export interface ComplaintReportAccumulator {
  add(complaint: { record: Omit<ComplaintRecord, 'history'>; transitions: readonly HistoryEvent[] }): void;
  /** The overdue list: open complaints past their deadline (read apart; `total` may exceed the list shown). */
  setOverdue(records: readonly Pick<ComplaintRecord, 'id' | 'status' | 'severity' | 'category' | 'owner' | 'subject' | 'ackBy' | 'investigateBy' | 'resolveBy'>[], total: number): void;
  result(): ComplaintReport;
}

/** Longest period drawn day by day; longer ones are drawn week by week. */
export const DAILY_LIMIT_DAYS = 62;

const ANSWERED: ReadonlySet<string> = new Set(['resolved', 'closed', 'rejected', 'appealed']);

const ranked = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
const bump = (counts: Map<string, number>, key: string, by = 1) => counts.set(key, (counts.get(key) ?? 0) + by);

export function createComplaintReport(options: ComplaintReportOptions): ComplaintReportAccumulator {
  const { calendar } = options;
  const reader = zoneReader(calendar.timeZone);
  const firstDay = toLocal(options.since, calendar.timeZone, reader).day;
  const lastDay = toLocal(new Date(options.until.getTime() - 1), calendar.timeZone, reader).day;
  const days: IsoDay[] = [];
  for (let d = firstDay; d <= lastDay; d = addDays(d, 1)) days.push(d);
  const bucket: 'day' | 'week' = days.length <= DAILY_LIMIT_DAYS ? 'day' : 'week';
  const startOf = (day: IsoDay) => (bucket === 'day' ? day : addDays(day, 1 - isoWeekday(day)));
  const buckets = [...new Set(days.map(startOf))];
  const bucketIndex = new Map(buckets.map((b, i) => [b, i]));
  // Each hour's local day once: reading the zone is the costly part of a row.
  const dayOfHour = new Map<string, IsoDay>();
  const localDay = (iso: string) => {
    const hour = iso.slice(0, 13);
    let day = dayOfHour.get(hour);
    if (day === undefined) dayOfHour.set(hour, day = toLocal(new Date(iso), calendar.timeZone, reader).day);
    return day;
  };

  const byCategory = new Map<string, number[]>();
  const byChannel = new Map<string, number[]>();
  const compliance = { ack: { onTime: 0, late: 0, open: 0 }, investigate: { onTime: 0, late: 0, open: 0 }, resolve: { onTime: 0, late: 0, open: 0 } };
  const resolutions = new Map<string, number>();
  const emotions = new Map<string, number>();
  const reasons = new Map<string, number>();
  const scores: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let total = 0;
  let appealed = 0;
  let answered = 0;
  let escalated = 0;
  let triaged = 0;
  let overdue: ComplaintReport['overdue'] = { total: 0, complaints: [] };

  const count = (series: Map<string, number[]>, key: string, index: number) => {
    let values = series.get(key);
    if (!values) series.set(key, values = new Array<number>(buckets.length).fill(0));
    values[index]!++;
  };

  return {
    add({ record, transitions }) {
      total++;
      const index = bucketIndex.get(startOf(localDay(record.createdAt)));
      if (index !== undefined) {
        count(byCategory, record.category, index);
        count(byChannel, record.channel, index);
      }
      const outcomes = deadlineOutcomes(record, transitions, options.until);
      for (const kind of ['ack', 'investigate', 'resolve'] as const) {
        const outcome = outcomes[kind].outcome;
        compliance[kind][outcome === 'on_time' ? 'onTime' : outcome]++;
      }
      if (record.resolution) bump(resolutions, record.resolution.type);
      if (record.satisfaction) scores[record.satisfaction.score - 1]!++;
      if (record.appeal) appealed++;
      if (ANSWERED.has(record.status)) answered++;
      if (record.triage) {
        triaged++;
        bump(emotions, record.triage.emotion.label);
        if (record.triage.escalate.value) escalated++;
        for (const reason of record.triage.escalate.reasons) bump(reasons, reason);
      }
    },

    setOverdue(records, count) {
      const now = options.until;
      const complaints = records.flatMap((r): OverdueComplaint[] => {
        const deadline = deadlineStanding(r, now, calendar, reader);
        return deadline?.overdue ? [{ id: r.id, status: r.status, severity: r.severity, category: r.category, owner: r.owner, subject: r.subject, deadline }] : [];
      });
      overdue = { total: Math.max(count, complaints.length), complaints: complaints.sort((a, b) => (a.deadline.dueAt < b.deadline.dueAt ? -1 : 1)) };
    },

    result() {
      const series = (map: Map<string, number[]>): SeriesOverTime => ({
        buckets,
        series: [...map].map(([key, values]) => ({ key, values, total: values.reduce((a, b) => a + b, 0) }))
          .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1)),
      });
      const answeredSurveys = scores.reduce((a, b) => a + b, 0);
      return {
        total,
        bucket,
        byCategory: series(byCategory),
        byChannel: series(byChannel),
        compliance,
        resolutions: ranked(resolutions).map(([type, n]) => ({ type, count: n })),
        satisfaction: {
          scores,
          answered: answeredSurveys,
          average: answeredSurveys === 0 ? null : scores.reduce((sum, n, i) => sum + n * (i + 1), 0) / answeredSurveys,
        },
        appeals: { appealed, answered },
        emotions: ranked(emotions).map(([label, n]) => ({ label, count: n })),
        escalation: { reasons: ranked(reasons).map(([reason, n]) => ({ reason, count: n })), escalated, triaged },
        overdue,
      };
    },
  };
}
