// Bounds the work lexicon regexes can do on one draft. regexSafety.ts rejects
// the shapes that backtrack exponentially, but a regex may still cost time
// quadratic in the text it sees, so on a long draft each regex sees windows
// of at most REGEX_WINDOW units (cut at sentence ends where possible), and a
// draft gets a fixed budget of regex work; the phrase automaton, which is
// linear, still reads the whole draft. Drafts up to REGEX_WINDOW units (nearly
// every real reply) are one window: regexes see them whole, as before.

/** Longest text one regex call sees (normalised UTF-16 units). */
export const REGEX_WINDOW = 1000;
/** Units of windows all scanning regexes together may read per draft. */
export const REGEX_SCAN_BUDGET = 500_000;
/** Attempts at trigger positions (sticky regexes) per draft. */
export const REGEX_ATTEMPT_BUDGET = 50_000;

const SENTENCE_END = /[.!?;。！？；\n]/;

/**
 * Window boundaries over the normalised text: [0, c1, …, n], each window at
 * most `max` units. A cut goes after a sentence end in the latter half of the
 * window: a sentence mark in the normalised text, or one the normaliser
 * dropped between Han characters (found in the original between two units);
 * failing that after a space, failing that at `max` (never inside a surrogate pair).
 */
export function windowBounds(normal: string, start: Int32Array, end: Int32Array, original: string, max = REGEX_WINDOW): Int32Array {
  const bounds = [0];
  let from = 0;
  const sentenceEndsBefore = (i: number) =>
    SENTENCE_END.test(normal[i - 1]!) || (end[i - 1]! < start[i]! && SENTENCE_END.test(original.slice(end[i - 1]!, start[i]!)));
  while (normal.length - from > max) {
    let cut = -1;
    const earliest = from + (max >> 1);
    for (let i = from + max; i > earliest && cut < 0; i--) if (sentenceEndsBefore(i)) cut = i;
    for (let i = from + max; i > earliest && cut < 0; i--) if (normal.charCodeAt(i - 1) === 0x20) cut = i;
    if (cut < 0) {
      cut = from + max;
      const u = normal.charCodeAt(cut - 1);
      if (u >= 0xd800 && u <= 0xdbff) cut--;
    }
    bounds.push(cut);
    from = cut;
  }
  bounds.push(normal.length);
  return Int32Array.from(bounds);
}

/** Index of the window holding unit `at` (bounds as from windowBounds). */
export function windowOf(bounds: Int32Array, at: number): number {
  let lo = 0;
  let hi = bounds.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= at) lo = mid; else hi = mid - 1;
  }
  return lo;
}
