// Turns a draft into the form the automaton matches on, remembering for every
// output code unit which original code units produced it, so findings point at
// the text the agent actually wrote.
import { UNIT_HAN, UNIT_INVISIBLE, UNIT_PUNCT, UNIT_SPACE, type ScriptTables } from '../script/script-tables.js';

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
  /** Makes room for `minimum` units, keeping the first `keep`. */
  ensure(minimum: number, keep: number): void {
    if (minimum <= this.units.length) return;
    const capacity = Math.max(minimum, this.units.length * 2);
    const units = new Uint16Array(capacity); units.set(this.units.subarray(0, keep)); this.units = units;
    const start = new Int32Array(capacity); start.set(this.start.subarray(0, keep)); this.start = start;
    const end = new Int32Array(capacity); end.set(this.end.subarray(0, keep)); this.end = end;
  }
}

/**
 * Reusable buffers for normalisation. A guard keeps one so linting does not
 * allocate per draft; results returned with a scratch are only valid until
 * the next call that uses the same scratch.
 */
export interface NormalizeScratch {
  readonly fold: OutputBuffer;
  readonly expand: OutputBuffer;
  identity: { start: Int32Array; end: Int32Array };
}

export function createNormalizeScratch(capacity = 2048): NormalizeScratch {
  return { fold: new OutputBuffer(capacity), expand: new OutputBuffer(capacity), identity: { start: new Int32Array(0), end: new Int32Array(0) } };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function decodeUnits(buffer: OutputBuffer, decoder: TextDecoder | null): string {
  const units = buffer.units.subarray(0, buffer.length);
  // The output never holds a lone surrogate (they become spaces), so the
  // UTF-16 decoder returns exactly these units, far faster than fromCharCode.
  if (decoder !== null && units.length > 32) return decoder.decode(units);
  let text = '';
  for (let i = 0; i < units.length; i += 8192) {
    text += String.fromCharCode.apply(null, units.subarray(i, Math.min(units.length, i + 8192)) as unknown as number[]);
  }
  return text;
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
 * All state lives in locals: this loop is the guard's hot path.
 */
function foldCharacters(original: string, tables: ScriptTables, out: OutputBuffer): void {
  const n = original.length;
  out.ensure(n + 16, 0);
  const { fastMap, unitClass } = tables;
  let units = out.units;
  let starts = out.start;
  let ends = out.end;
  let length = 0;
  let lastHan = false;
  let lastSpace = true;
  // Separators seen right after a Han character start at pendingFrom: they are
  // dropped if the next kept unit is Han too, kept otherwise.
  let pendingFrom = -1;
  let slowCache: Map<number, string> | undefined;

  for (let i = 0; i < n; i++) {
    const c = original.charCodeAt(i);
    let single = fastMap[c]!;
    let sequence: string | null = null;
    let width = 1;
    if (single !== 0) {
      // Hot path: one unit in, at most one unit out, capacity known (n + 16).
      const cls = unitClass[single]!;
      if (cls === 0) {
        pendingFrom = -1;
        units[length] = single; starts[length] = i; ends[length] = i + 1; length++;
        lastHan = false; lastSpace = false;
        continue;
      }
      if (cls === UNIT_HAN) {
        if (pendingFrom >= 0) { length = pendingFrom; pendingFrom = -1; }
        units[length] = single; starts[length] = i; ends[length] = i + 1; length++;
        lastHan = true; lastSpace = false;
        continue;
      }
      if (!lastHan && (cls === UNIT_SPACE || (cls === UNIT_PUNCT && single !== 0x28))) {
        // A separator after non-Han text is simply written (spaces collapsed).
        if (cls === UNIT_PUNCT) { units[length] = single; starts[length] = i; ends[length] = i + 1; length++; lastSpace = false; }
        else if (!lastSpace) { units[length] = 0x20; starts[length] = i; ends[length] = i + 1; length++; lastSpace = true; }
        continue;
      }
      if (single === 0x28 && lastHan) {
        const skip = pinyinAnnotationLength(original, i);
        if (skip > 0) { i += skip - 1; continue; }
      }
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? original.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        slowCache ??= new Map();
        sequence = slowCache.get(cp) ?? null;
        if (sequence === null) { sequence = slowFold(cp, tables); slowCache.set(cp, sequence); }
        width = 2;
      } else {
        // A lone surrogate is not text; it becomes a word boundary.
        single = 0x20;
      }
    } else {
      slowCache ??= new Map();
      sequence = slowCache.get(c) ?? null;
      if (sequence === null) { sequence = slowFold(c, tables); slowCache.set(c, sequence); }
    }
    const count = sequence === null ? 1 : sequence.length;
    // Keep room for this expansion plus one unit per remaining input unit,
    // which is what the hot path above relies on.
    if (length + count + (n - i) + 1 > units.length) {
      out.ensure(length + count + (n - i) + 16, length);
      units = out.units; starts = out.start; ends = out.end;
    }
    for (let k = 0; k < count; k++) {
      const u = sequence === null ? single : sequence.charCodeAt(k);
      const cls = unitClass[u]!;
      if (cls === 0) {
        if (pendingFrom >= 0) pendingFrom = -1;
        units[length] = u; starts[length] = i; ends[length] = i + width; length++;
        lastHan = false; lastSpace = false;
      } else if ((cls & UNIT_INVISIBLE) !== 0) {
        continue;
      } else if ((cls & (UNIT_SPACE | UNIT_PUNCT)) !== 0) {
        const v = (cls & UNIT_SPACE) !== 0 ? 0x20 : u;
        if (v === 0x20 && lastSpace) continue;
        if (lastHan && pendingFrom < 0) pendingFrom = length;
        units[length] = v; starts[length] = i; ends[length] = i + width; length++;
        lastSpace = v === 0x20;
      } else {
        // Han
        if (pendingFrom >= 0) { length = pendingFrom; pendingFrom = -1; }
        units[length] = u; starts[length] = i; ends[length] = i + width; length++;
        lastHan = true; lastSpace = false;
      }
    }
    i += width - 1;
  }
  out.length = length;
}

const PRONOUN_IS: ReadonlySet<string> = new Set(['it', 'that', 'there', 'here', 'what', 'who', 'where', 'he', 'she', 'this', 'how', 'when', 'why', 'everything', 'nothing', 'something', 'which']);
const IRREGULAR_NOT: Readonly<Record<string, string>> = { won: 'will', can: 'can', shan: 'shall', ain: 'is' };
const SUFFIX_WORD: Readonly<Record<string, string>> = { re: ' are', ve: ' have', ll: ' will', m: ' am', d: ' would' };

/**
 * Contractions typed without the apostrophe in chat ("dont", "thats", "u").
 * Only words that are not ordinary English words themselves: "its", "were",
 * "well", "id", "hell", "shell" and "ur" (your / you're) are left alone.
 */
const CHAT_WORDS: Readonly<Record<string, string>> = {
  dont: 'do not', doesnt: 'does not', didnt: 'did not', isnt: 'is not', arent: 'are not', wasnt: 'was not', werent: 'were not',
  cant: 'can not', couldnt: 'could not', shouldnt: 'should not', wouldnt: 'would not', wont: 'will not', havent: 'have not',
  hasnt: 'has not', hadnt: 'had not', thats: 'that is', theres: 'there is', whats: 'what is', youre: 'you are', youve: 'you have',
  youll: 'you will', youd: 'you would', im: 'i am', ive: 'i have', shouldve: 'should have', couldve: 'could have', wouldve: 'would have',
  u: 'you', pls: 'please', plz: 'please', thx: 'thanks',
};
const CHAT_WORD_MAX = Math.max(...Object.keys(CHAT_WORDS).map((w) => w.length));
const chatHash = (h: number, u: number) => Math.imul(h ^ u, 0x01000193);
const CHAT_SEED = 0x811c9dc5 | 0;
/** Open-addressed set of the chat words' hashes: a run is sliced and looked up only on a hash hit. */
const CHAT_HASHES = (() => {
  const table = new Int32Array(1024);
  for (const word of Object.keys(CHAT_WORDS)) {
    let h = CHAT_SEED;
    for (let k = 0; k < word.length; k++) h = chatHash(h, word.charCodeAt(k));
    h |= 1;
    let at = h & 1023;
    while (table[at] !== 0 && table[at] !== h) at = (at + 1) & 1023;
    table[at] = h;
  }
  return table;
})();

const isLowerLetter = (u: number) => u >= 0x61 && u <= 0x7a;
const isWordUnit = (u: number) => isLowerLetter(u) || (u >= 0x30 && u <= 0x39);

/**
 * Chat spellings in `text`: a whole run of letters, digits and apostrophes
 * that is one of CHAT_WORDS ("dont" but not "don't", "u" but not "u2").
 * A hand scan rather than one alternation regex, which ran on every draft:
 * each short all-letter run is hashed as it is read and sliced only when the
 * hash is a chat word's.
 */
function forEachChatWord(text: string, onWord: (from: number, to: number, word: string) => void): void {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let u = text.charCodeAt(i);
    if (!isWordUnit(u) && u !== 0x27) continue;
    const from = i;
    let letters = true;
    let h = CHAT_SEED;
    while (i < n && (isWordUnit(u) || u === 0x27)) {
      if (!isLowerLetter(u)) letters = false;
      h = chatHash(h, u);
      u = text.charCodeAt(++i);
    }
    if (!letters || i - from > CHAT_WORD_MAX) continue;
    h |= 1;
    for (let at = h & 1023; CHAT_HASHES[at] !== 0; at = (at + 1) & 1023) {
      if (CHAT_HASHES[at] !== h) continue;
      const word = text.slice(from, i);
      if (Object.hasOwn(CHAT_WORDS, word)) onWord(from, i, word);
      break;
    }
  }
}

/** Copy units [0, from + keep) of the source, insert `word`, resume at `to`. */
interface Edit { from: number; keep: number; word: string; s: number; e: number; to: number }

function contractionEdits(text: string, source: { readonly start: Int32Array; readonly end: Int32Array }): Edit[] {
  const edits: Edit[] = [];
  for (let p = text.indexOf("'"); p >= 0; p = text.indexOf("'", p + 1)) {
    let ws = p;
    while (ws > 0 && isLowerLetter(text.charCodeAt(ws - 1))) ws--;
    let se = p + 1;
    while (se < text.length && isLowerLetter(text.charCodeAt(se))) se++;
    if (ws === p || se === p + 1 || (se < text.length && isWordUnit(text.charCodeAt(se)))) continue;
    const word = text.slice(ws, p);
    const suffix = text.slice(p + 1, se);
    const s = source.start[ws]!;
    const e = source.end[se - 1]!;
    if (suffix === 't') {
      if (!word.endsWith('n') || word.length < 2) continue;
      const irregular = IRREGULAR_NOT[word];
      // The inserted "not" covers the whole word, so a hit on "not my job"
      // inside "isn't my job" reports "isn't my job", not "n't my job".
      if (irregular !== undefined) edits.push({ from: ws, keep: 0, word: `${irregular} not`, s, e, to: se });
      else edits.push({ from: ws, keep: word.length - 1, word: ' not', s, e, to: se });
    } else if (suffix === 's') {
      if (word === 'let') edits.push({ from: p, keep: 0, word: ' us', s: source.start[p]!, e, to: se });
      else if (PRONOUN_IS.has(word)) edits.push({ from: p, keep: 0, word: ' is', s: source.start[p]!, e, to: se });
    } else {
      const full = SUFFIX_WORD[suffix];
      if (full !== undefined) edits.push({ from: p, keep: 0, word: full, s: source.start[p]!, e, to: se });
    }
  }
  forEachChatWord(text, (ws, se, word) => {
    edits.push({ from: ws, keep: 0, word: CHAT_WORDS[word]!, s: source.start[ws]!, e: source.end[se - 1]!, to: se });
  });
  for (let p = text.indexOf('cannot'); p >= 0; p = text.indexOf('cannot', p + 1)) {
    if ((p > 0 && isWordUnit(text.charCodeAt(p - 1))) || (p + 6 < text.length && isWordUnit(text.charCodeAt(p + 6)))) continue;
    edits.push({ from: p, keep: 3, word: ' ', s: source.start[p + 2]!, e: source.end[p + 3]!, to: p + 3 });
  }
  return edits.sort((a, b) => a.from - b.from);
}

/**
 * Expands English contractions (isn't → is not, can't/cannot → can not,
 * it's → it is, chat spellings dont/thats/u) so one lexicon phrase covers
 * them all; inserted units take the offsets of the contraction they replace.
 * Builds the new text from slices of the old one (no per-unit work outside
 * the edits). Returns null when the text has none.
 */
function expandContractions(start: Int32Array, end: Int32Array, text: string, out: OutputBuffer): string | null {
  const edits = contractionEdits(text, { start, end });
  if (edits.length === 0) return null;
  out.ensure(text.length + edits.length * 8 + 16, 0);
  let length = 0;
  // Pieces joined once: join gives a flat string, which the automaton scans faster than a rope of slices.
  const pieces: string[] = [];
  const copy = (from: number, to: number) => {
    out.start.set(start.subarray(from, to), length);
    out.end.set(end.subarray(from, to), length);
    length += to - from;
    pieces.push(text.slice(from, to));
  };
  let copied = 0;
  for (const edit of edits) {
    if (edit.from < copied) continue;
    copy(copied, edit.from + edit.keep);
    for (let k = 0; k < edit.word.length; k++) { out.start[length] = edit.s; out.end[length] = edit.e; length++; }
    pieces.push(edit.word);
    copied = edit.to;
  }
  copy(copied, text.length);
  out.length = length;
  return pieces.join('');
}

/**
 * Plain ASCII with single spaces (most English drafts) normalises to its
 * lower-case form with every unit in place: no per-unit folding needed.
 * Rejected: anything outside tab/newline/printable ASCII, a whitespace run,
 * leading whitespace (the fold drops it).
 */
function isPlainAscii(text: string): boolean {
  let space = true; // leading whitespace counts as a run
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    const isSpace = u === 0x20 || u === 0x09 || u === 0x0a || u === 0x0d;
    if (isSpace) { if (space) return false; space = true; continue; }
    if (u < 0x20 || u > 0x7e) return false;
    space = false;
  }
  return true;
}
const LINE_BREAKS = /[\t\n\r]/g;

/**
 * Taiwan and Hong Kong spellings the Traditional → Simplified fold leaves
 * apart from the lexicon's: 妳 (you, to a woman) is 你, 甚麼 is 什麼. Each
 * replacement has the length of what it replaces, so offsets stay valid.
 */
const SPELLING_VARIANTS = /妳|甚幺/g;
const SPELLING_VARIANT_OF: Readonly<Record<string, string>> = { '妳': '你', '甚幺': '什幺' };

/** Offsets of the identity mapping (unit i ← original unit i), grown on demand and shared. */
function identityOffsets(buffers: NormalizeScratch, n: number): { start: Int32Array; end: Int32Array } {
  let id = buffers.identity;
  if (id.start.length < n) {
    const capacity = Math.max(n, id.start.length * 2);
    id = { start: new Int32Array(capacity), end: new Int32Array(capacity) };
    for (let i = 0; i < capacity; i++) { id.start[i] = i; id.end[i] = i + 1; }
    buffers.identity = id;
  }
  return { start: id.start.subarray(0, n), end: id.end.subarray(0, n) };
}

/**
 * Normalises text for matching. With a scratch (as the guard passes), the
 * returned offset arrays are views into it, valid until its next use.
 */
export function normalizeForMatching(original: string, tables: ScriptTables, scratch?: NormalizeScratch): NormalizedText {
  const buffers = scratch ?? createNormalizeScratch(original.length + 16);
  let text: string;
  let start: Int32Array;
  let end: Int32Array;
  if (isPlainAscii(original)) {
    text = original.toLowerCase();
    if (text.includes('\n') || text.includes('\t') || text.includes('\r')) text = text.replace(LINE_BREAKS, ' ');
    ({ start, end } = identityOffsets(buffers, text.length));
  } else {
    foldCharacters(original, tables, buffers.fold);
    const fold = buffers.fold;
    text = decodeUnits(fold, LITTLE_ENDIAN ? tables.utf16Decoder : null);
    if (text.includes('妳') || text.includes('甚幺')) text = text.replace(SPELLING_VARIANTS, (m) => SPELLING_VARIANT_OF[m]!);
    start = fold.start.subarray(0, fold.length);
    end = fold.end.subarray(0, fold.length);
  }
  {
    // Contractions, "cannot" and chat spellings; null when the text has none.
    const expanded = expandContractions(start, end, text, buffers.expand);
    if (expanded !== null) {
      text = expanded;
      start = buffers.expand.start.subarray(0, buffers.expand.length);
      end = buffers.expand.end.subarray(0, buffers.expand.length);
    }
  }
  return { text, start, end };
}

/** Normalises a lexicon phrase the same way as drafts, trimmed. */
export function normalizePhrase(phrase: string, tables: ScriptTables, scratch?: NormalizeScratch): string {
  return normalizeForMatching(phrase, tables, scratch).text.trim();
}
