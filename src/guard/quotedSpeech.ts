// Finds quoted speech in the ORIGINAL draft. An agent quoting a forbidden
// phrase (to explain a rule, or to repeat what a colleague said) is not using it.

const PAIRS: ReadonlyMap<number, number> = new Map([
  [0x201c, 0x201d], // “ ”
  [0x300c, 0x300d], // 「 」
  [0x300e, 0x300f], // 『 』
  [0xfe41, 0xfe42], // ﹁ ﹂
  [0xfe43, 0xfe44], // ﹃ ﹄
]);
const STRAIGHT_DOUBLE: readonly number[] = [0x22, 0xff02];

export interface Span { readonly start: number; readonly end: number }

/**
 * Closed quotation spans (inner text, without the marks). An unclosed quote
 * quotes nothing, and a quote never crosses a line break, so a stray mark
 * cannot hide the rest of a draft from the guard.
 */
const ANY_QUOTE = /["“「『﹁﹃＂]/;

export function findQuotedSpans(text: string): Span[] {
  const spans: Span[] = [];
  const first = text.search(ANY_QUOTE);
  if (first < 0) return spans;
  let i = first;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const close = PAIRS.get(c) ?? (STRAIGHT_DOUBLE.includes(c) ? c : undefined);
    if (close === undefined) { i++; continue; }
    let j = i + 1;
    let depth = 0;
    for (; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x0a || d === 0x0d) break;
      if (d === c && close !== c) depth++;
      else if (d === close || (close === 0x22 && d === 0xff02) || (close === 0xff02 && d === 0x22)) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (j < text.length && text.charCodeAt(j) !== 0x0a && text.charCodeAt(j) !== 0x0d) {
      spans.push({ start: i + 1, end: j });
      i = j + 1;
    } else {
      i++;
    }
  }
  return spans;
}

/** Whether [start, end) lies inside one of `spans` (sorted, non-overlapping), by binary search. */
export function insideAny(spans: readonly Span[], start: number, end: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const span = spans[mid]!;
    if (span.start > start) hi = mid - 1;
    else if (span.end < start) lo = mid + 1;
    else return end <= span.end;
  }
  return false;
}
