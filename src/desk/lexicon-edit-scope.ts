/**
 * Which drafts a lexicon edit can change, so that the impact preview judges the rest once.
 *
 * Two lexicon sets that differ only in some rules judge a draft alike unless one of those rules
 * has a hit in it: every other rule has the same phrases, exceptions and flags on both sides and
 * sees the same draft, and the shared files (approved.yaml, customer-cues.yaml, the learned model)
 * are the same. So the edit's scope is the changed rules, and a small "probe" guard built from all
 * their forbidden entries (live and edited versions together, with no exception, no quoted-speech
 * skip and no negation that could hide a hit) tells whether a draft may be touched. The probe
 * over-approximates: a hit there may come to nothing in the real guards (the draft is then simply
 * judged twice), but no hit there means no changed rule can match on either side.
 *
 * Where the argument does not hold, there is no scope and every draft is judged by both sides:
 * a shared file differs, or the learned layer is on in one set and off in the other. And when a
 * changed rule has a regex, a draft long enough that the guard's per-draft regex scan budget
 * (regexWindows.ts) could run out is judged by both: the regexes that run first would decide what
 * the later ones may read. (The other budget, 50,000 tries at trigger positions, would need that
 * many trigger hits in such a draft: not reached by text of that length.)
 */
import { parseDataFile } from '../contracts/data-file.js';
import { compileGuard, type LexiconFile } from '../guard/compile.js';
import { LEARNED_MODEL_FILE } from '../guard/learned.js';
import { RuleFileSchema, SPECIAL_FILES, type LexiconRule } from '../guard/lexiconSchema.js';
import { REGEX_SCAN_BUDGET } from '../guard/regexWindows.js';

/** What an edit changed, as plain data (it crosses to worker threads). */
export interface EditScope {
  /** Rules added, removed, moved or changed in a way that can change a verdict, by id. */
  changedRules: string[];
  /** The probe guard's files; null when no rule changed (no draft can be touched). */
  probe: LexiconFile[] | null;
  /** Drafts longer than this (characters) are always judged by both sides (the regex budget; unbounded when no changed rule has a regex). */
  maxChars: number;
}

/** Why an edit has no scope (every draft is judged by both sides), or its scope. */
export type EditScopeResult = { scope: EditScope } | { scope: null; why: string };

/** Shared files: any difference in them may change any draft's verdict. Categories only name categories. */
const SHARED_FILES = new Set<string>([SPECIAL_FILES.approved, SPECIAL_FILES.cues, LEARNED_MODEL_FILE]);
const IGNORED_FILES = new Set<string>([SPECIAL_FILES.categories]);

/** Fields that shape the message an agent reads but never a verdict: editing them changes no draft's judgement. */
const WORDING_FIELDS = new Set(['message', 'suggest', 'fix', 'tests']);

/**
 * Normalising may lengthen a draft (contractions and chat spellings expand: "u" → "you"); three
 * times its length bounds it. A draft shorter than budget / (3 × regexes) cannot spend the scan budget.
 */
const EXPANSION = 3;

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

const verdictShape = (rule: LexiconRule) => JSON.stringify(Object.entries(rule).filter(([key]) => !WORDING_FIELDS.has(key)));

/** Ids of `a` in a longest sequence that `b` has in the same order (rules that kept their place). */
function keptInOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const table: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i] === b[j]) { kept.add(a[i]!); i++; j++; } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++; else j++;
  }
  return kept;
}

const rulesOf = (path: string, text: string | undefined): LexiconRule[] => (text !== undefined ? parseDataFile(path, text, RuleFileSchema).data.rules : []);

interface RuleText { id: string; text: string }

const BLANK_OR_COMMENT = /^\s*(#.*)?$/;
const RULE_START = /^( *)- id: *(["']?)([a-z][a-z0-9_.-]*)\2 *(#.*)?$/;
/** An anchor (&name) that text elsewhere could refer to: a rule with one is never read on its own. */
const ANCHOR = /(^|[\s[{,:-])&[^\s,\]}]/m;

/**
 * A rule file cut into the text of each rule (with the comments after it), when it is laid out
 * plainly: a top-level `rules:` list whose items each start with `- id:`. Lets an edit be compared
 * rule by rule, parsing only the rules whose text changed; null for any other layout (the file is
 * then parsed whole).
 */
function ruleTexts(text: string): RuleText[] | null {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => !BLANK_OR_COMMENT.test(line));
  if (start < 0 || !/^rules: *(#.*)?$/.test(lines[start]!)) return null;
  const rules: { id: string; lines: string[] }[] = [];
  let indent: string | undefined;
  for (const line of lines.slice(start + 1)) {
    const m = RULE_START.exec(line);
    if (m && (indent === undefined || m[1] === indent)) {
      indent = m[1]!;
      rules.push({ id: m[3]!, lines: [line] });
    } else if (rules.length > 0 && (BLANK_OR_COMMENT.test(line) || line.startsWith(`${indent} `))) {
      rules.at(-1)!.lines.push(line);
    } else if (!BLANK_OR_COMMENT.test(line)) return null;
  }
  if (new Set(rules.map((r) => r.id)).size !== rules.length) return null;
  return rules.map((r) => ({ id: r.id, text: r.lines.join('\n') }));
}

/**
 * The definitions (both versions) of the rules an edit of one rule file changed: added, removed,
 * changed in anything but wording, or moved among the others (a rule that kept its words but
 * changed place may win a tie for a span another rule matches too). Only the rules whose text
 * changed are parsed, each on its own, when the file is laid out plainly; else it is parsed whole.
 */
function changedRulesOf(path: string, before: string | undefined, after: string | undefined, byText = true): LexiconRule[] {
  const liveTexts = !byText ? null : before === undefined ? [] : ruleTexts(before);
  const editedTexts = !byText ? null : after === undefined ? [] : ruleTexts(after);
  let liveRules: LexiconRule[];
  let editedRules: LexiconRule[];
  let liveIds: string[];
  let editedIds: string[];
  const same = new Set<string>();
  if (liveTexts === null || editedTexts === null) {
    liveRules = rulesOf(path, before);
    editedRules = rulesOf(path, after);
    liveIds = liveRules.map((r) => r.id);
    editedIds = editedRules.map((r) => r.id);
  } else {
    const editedText = new Map(editedTexts.map((r) => [r.id, r.text]));
    for (const r of liveTexts) if (editedText.get(r.id) === r.text) same.add(r.id);
    const changed = [...liveTexts, ...editedTexts].filter((r) => !same.has(r.id));
    if (changed.some((r) => ANCHOR.test(r.text))) return changedRulesOf(path, before, after, false);
    const parse = (texts: RuleText[]) => texts.filter((r) => !same.has(r.id)).map((r) => rulesOf(path, `rules:\n${r.text}\n`)[0]!);
    try {
      liveRules = parse(liveTexts);
      editedRules = parse(editedTexts);
    } catch {
      // A rule that refers to text elsewhere in its file (an alias) cannot be read on its own.
      return changedRulesOf(path, before, after, false);
    }
    liveIds = liveTexts.map((r) => r.id);
    editedIds = editedTexts.map((r) => r.id);
  }
  const editedShape = new Map(editedRules.map((r) => [r.id, verdictShape(r)]));
  for (const r of liveRules) if (editedShape.get(r.id) === verdictShape(r)) same.add(r.id);
  const kept = keptInOrder(liveIds.filter((id) => same.has(id)), editedIds.filter((id) => same.has(id)));
  // A rule that moved but was not parsed: rare enough to read the file whole.
  if (byText && [...same].some((id) => !kept.has(id) && !editedShape.has(id))) return changedRulesOf(path, before, after, false);
  return [...liveRules, ...editedRules].filter((r) => !kept.has(r.id));
}

/**
 * The scope of the edit from `live` to `edited` (lexicon files as read from their folders).
 * `learnedAlike`: whether the learned layer is on in both sets or off in both (a model that no
 * longer fits its rules is switched off with a warning, which the caller sees when loading).
 */
export function editScope(live: readonly LexiconFile[], edited: readonly LexiconFile[], options: { learnedAlike: boolean }): EditScopeResult {
  if (!options.learnedAlike) return { scope: null, why: 'the learned layer is on for one set of lexicons and off for the other' };
  const byName = (files: readonly LexiconFile[]) => new Map(files.map((f) => [baseName(f.path), f]));
  const liveFiles = byName(live);
  const editedFiles = byName(edited);
  const changed = new Set<string>();
  const entries = new Map<string, LexiconRule['forbidden'][number]>();
  const regexes = { live: 0, edited: 0 };
  try {
    for (const name of new Set([...liveFiles.keys(), ...editedFiles.keys()])) {
      if (IGNORED_FILES.has(name)) continue;
      const before = liveFiles.get(name);
      const after = editedFiles.get(name);
      if (SHARED_FILES.has(name)) {
        if (before?.text !== after?.text) return { scope: null, why: `${name} differs` };
        continue;
      }
      // Counting the word over-counts (a message may say "regex"), which only shortens maxChars.
      regexes.live += (before?.text.split('regex').length ?? 1) - 1;
      regexes.edited += (after?.text.split('regex').length ?? 1) - 1;
      if (before?.text === after?.text) continue;
      for (const rule of changedRulesOf(name, before?.text, after?.text)) {
        changed.add(rule.id);
        for (const entry of rule.forbidden) entries.set(JSON.stringify(entry), entry);
      }
    }
  } catch (error) {
    return { scope: null, why: `the rule files could not be compared (${(error as Error).message.split('\n')[0]})` };
  }
  // Only a changed regex spends the budget differently on the two sides; phrases cost none of it.
  const changedRegex = [...entries.values()].some((entry) => typeof entry !== 'string');
  const maxChars = changedRegex ? Math.floor(REGEX_SCAN_BUDGET / (EXPANSION * Math.max(1, regexes.live, regexes.edited))) : Number.MAX_SAFE_INTEGER;
  if (changed.size === 0) return { scope: { changedRules: [], probe: null, maxChars } };
  const probe: LexiconFile[] = [
    { path: SPECIAL_FILES.categories, text: JSON.stringify({ categories: { probe: 'What an edit changed.' } }) },
    {
      path: 'probe.yaml',
      text: JSON.stringify({
        rules: [{
          id: 'impact.probe', severity: 'error', category: 'probe', message: { en: 'probe', zh: 'probe' }, quoted: 'match',
          forbidden: [...entries.values()], suggest: { en: ['probe'] }, tests: { flag: ['probe'], pass: ['probe'] },
        }],
      }),
    },
  ];
  return { scope: { changedRules: [...changed].sort(), probe, maxChars } };
}

/**
 * Whether the edit can change the judgement of a draft: a test built once per thread from the scope.
 * (Should the probe not compile, which phrases that compiled in their own lexicons always do, every draft counts as touched.)
 */
export function editTouches(scope: EditScope | null): (text: string) => boolean {
  if (scope === null) return () => true;
  if (scope.probe === null) return () => false;
  const compiled = compileGuard(scope.probe, { selfTest: false, learned: false });
  if (!compiled.ok) return () => true;
  const probe = compiled.guard;
  return (text) => text.length > scope.maxChars || probe.lint(text).findings.length > 0;
}
