// Turning a finding's advice into a revised draft: pure functions over the draft text.
// A finding's span `fix` is exact and wins; without one, a suggestion is a whole sentence,
// so it replaces the sentence that holds the finding.
import type { Finding, LintResult } from '../contracts/finding.js';

/** Replace `range` (UTF-16 offsets into the draft, end exclusive) with `text`. */
export interface DraftEdit {
  range: readonly [number, number];
  text: string;
}

// Sentence ends: Chinese and ASCII stops, semicolons and line breaks; a full stop only before
// white space or the end, so "e.g." inside a sentence or "10.5" does not split it.
const STOP_CHARS = new Set(['。', '！', '？', '!', '?', '；', ';', '\n', '…']);
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', '）', ')', '】', '》']);

function isStop(text: string, i: number): boolean {
  const ch = text[i]!;
  if (STOP_CHARS.has(ch)) return true;
  return ch === '.' && (i + 1 === text.length || /\s/.test(text[i + 1]!));
}

/**
 * The sentence around [start, end): from just after the previous sentence end (leading
 * white space skipped) up to and including its own stop and closing quotes.
 */
export function sentenceAround(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s > 0 && !isStop(text, s - 1)) s--;
  while (s < start && /\s/.test(text[s]!)) s++;
  let e = Math.max(end, s);
  while (e < text.length && !isStop(text, e)) e++;
  // Keep a line break outside the sentence: it separates, it does not end the words.
  while (e < text.length && text[e] !== '\n' && (isStop(text, e) || CLOSERS.has(text[e]!))) e++;
  // Trailing white space before a line break or the end stays where it is (never cutting into the phrase).
  while (e > Math.max(s, end) && /[ \t]/.test(text[e - 1]!)) e--;
  return [s, e];
}

const endsWithStop = (text: string) => /[。！？!?；;.…]["'”’」』）)】》]*$/.test(text.trimEnd());

/** The sentence's own closing punctuation, for a suggestion written without one. */
function trailingStops(sentence: string): string {
  return /[。！？!?；;.…]+["'”’」』）)】》]*$/.exec(sentence.trimEnd())?.[0] ?? '';
}

/** An edit offered for a finding; `suggestion` is the index of the suggestion it applies (absent for a span fix). */
export interface FindingEdit extends DraftEdit {
  suggestion?: number;
}

/**
 * The edits that would apply this finding's advice, best first: its span fix when it has one,
 * otherwise each suggestion in place of the sentence holding the finding. Suggestions
 * identical to the sentence they would replace are left out (they would change nothing).
 */
export function editsFor(draft: string, finding: Finding): FindingEdit[] {
  if (finding.fix) {
    const [s, e] = finding.fix.range;
    return s <= e && e <= draft.length ? [{ range: [s, e], text: finding.fix.text }] : [];
  }
  const [s, e] = sentenceAround(draft, finding.start, finding.end);
  const sentence = draft.slice(s, e);
  const edits: FindingEdit[] = [];
  finding.suggestions.forEach((suggestion, index) => {
    const text = endsWithStop(suggestion) ? suggestion.trim() : suggestion.trim() + trailingStops(sentence);
    if (text === '' || text === sentence || edits.some((x) => x.text === text)) return;
    edits.push({ range: [s, e], text, suggestion: index });
  });
  return edits;
}

/** Applies one edit; throws when its range does not fit the draft (the draft changed since). */
export function applyEdit(draft: string, edit: DraftEdit): string {
  const [s, e] = edit.range;
  if (!(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= draft.length)) {
    throw new RangeError(`the suggestion's range ${s}–${e} does not fit a draft of ${draft.length} characters; check the draft again`);
  }
  return draft.slice(0, s) + edit.text + draft.slice(e);
}

/**
 * Applies several edits at once, right to left so earlier offsets stay valid. Where two
 * edits overlap, the one earlier in the list wins and the other waits for the next round.
 */
export function applyEdits(draft: string, edits: readonly DraftEdit[]): { draft: string; applied: number } {
  const chosen: DraftEdit[] = [];
  for (const edit of edits) {
    const [s, e] = edit.range;
    const clashes = chosen.some((c) => (s === e || c.range[0] === c.range[1]
      ? s === c.range[0] && e === c.range[1] // two insertions at one place
      : s < c.range[1] && c.range[0] < e));
    if (!clashes) chosen.push(edit);
  }
  chosen.sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let out = draft;
  for (const edit of chosen) out = applyEdit(out, edit);
  return { draft: out, applied: chosen.length };
}

export interface FixAllOutcome {
  draft: string;
  result: LintResult;
  /** Edits applied over all rounds. */
  applied: number;
  rounds: number;
}

const SEVERITY_RANK: Readonly<Record<Finding['severity'], number>> = { error: 0, warning: 1, suggestion: 2 };

/**
 * "Fix all": applies the first edit of every finding, checks again, and repeats until the
 * draft passes, nothing more applies, or `maxRounds` rounds have run (a suggestion that
 * itself drew a finding cannot loop forever). Each round fixes only the most severe findings
 * that have an edit: rewriting a blocking sentence often settles a warning about the same
 * draft (an apology in the rewrite answers "acknowledge the customer first").
 */
export function fixAll(draft: string, lint: (draft: string) => LintResult, maxRounds = 4): FixAllOutcome {
  let current = draft;
  let result = lint(current);
  let applied = 0;
  let rounds = 0;
  while (result.verdict !== 'pass' && rounds < maxRounds) {
    const fixable = result.findings.map((f) => ({ f, edit: editsFor(current, f)[0] })).filter((x): x is { f: Finding; edit: DraftEdit } => x.edit !== undefined);
    if (fixable.length === 0) break;
    const worst = Math.min(...fixable.map((x) => SEVERITY_RANK[x.f.severity]));
    const firsts = fixable.filter((x) => SEVERITY_RANK[x.f.severity] === worst).map((x) => x.edit);
    const next = applyEdits(current, firsts);
    if (next.draft === current) break;
    rounds++;
    applied += next.applied;
    current = next.draft;
    result = lint(current);
  }
  return { draft: current, result, applied, rounds };
}
