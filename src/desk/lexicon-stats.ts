/**
 * How the guard's rules did over a period, from the outcome of every audited check: which rules
 * fire and block most, blocks per day, how often agents took a rule's suggestion, how often they
 * said a block was wrong, and block rates per agent (for coaching).
 *
 * A suggestion counts as offered when a rule's finding was shown in a channel with suggestion
 * buttons (every audit channel but the CLI and the bot's own wording), and as taken when a revision
 * made with a suggestion (`suggestionApplied`) no longer reports the rule its check reported.
 * Streaming: `add` the checks in time order (a revision comes after the check it revises).
 */
import type { GuardRuleInfo } from '../guard/index.js';
import { addDays, toLocal, zoneReader, type IsoDay } from '../complaints/calendar.js';
import type { CheckOutcome } from '../store/insight-reads.js';

export interface RuleStats {
  ruleId: string;
  /** From the lexicons in use; `learned` for the learned layer's guesses, `unknown` for a rule no longer there. */
  category: string;
  /** Checks that reported the rule. */
  fired: number;
  /** Of those, checks the rule blocked. */
  blocked: number;
  /** Checks that showed the rule's suggestions with buttons to take them. */
  offered: number;
  /** Of those, checks whose suggestion an agent took. */
  accepted: number;
  /** "This block is wrong": agents' disagreements with the rule. */
  disputed: number;
}

export interface DayStats {
  day: IsoDay;
  checks: number;
  blocked: number;
}

export interface AgentStats {
  /** The agent as audited (a Slack user id, `cli:<login>`); see anonymiseAgents. */
  agent: string;
  checks: number;
  blocked: number;
}

export interface LexiconStats {
  checks: number;
  blocked: number;
  /** Every day of the period in the business time zone, oldest first, empty days included. */
  perDay: DayStats[];
  /** Most fired first, then by id. */
  rules: RuleStats[];
  /** Blocks per rule category, most first. */
  categories: { category: string; blocked: number }[];
  /** Most checks first. */
  agents: AgentStats[];
}

export interface LexiconStatsOptions {
  /** The rules of the lexicons in use, for severities and categories. */
  rules: readonly GuardRuleInfo[];
  /** The business calendar's time zone: days are its days. */
  timeZone: string;
  since: Date;
  until: Date;
}

export interface LexiconStatsAccumulator {
  add(check: CheckOutcome): void;
  result(): LexiconStats;
}

/** Channels where an agent sees a finding's suggestions as buttons. */
const NOT_INTERACTIVE = new Set(['cli', 'bot']);

export function createLexiconStats(options: LexiconStatsOptions): LexiconStatsAccumulator {
  const info = new Map(options.rules.map((r) => [r.id, r]));
  const reader = zoneReader(options.timeZone);
  const rules = new Map<string, RuleStats>();
  const agents = new Map<string, AgentStats>();
  const days = new Map<IsoDay, DayStats>();
  // Each hour's day, once: reading a time zone is the costly part of a row.
  const dayOfHour = new Map<string, IsoDay>();
  const firstDay = toLocal(options.since, options.timeZone, reader).day;
  const lastDay = toLocal(new Date(options.until.getTime() - 1), options.timeZone, reader).day;
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) days.set(day, { day, checks: 0, blocked: 0 });
  /** The rules each check reported and no suggestion has removed yet, to tell what a later revision took. */
  const reported = new Map<number, Set<string>>();
  let checks = 0;
  let blocked = 0;

  const ruleOf = (ruleId: string): RuleStats => {
    let stats = rules.get(ruleId);
    if (!stats) {
      const category = info.get(ruleId)?.category ?? (ruleId.startsWith('learned.') ? 'learned' : 'unknown');
      rules.set(ruleId, stats = { ruleId, category, fired: 0, blocked: 0, offered: 0, accepted: 0, disputed: 0 });
    }
    return stats;
  };
  /**
   * A rule blocks when it is an error; a rule no longer in the lexicons is taken to have blocked a
   * blocked check. A learned guess blocks only when the model is very sure (docs/guard.md), and a
   * check keeps rule ids, not severities: it is taken to have blocked a blocked check that no
   * lexicon error explains.
   */
  const blocks = (ruleId: string, check: CheckOutcome) => {
    const known = info.get(ruleId);
    if (known) return known.severity === 'error';
    if (!ruleId.startsWith('learned.')) return check.verdict === 'block';
    return check.verdict === 'block' && !check.ruleIds.some((id) => info.get(id)?.severity === 'error');
  };

  return {
    add(check) {
      checks++;
      const isBlock = check.verdict === 'block';
      if (isBlock) blocked++;
      const hour = check.at.slice(0, 13);
      let day = dayOfHour.get(hour);
      if (day === undefined) dayOfHour.set(hour, day = toLocal(new Date(check.at), options.timeZone, reader).day);
      const dayStats = days.get(day);
      if (dayStats) { dayStats.checks++; if (isBlock) dayStats.blocked++; }
      let agent = agents.get(check.by);
      if (!agent) agents.set(check.by, agent = { agent: check.by, checks: 0, blocked: 0 });
      agent.checks++;
      if (isBlock) agent.blocked++;

      const interactive = check.channel !== undefined && !NOT_INTERACTIVE.has(check.channel);
      for (const ruleId of check.ruleIds) {
        const stats = ruleOf(ruleId);
        stats.fired++;
        if (isBlock && blocks(ruleId, check)) stats.blocked++;
        if (interactive) stats.offered++;
      }
      for (const ruleId of check.disputedRuleIds) ruleOf(ruleId).disputed++;
      if (check.suggestionApplied && check.revisionOf !== undefined) {
        const open = reported.get(check.revisionOf);
        // Each rule of a check is taken at most once, however many revisions it has.
        for (const ruleId of [...(open ?? [])]) if (!check.ruleIds.includes(ruleId)) { ruleOf(ruleId).accepted++; open!.delete(ruleId); }
      }
      if (interactive && check.ruleIds.length > 0) reported.set(check.id, new Set(check.ruleIds));
    },

    result() {
      const categories = new Map<string, number>();
      for (const r of rules.values()) if (r.blocked > 0) categories.set(r.category, (categories.get(r.category) ?? 0) + r.blocked);
      return {
        checks,
        blocked,
        perDay: [...days.values()],
        rules: [...rules.values()].sort((a, b) => b.fired - a.fired || (a.ruleId < b.ruleId ? -1 : 1)),
        categories: [...categories].map(([category, n]) => ({ category, blocked: n })).sort((a, b) => b.blocked - a.blocked || (a.category < b.category ? -1 : 1)),
        agents: [...agents.values()].sort((a, b) => b.checks - a.checks || (a.agent < b.agent ? -1 : 1)),
      };
    },
  };
}

/**
 * Agents named `Agent 1`, `Agent 2`, … in the order given (most checks first), so a report can be
 * shared for coaching without naming anyone.
 */
export function anonymiseAgents(agents: readonly AgentStats[]): AgentStats[] {
  return agents.map((a, i) => ({ ...a, agent: `Agent ${i + 1}` }));
}
