/**
 * What a supervisor sees of today (the App Home in Slack): the guard's blocks by rule, the
 * "this block is wrong" disagreements by rule, how often agents took a suggestion, and the
 * complaints by category. A pure summary over the guard audit and the complaints, and its loader.
 */
import type { ComplaintRecord } from '../contracts/complaint.js';
import type { CategoryLabel } from '../contracts/triage.js';
import { localDay, zonedInstant } from '../complaints/index.js';
import type { GuardAuditEntry, Store } from '../store/types.js';

export interface RuleCount { ruleId: string; count: number }

export interface SupervisorReport {
  /** The day reported on (YYYY-MM-DD), as the complaint calendar's time zone counts it. */
  day: string;
  /** Its start (ISO instant). */
  since: string;
  checks: number;
  /** Blocked checks, and for each rule how many blocked checks it was in; most first. */
  blocks: number;
  blocksByRule: RuleCount[];
  /** "This block is wrong" on today's checks, per rule; most first. */
  disagreementsByRule: RuleCount[];
  /**
   * Checks an agent started (not revisions) that had findings, and how many of them an agent then
   * revised with a suggestion (Use suggestion, Fix all); `rate` is null when none had findings.
   */
  suggestions: { offered: number; accepted: number; rate: number | null };
  /** Complaints received today, per category; most first. */
  complaintsByCategory: Array<{ category: CategoryLabel; count: number }>;
}

const byCount = <T extends { count: number }>(key: (x: T) => string) => (a: T, b: T) => b.count - a.count || key(a).localeCompare(key(b));

function countBy(keys: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** The summary of `entries` (today's checks) and `complaints` (today's complaints). */
export function supervisorReport(entries: readonly GuardAuditEntry[], complaints: readonly Pick<ComplaintRecord, 'category'>[], period: { day: string; since: Date }): SupervisorReport {
  const blocked = entries.filter((e) => e.verdict === 'block');
  const rules = (counts: Map<string, number>) => [...counts].map(([ruleId, count]) => ({ ruleId, count })).sort(byCount<RuleCount>((r) => r.ruleId));
  const byId = new Map(entries.map((e) => [e.id, e]));
  /** The check a revision chain started from (within today's checks). */
  const rootOf = (entry: GuardAuditEntry): number => {
    let current = entry;
    for (let hops = 0; current.revisionOf !== undefined && hops < 100; hops++) {
      const earlier = byId.get(current.revisionOf);
      if (!earlier) return current.revisionOf;
      current = earlier;
    }
    return current.id;
  };
  const offered = entries.filter((e) => e.revisionOf === undefined && e.verdict !== 'pass');
  const acceptedRoots = new Set(entries.filter((e) => e.suggestionApplied && e.revisionOf !== undefined).map(rootOf));
  const accepted = offered.filter((e) => acceptedRoots.has(e.id)).length;
  const categories = [...countBy(complaints.map((c) => c.category))]
    .map(([category, count]) => ({ category: category as CategoryLabel, count })).sort(byCount((c) => c.category));
  return {
    day: period.day,
    since: period.since.toISOString(),
    checks: entries.length,
    blocks: blocked.length,
    blocksByRule: rules(countBy(blocked.flatMap((e) => [...new Set(e.ruleIds)]))),
    disagreementsByRule: rules(countBy(entries.flatMap((e) => (e.feedback ?? []).map((f) => f.ruleId)))),
    suggestions: { offered: offered.length, accepted, rate: offered.length > 0 ? accepted / offered.length : null },
    complaintsByCategory: categories,
  };
}

/** Today's report (the day as the complaint calendar's time zone counts it). */
export async function loadSupervisorReport(store: Pick<Store, 'guardAudit' | 'complaints'>, options: { now: Date; timeZone: string }): Promise<SupervisorReport> {
  const day = localDay(options.now, options.timeZone);
  const since = zonedInstant(day, '00:00', options.timeZone);
  const [entries, complaints] = await Promise.all([
    store.guardAudit.list({ since }),
    store.complaints.list({ createdFrom: since }),
  ]);
  return supervisorReport(entries, complaints, { day, since });
}
