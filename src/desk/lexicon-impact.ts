/**
 * The impact of a lexicon edit, before it goes live: past drafts (the guard audit) and the polite
 * corpus are judged by the live lexicons and by the edited ones, the way the draft check judges
 * them (the customer's context, the empathy policy), and the drafts whose verdict crosses the
 * block line either way are counted per rule, with a few examples each.
 *
 * Streaming: `add` one draft at a time (the caller reads the store in pages), `report` at the end.
 * An audited draft already judged by the live lexicons' version keeps its recorded verdict and rules
 * (the audit wrote exactly what the live lexicons said), so only the edited lexicons lint it again.
 * Identical drafts in the same context are linted once.
 */
import type { Locale } from '../contracts/complaint.js';
import type { Finding } from '../contracts/finding.js';
import type { Guard } from '../guard/index.js';
import type { AuditCustomerContext } from '../store/types.js';
import { lintContextOf, withEmpathyPolicy } from './draft-check.js';
import { draftLocale } from './draft-language.js';

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
  /** The words the rule matched (absent when the live verdict was taken from the audit). */
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
  drafts: { audited: number; polite: number; liveReplayed: number; distinct: number };
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
}

export interface ImpactReplay {
  add(draft: ReplayDraft): void;
  report(): ImpactReport;
}

const EXAMPLE_CHARS = 240;

interface Judgement {
  blocked: boolean;
  /** Rules with an error finding: the ones that block. */
  blocking: readonly string[];
  /** Every rule with a finding. */
  fired: readonly string[];
  /** The words each blocking rule matched first. */
  actual: ReadonlyMap<string, string>;
}

/** The verdict of the desk's draft check, reduced to what the preview compares. */
function judge(guard: Guard, draft: ReplayDraft): Judgement {
  let result = guard.lint(draft.text, lintContextOf(draft.context));
  // The empathy policy only re-grades the context check (never to a block); apply it like the desk does.
  if (result.findings.some((f) => f.category === 'empathy')) result = withEmpathyPolicy(result, draft.locale ?? draftLocale(draft.text));
  return summarise(result.findings);
}

function summarise(findings: readonly Finding[]): Judgement {
  const blocking: string[] = [];
  const fired: string[] = [];
  const actual = new Map<string, string>();
  for (const f of findings) {
    if (!fired.includes(f.ruleId)) fired.push(f.ruleId);
    if (f.severity === 'error' && !actual.has(f.ruleId)) {
      blocking.push(f.ruleId);
      actual.set(f.ruleId, f.actual);
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

  add(draft: ReplayDraft, ruleIds: readonly string[], actual: ReadonlyMap<string, string>): void {
    this.total++;
    if (draft.source === 'polite') this.polite++;
    else this.audited++;
    for (const ruleId of ruleIds) {
      let rule = this.rules.get(ruleId);
      if (!rule) this.rules.set(ruleId, rule = { ruleId, count: 0, polite: 0, examples: [] });
      rule.count++;
      if (draft.source === 'polite') rule.polite++;
      if (rule.examples.length < this.examples) {
        const words = actual.get(ruleId);
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

const NO_ACTUAL: ReadonlyMap<string, string> = new Map();

export function createImpactReplay(options: ImpactOptions): ImpactReplay {
  const { live, edited } = options;
  const examples = options.examples ?? 3;
  const liveSeverity = new Map(live.guard.rules.map((r) => [r.id, r.severity]));
  const sameLexicons = live.version === edited.version;
  const blocked = new Tally(examples);
  const passed = new Tally(examples);
  const fired = new Set<string>();
  // Drafts repeat (templates, an agent's second try at the same words): judge each text and context once.
  const editedCache = new Map<string, Judgement>();
  const liveCache = new Map<string, Judgement>();
  const counts = { audited: 0, polite: 0, liveReplayed: 0 };

  const cached = (cache: Map<string, Judgement>, key: string, guard: Guard, draft: ReplayDraft) => {
    let j = cache.get(key);
    if (!j) cache.set(key, j = judge(guard, draft));
    return j;
  };

  return {
    add(draft) {
      if (draft.source === 'polite') counts.polite++;
      else counts.audited++;
      const key = draft.context ? `${draft.text}\u0000${JSON.stringify(draft.context)}` : draft.text;
      const after = cached(editedCache, key, edited.guard, draft);
      if (draft.source === 'audit') for (const id of after.fired) fired.add(id);
      let before: Judgement;
      if (sameLexicons) before = after;
      else if (draft.recorded && draft.recorded.version === live.version) {
        const blocking = draft.recorded.ruleIds.filter((id) => liveSeverity.get(id) === 'error');
        before = { blocked: draft.recorded.blocked, blocking, fired: draft.recorded.ruleIds, actual: NO_ACTUAL };
      } else {
        counts.liveReplayed++;
        before = cached(liveCache, key, live.guard, draft);
      }
      if (after.blocked && !before.blocked) blocked.add(draft, after.blocking, after.actual);
      else if (!after.blocked && before.blocked) passed.add(draft, before.blocking, before.actual);
    },

    report() {
      const liveIds = new Set(live.guard.rules.map((r) => r.id));
      const editedIds = new Set(edited.guard.rules.map((r) => r.id));
      return {
        live: { version: live.version, rules: live.guard.rules.length },
        edited: { version: edited.version, rules: edited.guard.rules.length },
        drafts: { ...counts, distinct: editedCache.size },
        newlyBlocked: blocked.change(),
        newlyPassed: passed.change(),
        rulesNeverFired: edited.guard.rules.map((r) => r.id).filter((id) => !fired.has(id)),
        rulesAdded: [...editedIds].filter((id) => !liveIds.has(id)),
        rulesRemoved: [...liveIds].filter((id) => !editedIds.has(id)),
      };
    },
  };
}
