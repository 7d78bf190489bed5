/**
 * The impact of a lexicon edit, before it goes live: past drafts (the guard audit) and the polite
 * corpus are judged by the live lexicons and by the edited ones, the way the draft check judges
 * them (the customer's context, the empathy policy), and the drafts whose verdict crosses the
 * block line either way are counted per rule, with a few examples each.
 *
 * Streaming: `add` one draft at a time (the caller reads the store in pages), `report` at the end.
 * Three shortcuts keep a preview over a month of drafts quick, none changing a count:
 * - an audited draft already judged by the live lexicons' version keeps its recorded verdict and
 *   rules (the audit wrote exactly what the live lexicons said), so the live lexicons do not lint it;
 * - a draft no changed rule can touch (the edit's scope, lexicon-edit-scope.ts) is judged alike by
 *   both sides: once, or not at all when its live verdict was recorded;
 * - identical drafts in the same context are judged once (a bounded cache).
 */
import type { Locale } from '../contracts/complaint.js';
import type { Finding } from '../contracts/finding.js';
import type { Guard } from '../guard/index.js';
import type { AuditCustomerContext } from '../store/types.js';
import { lintContextOf, withEmpathyPolicy } from './draft-check.js';
import { draftLocale } from './draft-language.js';
import { editTouches, type EditScope } from './lexicon-edit-scope.js';

export type ReplaySource = 'audit' | 'polite';

export interface ReplayDraft {
  source: ReplaySource;
  /** Where it came from: the audit id, or the corpus file and entry. */
  ref: string;
  text: string;
  context?: AuditCustomerContext;
  locale?: Locale;
  /** What the lexicons of `version` said when the draft was checked (audited drafts). */
  recorded?: { version: string; blocked: boolean; ruleIds: readonly string[] };
}

export interface LexiconUnderTest {
  guard: Guard;
  /** lexiconVersion of its files. */
  version: string;
}

export interface ImpactExample {
  source: ReplaySource;
  ref: string;
  /** The draft, cut to EXAMPLE_CHARS. */
  text: string;
  /** The words the rule matched (absent when the live lexicons no longer find the recorded block's words). */
  actual?: string;
}

export interface RuleImpact {
  ruleId: string;
  /** Drafts this rule newly blocks (or no longer blocks). */
  count: number;
  /** Of which from the polite corpus. */
  polite: number;
  examples: ImpactExample[];
}

export interface ImpactChange {
  total: number;
  audited: number;
  polite: number;
  /** Most drafts first, then by rule id. */
  byRule: RuleImpact[];
}

export interface ImpactReport {
  live: { version: string; rules: number };
  edited: { version: string; rules: number };
  /** Drafts replayed, and how many of them the live lexicons judged again (the others kept their audited verdict, or were untouched). */
  drafts: { audited: number; polite: number; liveReplayed: number };
  /**
   * The rules the edit changed (null: it reaches beyond its rules, or the shortcuts were off, so
   * any draft may be touched), and the drafts none of them can touch: judged once or not at all.
   */
  scope: { changedRules: string[] | null; untouched: number };
  newlyBlocked: ImpactChange;
  newlyPassed: ImpactChange;
  /** Rules of the edited lexicons with no finding on any audited draft of the period, in lexicon order. */
  rulesNeverFired: string[];
  rulesAdded: string[];
  rulesRemoved: string[];
}

export interface ImpactOptions {
  live: LexiconUnderTest;
  edited: LexiconUnderTest;
  /** Examples kept per rule and direction; default 3. */
  examples?: number;
  /**
   * What the edit changed (editScope); null or absent: any draft may be touched, unless both sides
   * are the same files.
   */
  scope?: EditScope | null;
  /** false: every draft judged afresh by both sides (no recorded verdict, no scope), to check the shortcuts. */
  shortcuts?: boolean;
}

export interface ImpactReplay {
  /** Judges the draft here, with both lexicons as needed, and counts it. */
  add(draft: ReplayDraft): void;
  /** Judges the draft here without counting it (for addJudged, in the order read). */
  judge(draft: ReplayDraft): PairJudgement;
  /** Whether the live lexicons' verdict must be judged (none of the live version was recorded, or shortcuts are off). */
  liveNeeded(draft: ReplayDraft): boolean;
  /** Counts a draft judged elsewhere (worker threads) by a PairJudge given liveNeeded(draft). */
  addJudged(draft: ReplayDraft, judged: PairJudgement): void;
  report(): ImpactReport;
}

/** What the two sides said of one draft, as far as they had to judge it. */
export interface PairJudgement {
  /** No changed rule can touch the draft: both sides judge it alike. */
  untouched: boolean;
  /** The edited side's judgement; absent only when untouched and the live verdict was recorded (it stands for both). */
  after?: Judgement;
  /** The live side's judgement, when it had to be judged and the draft is touched. */
  before?: Judgement;
}

/** A draft to judge, and whether the live side must judge it (no recorded live verdict to use). */
export type PairInput = Pick<ReplayDraft, 'text' | 'context' | 'locale'> & { live: boolean };

/** Judges drafts by both sides as little as it can: in this thread, or in a worker thread with the same inputs. */
export interface PairJudge {
  judge(draft: PairInput): PairJudgement;
}

/** Distinct drafts whose judgements are kept: repeats are common and near each other (templates, second tries). */
const CACHE_ENTRIES = 20_000;

/**
 * `scope`: the edit's scope; null: any draft may be touched. Both sides being the same files
 * (sameLexicons) is the scope of an edit that changed nothing.
 */
export function createPairJudge(live: Guard, edited: Guard, scope: EditScope | null, sameLexicons = false): PairJudge {
  const touches = sameLexicons ? () => false : editTouches(scope);
  // Two generations: when the newer fills up, the older is dropped (deleting a Map's oldest keys one by one slows every later lookup).
  let recent = new Map<string, PairJudgement>();
  let older = new Map<string, PairJudgement>();
  return {
    judge(draft) {
      const key = draft.context ? `${draft.text}\u0000${JSON.stringify(draft.context)}` : draft.text;
      let entry = recent.get(key);
      if (!entry) {
        entry = older.get(key) ?? { untouched: !touches(draft.text) };
        if (recent.size >= CACHE_ENTRIES / 2) { older = recent; recent = new Map(); }
        recent.set(key, entry);
      }
      if (entry.untouched) {
        if (!draft.live) return UNTOUCHED;
        entry.after ??= judgeDraft(edited, draft);
        return { untouched: true, after: entry.after };
      }
      entry.after ??= judgeDraft(edited, draft);
      if (!draft.live) return { untouched: false, after: entry.after };
      entry.before ??= judgeDraft(live, draft);
      return { untouched: false, after: entry.after, before: entry.before };
    },
  };
}

const UNTOUCHED: PairJudgement = Object.freeze({ untouched: true });

const EXAMPLE_CHARS = 240;

/** What one set of lexicons said of a draft, reduced to what the preview compares (plain data: it crosses threads). */
export interface Judgement {
  blocked: boolean;
  /** Rules with an error finding: the ones that block. */
  blocking: readonly string[];
  /** Every rule with a finding. */
  fired: readonly string[];
  /** The words each blocking rule matched first. */
  actual: Readonly<Record<string, string>>;
}

/** The verdict of the desk's draft check (the customer's context, the empathy policy), as a Judgement. */
export function judgeDraft(guard: Guard, draft: Pick<ReplayDraft, 'text' | 'context' | 'locale'>): Judgement {
  let result = guard.lint(draft.text, lintContextOf(draft.context));
  // The empathy policy only re-grades the context check (never to a block); apply it like the desk does.
  if (result.findings.some((f) => f.category === 'empathy')) result = withEmpathyPolicy(result, draft.locale ?? draftLocale(draft.text));
  return summarise(result.findings);
}

function summarise(findings: readonly Finding[]): Judgement {
  const blocking: string[] = [];
  const fired: string[] = [];
  const actual: Record<string, string> = {};
  for (const f of findings) {
    if (!fired.includes(f.ruleId)) fired.push(f.ruleId);
    if (f.severity === 'error' && !Object.hasOwn(actual, f.ruleId)) {
      blocking.push(f.ruleId);
      actual[f.ruleId] = f.actual;
    }
  }
  return { blocked: blocking.length > 0, blocking, fired, actual };
}

/** Adds a draft to per-rule tallies, keeping the first `examples` of each rule. */
class Tally {
  readonly rules = new Map<string, RuleImpact>();
  total = 0;
  audited = 0;
  polite = 0;
  constructor(private readonly examples: number) {}

  add(draft: ReplayDraft, ruleIds: readonly string[], actual: Readonly<Record<string, string>>): void {
    this.total++;
    if (draft.source === 'polite') this.polite++;
    else this.audited++;
    for (const ruleId of ruleIds) {
      let rule = this.rules.get(ruleId);
      if (!rule) this.rules.set(ruleId, rule = { ruleId, count: 0, polite: 0, examples: [] });
      rule.count++;
      if (draft.source === 'polite') rule.polite++;
      if (rule.examples.length < this.examples) {
        const words = Object.hasOwn(actual, ruleId) ? actual[ruleId] : undefined;
        rule.examples.push({
          source: draft.source,
          ref: draft.ref,
          text: draft.text.length > EXAMPLE_CHARS ? `${draft.text.slice(0, EXAMPLE_CHARS - 1)}…` : draft.text,
          ...(words !== undefined ? { actual: words } : {}),
        });
      }
    }
  }

  change(): ImpactChange {
    const byRule = [...this.rules.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
    return { total: this.total, audited: this.audited, polite: this.polite, byRule };
  }
}

const NO_ACTUAL: Readonly<Record<string, string>> = Object.freeze({});

export function createImpactReplay(options: ImpactOptions): ImpactReplay {
  const { live, edited } = options;
  const examples = options.examples ?? 3;
  const shortcuts = options.shortcuts !== false;
  const scope = shortcuts ? options.scope ?? null : null;
  const liveSeverity = new Map(live.guard.rules.map((r) => [r.id, r.severity]));
  const sameLexicons = live.version === edited.version;
  const blocked = new Tally(examples);
  const passed = new Tally(examples);
  const fired = new Set<string>();
  const pairs = createPairJudge(live.guard, edited.guard, scope, shortcuts && sameLexicons);
  const counts = { audited: 0, polite: 0, liveReplayed: 0 };
  let untouched = 0;

  const recordedLive = (draft: ReplayDraft) => shortcuts && draft.recorded !== undefined && draft.recorded.version === live.version;
  const liveNeeded = (draft: ReplayDraft) => !recordedLive(draft);
  const recorded = (draft: ReplayDraft): Judgement => {
    const blocking = draft.recorded!.ruleIds.filter((id) => liveSeverity.get(id) === 'error');
    return { blocked: draft.recorded!.blocked, blocking, fired: draft.recorded!.ruleIds, actual: NO_ACTUAL };
  };

  function count(draft: ReplayDraft, judged: PairJudgement): void {
    if (draft.source === 'polite') counts.polite++;
    else counts.audited++;
    let after: Judgement;
    let before: Judgement;
    if (judged.untouched) {
      untouched++;
      after = before = judged.after ?? recorded(draft);
    } else {
      if (!judged.after) throw new Error(`impact replay: draft ${draft.ref} needs the edited lexicons' judgement`);
      after = judged.after;
      if (judged.before) {
        counts.liveReplayed++;
        before = judged.before;
      } else {
        if (!recordedLive(draft)) throw new Error(`impact replay: draft ${draft.ref} needs the live lexicons' judgement`);
        before = recorded(draft);
      }
    }
    if (draft.source === 'audit') for (const id of after.fired) fired.add(id);
    if (after.blocked && !before.blocked) blocked.add(draft, after.blocking, after.actual);
    else if (!after.blocked && before.blocked) {
      // A recorded verdict does not say which words blocked: the live lexicons show them again for the (few) drafts an edit passes.
      passed.add(draft, before.blocking, before.actual === NO_ACTUAL ? judgeDraft(live.guard, draft).actual : before.actual);
    }
  }

  const judge = (draft: ReplayDraft) => pairs.judge({ text: draft.text, context: draft.context, locale: draft.locale, live: liveNeeded(draft) });
  return {
    add(draft) {
      count(draft, judge(draft));
    },

    judge,

    liveNeeded,

    addJudged: count,

    report() {
      const liveIds = new Set(live.guard.rules.map((r) => r.id));
      const editedIds = new Set(edited.guard.rules.map((r) => r.id));
      return {
        live: { version: live.version, rules: live.guard.rules.length },
        edited: { version: edited.version, rules: edited.guard.rules.length },
        drafts: { ...counts },
        scope: { changedRules: scope?.changedRules ?? (shortcuts && sameLexicons ? [] : null), untouched },
        newlyBlocked: blocked.change(),
        newlyPassed: passed.change(),
        rulesNeverFired: edited.guard.rules.map((r) => r.id).filter((id) => !fired.has(id)),
        rulesAdded: [...editedIds].filter((id) => !liveIds.has(id)),
        rulesRemoved: [...liveIds].filter((id) => !editedIds.has(id)),
      };
    },
  };
}
