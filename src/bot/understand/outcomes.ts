/**
 * What the customer wants done, read from whole sentences: several outcomes,
 * negation ("不要退款了", "not a refund"), and changes of mind ("还是换货吧",
 * "actually a repair"): refund, replacement and repair are alternatives, the
 * latest wins; compensation, an apology and an explanation add up.
 */
import type { OutcomeKind } from './lexicon.js';
import { OUTCOME_KINDS } from './lexicon.js';
import { clausesOf, hasHan, type PhraseHit, type PhraseList } from './text.js';

export interface OutcomeWords {
  kinds: Readonly<Record<OutcomeKind, PhraseList>>;
  want: PhraseList;
  negation: PhraseList;
  change: PhraseList;
}

export interface Outcomes {
  /** In the order the customer settled on them. */
  wanted: OutcomeKind[];
  refused: OutcomeKind[];
}

export const ALTERNATIVES: ReadonlySet<OutcomeKind> = new Set(['refund', 'replacement', 'repair']);
export const noOutcomes = (): Outcomes => ({ wanted: [], refused: [] });

/** How far (in characters) a negation may stand before the outcome it negates. */
const NEGATION_REACH = { latin: 24, han: 5 };

/**
 * The outcomes in one message. `asked`: the message answers "what would you
 * like us to do", so every outcome named counts; in a story only those in a
 * sentence that asks for something (or the one right after it) do.
 */
export function findOutcomes(form: string, words: OutcomeWords, asked: boolean): Outcomes & { changed: boolean } {
  const result: Outcomes & { changed: boolean } = { wanted: [], refused: [], changed: false };
  const hits: Array<PhraseHit & { kind: OutcomeKind }> = [];
  for (const kind of OUTCOME_KINDS) {
    for (const hit of words.kinds[kind].find(form)) hits.push({ ...hit, kind });
  }
  if (hits.length === 0) return result;
  // Longest first where two outcomes' words overlap ("refund" inside "full refund" is one).
  const kept = hits.sort((a, b) => (b.end - b.start) - (a.end - a.start))
    .filter((h, i, all) => !all.slice(0, i).some((o) => h.start < o.end && h.end > o.start))
    .sort((a, b) => a.start - b.start);
  const negations = words.negation.find(form);
  const wants = words.want.find(form).filter((w) => !negations.some((n) => w.start < n.end && w.end > n.start));
  const changes = words.change.find(form);
  let wantUntilClause = asked ? Number.POSITIVE_INFINITY : -1;
  clausesOf(form).forEach((clause, index) => {
    const inClause = <T extends { start: number; end: number }>(list: readonly T[]) => list.filter((h) => h.start >= clause.start && h.end <= clause.end);
    const clauseHits = inClause(kept);
    const clauseChanges = inClause(changes);
    if (inClause(wants).length > 0 || clauseChanges.length > 0) wantUntilClause = Math.max(wantUntilClause, index + 1);
    for (const hit of clauseHits) {
      const reach = hasHan(form.slice(hit.start, hit.end)) ? NEGATION_REACH.han : NEGATION_REACH.latin;
      const negated = inClause(negations).some((n) => n.end <= hit.start && hit.start - n.end <= reach
        && !wants.some((w) => w.start >= n.end && w.end <= hit.start));
      if (negated) {
        remove(result.wanted, hit.kind);
        if (!result.refused.includes(hit.kind)) result.refused.push(hit.kind);
        wantUntilClause = Math.max(wantUntilClause, index + 1);
        continue;
      }
      if (index > wantUntilClause) continue;
      const changing = clauseChanges.length > 0 || result.refused.some((r) => ALTERNATIVES.has(r));
      if (ALTERNATIVES.has(hit.kind) && changing) {
        for (const other of [...result.wanted]) if (ALTERNATIVES.has(other) && other !== hit.kind) remove(result.wanted, other);
        result.changed = true;
      }
      remove(result.refused, hit.kind);
      if (!result.wanted.includes(hit.kind)) result.wanted.push(hit.kind);
    }
  });
  return result;
}

/**
 * The outcomes after a new message: what it refuses goes; an alternative it
 * names replaces the earlier alternative (the latest choice); the rest add up.
 */
export function mergeOutcomes(before: Outcomes, next: Outcomes): Outcomes {
  const wanted = before.wanted.filter((k) => !next.refused.includes(k));
  const nextAlternative = next.wanted.some((k) => ALTERNATIVES.has(k));
  const merged = nextAlternative ? wanted.filter((k) => !ALTERNATIVES.has(k)) : wanted;
  for (const k of next.wanted) if (!merged.includes(k)) merged.push(k);
  const refused = [...before.refused.filter((k) => !next.wanted.includes(k))];
  for (const k of next.refused) if (!refused.includes(k)) refused.push(k);
  return { wanted: merged, refused };
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}
