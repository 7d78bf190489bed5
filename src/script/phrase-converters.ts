// Phrase-aware conversion for display, limited to a known set of strings.
import type { ScriptTables } from './script-tables.js';

/**
 * Builds a phrase-aware converter for a known set of strings. Only the opencc
 * phrase entries that occur in those strings are kept, which is what keeps
 * lexicon compilation cheap.
 */
function phraseConverterFor(
  strings: readonly string[], rawPhrases: string, charMap: ReadonlyMap<string, string>, finish: ReadonlyMap<string, string>,
): (text: string) => string {
  const corpus = strings.join('\n');
  // A phrase can only occur if its first two characters do; checking that
  // first keeps this from scanning the corpus once per opencc entry.
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < corpus.length; i++) bigrams.add(corpus.slice(i, i + 2));
  const phrases = new Map<string, string>();
  let longest = 1;
  for (let at = 0; at < rawPhrases.length;) {
    let bar = rawPhrases.indexOf('|', at);
    if (bar < 0) bar = rawPhrases.length;
    if (bigrams.has(rawPhrases.slice(at, at + 2))) {
      const entry = rawPhrases.slice(at, bar);
      const space = entry.indexOf(' ');
      const from = entry.slice(0, space);
      if (space > 0 && corpus.includes(from)) {
        const rest = entry.slice(space + 1);
        const next = rest.indexOf(' ');
        phrases.set(from, next < 0 ? rest : rest.slice(0, next));
        longest = Math.max(longest, from.length);
      }
    }
    at = bar + 1;
  }
  return (text) => {
    let out = '';
    let i = 0;
    outer: while (i < text.length) {
      for (let len = Math.min(longest, text.length - i); len >= 2; len--) {
        const hit = phrases.get(text.slice(i, i + len));
        if (hit !== undefined) {
          for (const ch of hit) out += finish.get(ch) ?? ch;
          i += len;
          continue outer;
        }
      }
      const ch = text[i]!;
      const converted = charMap.get(ch) ?? ch;
      out += finish.get(converted) ?? converted;
      i++;
    }
    return out;
  };
}

/** Simplified → Traditional with Taiwan forms (头发 → 頭髮, 里面 → 裡面) for the given strings. */
export function traditionalConverterFor(strings: readonly string[], tables: ScriptTables): (text: string) => string {
  return phraseConverterFor(strings, tables.stPhrases, tables.simplifiedToTraditionalChar, tables.taiwanVariant);
}

/** Traditional → Simplified for the given strings, for lexicons written in Traditional. */
export function simplifiedConverterFor(strings: readonly string[], tables: ScriptTables): (text: string) => string {
  return phraseConverterFor(strings, tables.tsPhrases, tables.traditionalToSimplifiedChar, new Map());
}
