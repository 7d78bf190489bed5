// Turns a draft into the form the automaton matches on, remembering for every
// output code unit which original code units produced it, so findings point at
// the text the agent actually wrote.
import { UNIT_HAN, UNIT_INVISIBLE, UNIT_PUNCT, UNIT_SPACE, type ScriptTables } from './scriptFolding.js';

export interface NormalizedText {
  /** Matching form: NFKC, lower case, Simplified, single spaces, contractions expanded. */
  readonly text: string;
  /** Original UTF-16 offset where output unit i starts. */
  readonly start: Int32Array;
  /** Original UTF-16 offset where output unit i ends (exclusive). */
  readonly end: Int32Array;
}

export const isHanUnit = (u: number) => (u >= 0x4e00 && u <= 0x9fff) || (u >= 0x3400 && u <= 0x4dbf) || (u >= 0xf900 && u <= 0xfaff);

export const isLatinAlnum = (u: number) =>
  (u >= 0x61 && u <= 0x7a) || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5a) ||
  (u >= 0xc0 && u <= 0x24f && u !== 0xd7 && u !== 0xf7);

/** Latin letters and tone marks a broken converter leaves as pinyin, e.g. 服務(wù). */
const isPinyinUnit = (u: number) => (u >= 0x61 && u <= 0x7a) || (u >= 0x41 && u <= 0x5a) || (u >= 0xe0 && u <= 0xfc) || (u >= 0x101 && u <= 0x1dc) || (u >= 0x300 && u <= 0x30c);

/** Length of a pinyin annotation `(wù)` starting at `open`, or 0. */
function pinyinAnnotationLength(text: string, open: number): number {
  let i = open + 1;
  const limit = Math.min(text.length, open + 10);
  while (i < limit && isPinyinUnit(text.charCodeAt(i))) i++;
  if (i === open + 1 || i >= text.length) return 0;
  const close = text.charCodeAt(i);
  return close === 0x29 || close === 0xff09 ? i - open + 1 : 0;
}

class OutputBuffer {
  units: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
  }
  push(u: number, s: number, e: number): void {
    if (this.length === this.units.length) this.grow(this.length + 16);
    this.units[this.length] = u;
    this.start[this.length] = s;
    this.end[this.length] = e;
    this.length++;
  }
  grow(minimum: number): void {
    const capacity = Math.max(minimum, this.units.length * 2 + 16);
    const units = new Uint16Array(capacity); units.set(this.units); this.units = units;
    const start = new Int32Array(capacity); start.set(this.start); this.start = start;
    const end = new Int32Array(capacity); end.set(this.end); this.end = end;
  }
  toText(): string {
    let text = '';
    for (let i = 0; i < this.length; i += 8192) {
      text += String.fromCharCode.apply(null, this.units.subarray(i, Math.min(this.length, i + 8192)) as unknown as number[]);
    }
    return text;
  }
}

/** NFKC + lower case + fold for anything outside the fast path, one code point at a time. */
function slowFold(codePoint: number, tables: ScriptTables): string {
  const lowered = String.fromCodePoint(codePoint).normalize('NFKC').toLowerCase();
  let folded = '';
  for (let k = 0; k < lowered.length; k++) {
    const u = lowered.charCodeAt(k);
    const f = tables.foldBmp[u]!;
    folded += String.fromCharCode(f === 0 ? u : f);
  }
  return folded;
}

/**
 * One pass over the draft: fold every unit (table lookup on the fast path,
 * NFKC for the rest), strip pinyin annotations, collapse whitespace, and drop
 * spaces and punctuation that sit between two Han characters, so
 * 你问我，我问谁 and 你 问 我 我 问 谁 both read 你问我我问谁.
 */
function foldCharacters(original: string, tables: ScriptTables): OutputBuffer {
  const n = original.length;
  const out = new OutputBuffer(n + 16);
  const { fastMap, unitClass } = tables;
  let units = out.units;
  let starts = out.start;
  let ends = out.end;
  let length = 0;
  let lastHan = false;
  let lastSpace = true;
  // Separators seen right after a Han character wait here: dropped if the next
  // kept unit is Han too, written out otherwise.
  let pendingFrom = -1;
  let slowCache: Map<number, string> | undefined;

  const write = (u: number, s: number, e: number): void => {
    const cls = unitClass[u]!;
    if ((cls & UNIT_INVISIBLE) !== 0) return;
    if ((cls & (UNIT_SPACE | UNIT_PUNCT)) !== 0) {
      const v = (cls & UNIT_SPACE) !== 0 ? 0x20 : u;
      if (v === 0x20 && lastSpace) return;
      if (lastHan && pendingFrom < 0) pendingFrom = length;
      if (length >= units.length) { out.length = length; out.grow(length + 16); units = out.units; starts = out.start; ends = out.end; }
      units[length] = v; starts[length] = s; ends[length] = e; length++;
      lastSpace = v === 0x20;
      return;
    }
    const han = (cls & UNIT_HAN) !== 0;
    if (pendingFrom >= 0) {
      if (han) length = pendingFrom;
      pendingFrom = -1;
    }
    if (length >= units.length) { out.length = length; out.grow(length + 16); units = out.units; starts = out.start; ends = out.end; }
    units[length] = u; starts[length] = s; ends[length] = e; length++;
    lastHan = han;
    lastSpace = false;
  };

  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    const m = fastMap[c]!;
    if (m !== 0) {
      if (m === 0x28 && lastHan) {
        const skip = pinyinAnnotationLength(original, i);
        if (skip > 0) { i += skip - 1; continue; }
      }
      // Inlined fast path for the common case: a plain unit that is not a separator.
      const cls = unitClass[m]!;
      if (pendingFrom < 0 && length < units.length) {
        if (cls === 0) {
          units[length] = m; starts[length] = i; ends[length] = i + 1; length++;
          lastHan = false; lastSpace = false;
          continue;
        }
        if (cls === UNIT_SPACE && !lastHan) {
          if (!lastSpace) { units[length] = 0x20; starts[length] = i; ends[length] = i + 1; length++; lastSpace = true; }
          continue;
        }
      }
      write(m, i, i + 1);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? original.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        slowCache ??= new Map();
        let folded = slowCache.get(cp);
        if (folded === undefined) { folded = slowFold(cp, tables); slowCache.set(cp, folded); }
        for (let k = 0; k < folded.length; k++) write(folded.charCodeAt(k), i, i + 2);
        i++;
      } else {
        // A lone surrogate is not text; it becomes a word boundary.
        write(0x20, i, i + 1);
      }
      continue;
    }
    slowCache ??= new Map();
    let folded = slowCache.get(c);
    if (folded === undefined) { folded = slowFold(c, tables); slowCache.set(c, folded); }
    for (let k = 0; k < folded.length; k++) write(folded.charCodeAt(k), i, i + 1);
  }
  out.length = length;
  return out;
}

const PRONOUN_IS = new Set(['it', 'that', 'there', 'here', 'what', 'who', 'where', 'he', 'she', 'this', 'how', 'when', 'why', 'everything', 'nothing', 'something', 'which']);
const IRREGULAR_NOT: Record<string, string> = { won: 'will', can: 'can', shan: 'shall', ain: 'is' };
const SUFFIX_WORD: Record<string, string> = { re: 'are', ve: 'have', ll: 'will', m: 'am', d: 'would' };
const CONTRACTION = /([a-z]+)'(t|s|re|ve|ll|m|d)(?![a-z0-9])|(?<![a-z0-9])(can)(not)(?![a-z0-9])/g;

/**
 * Expands English contractions in place (isn't → is not, can't/cannot → can
 * not, it's → it is) so one lexicon phrase covers both spellings; inserted
 * units take the offsets of the contraction they replace.
 */
function expandContractions(buffer: OutputBuffer, text: string): OutputBuffer {
  CONTRACTION.lastIndex = 0;
  let match = CONTRACTION.exec(text);
  if (match === null) return buffer;
  const out = new OutputBuffer(buffer.length + 64);
  let copied = 0;
  const copy = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(buffer.units[k]!, buffer.start[k]!, buffer.end[k]!);
  };
  const insert = (word: string, s: number, e: number) => {
    for (let k = 0; k < word.length; k++) out.push(word.charCodeAt(k), s, e);
  };
  for (; match !== null; match = CONTRACTION.exec(text)) {
    const at = match.index;
    if (match[3] !== undefined) {
      // cannot → can not
      copy(copied, at + 3);
      insert(' ', buffer.start[at + 2]!, buffer.end[at + 3]!);
      copied = at + 3;
      continue;
    }
    const word = match[1]!;
    const suffix = match[2]!;
    const apostrophe = at + word.length;
    const tokenEnd = at + match[0].length;
    if (suffix === 't') {
      if (!word.endsWith('n')) continue;
      const stem = IRREGULAR_NOT[word] ?? word.slice(0, -1);
      if (stem === '') continue;
      // The inserted "not" covers the whole word, so a hit on "not my job"
      // inside "isn't my job" reports "isn't my job", not "n't my job".
      const notStart = buffer.start[at]!;
      const notEnd = buffer.end[tokenEnd - 1]!;
      copy(copied, at);
      if (IRREGULAR_NOT[word] !== undefined) insert(stem, buffer.start[at]!, buffer.end[apostrophe - 1]!);
      else copy(at, at + stem.length);
      insert(' not', notStart, notEnd);
    } else if (suffix === 's') {
      if (word === 'let') { copy(copied, apostrophe); insert(' us', buffer.start[apostrophe]!, buffer.end[tokenEnd - 1]!); }
      else if (PRONOUN_IS.has(word)) { copy(copied, apostrophe); insert(' is', buffer.start[apostrophe]!, buffer.end[tokenEnd - 1]!); }
      else continue;
    } else {
      copy(copied, apostrophe);
      insert(` ${SUFFIX_WORD[suffix]!}`, buffer.start[apostrophe]!, buffer.end[tokenEnd - 1]!);
    }
    copied = tokenEnd;
  }
  copy(copied, buffer.length);
  return out;
}

export function normalizeForMatching(original: string, tables: ScriptTables): NormalizedText {
  let buffer = foldCharacters(original, tables);
  let text = buffer.toText();
  if (text.includes("'") || text.includes('cannot')) {
    const expanded = expandContractions(buffer, text);
    if (expanded !== buffer) { buffer = expanded; text = buffer.toText(); }
  }
  return { text, start: buffer.start.subarray(0, buffer.length), end: buffer.end.subarray(0, buffer.length) };
}

/** Normalises a lexicon phrase the same way as drafts, trimmed. */
export function normalizePhrase(phrase: string, tables: ScriptTables): string {
  return normalizeForMatching(phrase, tables).text.trim();
}
