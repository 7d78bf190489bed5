// Turns a draft into the form the automaton matches on, remembering for every
// output code unit which original code units produced it, so findings point at
// the text the agent actually wrote.
import type { ScriptTables } from './scriptFolding.js';

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

const isSpaceUnit = (u: number) =>
  u === 0x20 || (u >= 0x09 && u <= 0x0d) || u === 0x85 || u === 0xa0 || u === 0x1680 ||
  (u >= 0x2000 && u <= 0x200a) || u === 0x2028 || u === 0x2029 || u === 0x202f || u === 0x205f || u === 0x3000;

/** Invisible characters that only ever serve to split a word (or evade a filter). */
const isInvisible = (u: number) => (u >= 0x200b && u <= 0x200d) || u === 0xfeff || u === 0x2060 || u === 0xad || (u >= 0x300 && u <= 0x36f);

const isPunctuationUnit = (u: number) =>
  (u >= 0x21 && u <= 0x2f) || (u >= 0x3a && u <= 0x40) || (u >= 0x5b && u <= 0x60) || (u >= 0x7b && u <= 0x7e) ||
  (u >= 0xa1 && u <= 0xbf && u !== 0xaa && u !== 0xb5 && u !== 0xba) || (u >= 0x2010 && u <= 0x205e) ||
  (u >= 0x3001 && u <= 0x303f) || (u >= 0xfe10 && u <= 0xfe6f) || (u >= 0xff01 && u <= 0xff0f) ||
  (u >= 0xff1a && u <= 0xff20) || (u >= 0xff3b && u <= 0xff40) || (u >= 0xff5b && u <= 0xff65) || u === 0x30fb;

const isSingleQuoteLike = (u: number) => u === 0x2018 || u === 0x2019 || u === 0x201a || u === 0x201b || u === 0x2032 || u === 0x60 || u === 0xb4;
const isDoubleQuoteLike = (u: number) => u === 0x201c || u === 0x201d || u === 0x201e || u === 0x201f || u === 0x2033;

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
    if (this.length === this.units.length) this.grow();
    this.units[this.length] = u;
    this.start[this.length] = s;
    this.end[this.length] = e;
    this.length++;
  }
  private grow(): void {
    const capacity = this.units.length * 2 + 16;
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

/**
 * Writes units while dropping spaces and punctuation that sit between two Han
 * characters, so 你问我，我问谁 and 你 问 我 我 问 谁 both read 你问我我问谁.
 */
class SeparatorFilter {
  private lastHan = false;
  private lastSpace = true;
  private pending: number[] = [];
  constructor(private readonly out: OutputBuffer) {}

  write(u: number, s: number, e: number): void {
    if (isInvisible(u)) return;
    const space = isSpaceUnit(u);
    if (space || isPunctuationUnit(u)) {
      if (this.lastHan) { this.pending.push(space ? 0x20 : u, s, e); return; }
      this.emit(space ? 0x20 : u, s, e);
      return;
    }
    if (this.pending.length > 0) {
      if (!isHanUnit(u)) this.flush();
      else this.pending.length = 0;
    }
    this.emit(u, s, e);
    this.lastHan = isHanUnit(u);
  }

  lastWasHan(): boolean { return this.lastHan; }

  finish(): void { this.flush(); }

  private flush(): void {
    const p = this.pending;
    for (let k = 0; k < p.length; k += 3) this.emit(p[k]!, p[k + 1]!, p[k + 2]!);
    p.length = 0;
    this.lastHan = false;
  }

  private emit(u: number, s: number, e: number): void {
    if (u === 0x20) {
      if (this.lastSpace) return;
      this.lastSpace = true;
    } else this.lastSpace = false;
    this.out.push(u, s, e);
  }
}

/** NFKC + lower case + fold for anything outside the fast paths, one code point at a time. */
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

function foldCharacters(original: string, tables: ScriptTables): OutputBuffer {
  const out = new OutputBuffer(original.length + 16);
  const filter = new SeparatorFilter(out);
  const fold = tables.foldBmp;
  const slowCache = new Map<number, string>();
  const n = original.length;
  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x28 && filter.lastWasHan()) {
        const skip = pinyinAnnotationLength(original, i);
        if (skip > 0) { i += skip - 1; continue; }
      }
      filter.write(c >= 0x41 && c <= 0x5a ? c + 0x20 : c, i, i + 1);
    } else if (c >= 0x4e00 && c <= 0x9fff) {
      const f = fold[c]!;
      filter.write(f === 0 ? c : f, i, i + 1);
    } else if (c >= 0xff01 && c <= 0xff5e) {
      if (c === 0xff08 && filter.lastWasHan()) {
        const skip = pinyinAnnotationLength(original, i);
        if (skip > 0) { i += skip - 1; continue; }
      }
      const a = c - 0xfee0;
      filter.write(a >= 0x41 && a <= 0x5a ? a + 0x20 : a, i, i + 1);
    } else if (isSingleQuoteLike(c)) {
      filter.write(0x27, i, i + 1);
    } else if (isDoubleQuoteLike(c)) {
      filter.write(0x22, i, i + 1);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? original.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        let folded = slowCache.get(cp);
        if (folded === undefined) { folded = slowFold(cp, tables); slowCache.set(cp, folded); }
        for (let k = 0; k < folded.length; k++) filter.write(folded.charCodeAt(k), i, i + 2);
        i++;
      } else {
        // A lone surrogate is not text; it becomes a word boundary.
        filter.write(0x20, i, i + 1);
      }
    } else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff && c !== 0x30fb) || (c >= 0xac00 && c <= 0xd7a3)) {
      const f = fold[c]!;
      filter.write(f === 0 ? c : f, i, i + 1);
    } else {
      let folded = slowCache.get(c);
      if (folded === undefined) { folded = slowFold(c, tables); slowCache.set(c, folded); }
      for (let k = 0; k < folded.length; k++) filter.write(folded.charCodeAt(k), i, i + 1);
    }
  }
  filter.finish();
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
