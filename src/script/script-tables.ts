// Traditional ↔ Simplified character tables built from opencc-js dictionary
// data, once per caller (buildScriptTables), then passed to the pure helpers
// foldTraditional, detectLanguage (through scriptCharactersOf) and the phrase converters. Matching needs
// a per-character fold (so offsets survive: opencc's phrase conversion changes
// lengths), while text shown to a Traditional-script reader is converted
// phrase-aware, because 头发 must become 頭髮, not 頭發.
import TSCharacters from 'opencc-js/dict/TSCharacters';
import STCharacters from 'opencc-js/dict/STCharacters';
import STPhrases from 'opencc-js/dict/STPhrases';
import TSPhrases from 'opencc-js/dict/TSPhrases';
import TWVariants from 'opencc-js/dict/TWVariants';
import type { ScriptCharacterTest } from './script-characters.js';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';

/**
 * Pairs opencc leaves apart although people use them interchangeably in
 * complaints (the data keeps 帐 where writers mean 账).
 */
const EXTRA_FOLDS: readonly (readonly [string, string])[] = [['帐', '账']];

export interface ScriptTables {
  /** BMP code unit → folded code unit (identity when 0). */
  readonly foldBmp: Uint16Array;
  /**
   * Fast path of normalisation: BMP unit → its matching form (lower case,
   * half width, Simplified, straight quotes), or 0 when the unit needs full
   * NFKC handling.
   */
  readonly fastMap: Uint16Array;
  /** Per BMP unit: UNIT_SPACE | UNIT_PUNCT | UNIT_INVISIBLE | UNIT_HAN bits. */
  readonly unitClass: Uint8Array;
  /** Turns normalised UTF-16 units back into a string (stateless, shared). */
  readonly utf16Decoder: TextDecoder;
  /** +1 where a character only exists in Traditional writing, -1 where only in Simplified, else 0. */
  readonly scriptScore: Int8Array;
  readonly simplifiedToTraditionalChar: ReadonlyMap<string, string>;
  /** OpenCC standard Traditional → Taiwan form (裏 → 裡), applied to phrase output. */
  readonly taiwanVariant: ReadonlyMap<string, string>;
  /** opencc's Simplified → Traditional phrase table, raw "from to|from to" text. */
  readonly stPhrases: string;
  /** opencc's Traditional → Simplified phrase table, raw. */
  readonly tsPhrases: string;
  /** Traditional → Simplified for display (no matching-only folds such as 么 → 幺). */
  readonly traditionalToSimplifiedChar: ReadonlyMap<string, string>;
}

function parseDict(data: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const entry of data.split('|')) {
    const space = entry.indexOf(' ');
    if (space <= 0) continue;
    const rest = entry.slice(space + 1);
    const next = rest.indexOf(' ');
    pairs.push([entry.slice(0, space), next < 0 ? rest : rest.slice(0, next)]);
  }
  return pairs;
}

const isSingleBmp = (s: string) => s.length === 1;

export const UNIT_SPACE = 1;
export const UNIT_PUNCT = 2;
export const UNIT_INVISIBLE = 4;
export const UNIT_HAN = 8;

const isSpace = (u: number) =>
  u === 0x20 || (u >= 0x09 && u <= 0x0d) || u === 0x85 || u === 0xa0 || u === 0x1680 ||
  (u >= 0x2000 && u <= 0x200a) || u === 0x2028 || u === 0x2029 || u === 0x202f || u === 0x205f || u === 0x3000;
/** Invisible characters that only ever serve to split a word (or evade a filter). */
const isInvisible = (u: number) => (u >= 0x200b && u <= 0x200d) || u === 0xfeff || u === 0x2060 || u === 0xad || (u >= 0x300 && u <= 0x36f);
const isPunctuation = (u: number) =>
  (u >= 0x21 && u <= 0x2f) || (u >= 0x3a && u <= 0x40) || (u >= 0x5b && u <= 0x60) || (u >= 0x7b && u <= 0x7e) ||
  (u >= 0xa1 && u <= 0xbf && u !== 0xaa && u !== 0xb5 && u !== 0xba) || (u >= 0x2010 && u <= 0x205e && !isInvisible(u)) ||
  (u >= 0x3001 && u <= 0x303f) || (u >= 0xfe10 && u <= 0xfe6f) || (u >= 0xff01 && u <= 0xff0f) ||
  (u >= 0xff1a && u <= 0xff20) || (u >= 0xff3b && u <= 0xff40) || (u >= 0xff5b && u <= 0xff65) || u === 0x30fb;

function buildFastPath(foldBmp: Uint16Array): { fastMap: Uint16Array; unitClass: Uint8Array } {
  const fastMap = new Uint16Array(0x10000);
  const unitClass = new Uint8Array(0x10000);
  // Only these blocks hold spaces, punctuation or invisible units; Han blocks are filled wholesale.
  const mixedRanges: [number, number][] = [[0, 0x36f], [0x1680, 0x1680], [0x2000, 0x206f], [0x3000, 0x303f], [0x30fb, 0x30fb], [0xfe10, 0xfe6f], [0xfeff, 0xff65]];
  for (const [from, to] of mixedRanges) {
    for (let u = from; u <= to; u++) {
      unitClass[u] = (isSpace(u) ? UNIT_SPACE : 0) | (isPunctuation(u) ? UNIT_PUNCT : 0) | (isInvisible(u) ? UNIT_INVISIBLE : 0);
    }
  }
  for (const [from, to] of [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff]] as const) unitClass.fill(UNIT_HAN, from, to + 1);
  // NUL is never text; it becomes a boundary like a lone surrogate.
  fastMap[0] = 0x20;
  for (let u = 1; u < 0x80; u++) fastMap[u] = u >= 0x41 && u <= 0x5a ? u + 0x20 : u;
  for (let u = 0xff01; u <= 0xff5e; u++) { const a = u - 0xfee0; fastMap[u] = a >= 0x41 && a <= 0x5a ? a + 0x20 : a; }
  const identityRanges: [number, number][] = [[0x3400, 0x4dbf], [0x4e00, 0x9fff], [0x3041, 0x3096], [0x30a1, 0x30fa], [0xac00, 0xd7a3]];
  for (const [from, to] of identityRanges) for (let u = from; u <= to; u++) fastMap[u] = foldBmp[u] || u;
  for (const u of [0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x60, 0xb4]) fastMap[u] = 0x27;
  for (const u of [0x201c, 0x201d, 0x201e, 0x201f, 0x2033]) fastMap[u] = 0x22;
  for (let u = 0x3001; u <= 0x303f; u++) if (u !== 0x3000) fastMap[u] = u;
  fastMap[0x3000] = 0x20;
  for (const u of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0xad]) fastMap[u] = u;
  return { fastMap, unitClass };
}

export function buildScriptTables(): ScriptTables {
  const fold = new Map<string, string>();
  // Regional variants first map onto OpenCC's standard Traditional form, which
  // TSCharacters then simplifies; the closure below makes the fold idempotent
  // (f(f(c)) = f(c)) so a Simplified rule and a Traditional draft meet.
  const variant = new Map<string, string>();
  for (const [from, to] of [...parseDict(TWVariantsRev), ...parseDict(HKVariantsRev)]) {
    if (isSingleBmp(from) && isSingleBmp(to) && !variant.has(from)) variant.set(from, to);
  }
  const ts = new Map<string, string>();
  for (const [from, to] of parseDict(TSCharacters)) if (isSingleBmp(from) && isSingleBmp(to)) ts.set(from, to);
  const step = (c: string) => {
    const v = variant.get(c) ?? c;
    return ts.get(v) ?? v;
  };
  for (const c of new Set([...variant.keys(), ...ts.keys()])) fold.set(c, step(c));
  for (const [from, to] of EXTRA_FOLDS) fold.set(from, to);
  for (let changed = true, rounds = 0; changed && rounds < 5; rounds++) {
    changed = false;
    for (const [from, to] of fold) {
      const further = fold.get(to);
      if (further !== undefined && further !== to) { fold.set(from, further); changed = true; }
    }
  }
  const foldBmp = new Uint16Array(0x10000);
  const scriptScore = new Int8Array(0x10000);
  for (const [from, to] of fold) {
    if (from === to) continue;
    foldBmp[from.charCodeAt(0)] = to.charCodeAt(0);
    if (ts.has(from)) scriptScore[from.charCodeAt(0)] = 1;
  }
  const simplifiedToTraditionalChar = new Map<string, string>();
  const twVariant = new Map(parseDict(TWVariants));
  for (const [from, to] of parseDict(STCharacters)) {
    if (!isSingleBmp(from) || !isSingleBmp(to) || from === to) continue;
    simplifiedToTraditionalChar.set(from, twVariant.get(to) ?? to);
    if (!ts.has(from)) scriptScore[from.charCodeAt(0)] = -1;
  }
  // Characters that are standard Simplified but read as Taiwan-style variants.
  for (const [from, to] of twVariant) if (!simplifiedToTraditionalChar.has(from) && from !== to) simplifiedToTraditionalChar.set(from, to);
  const { fastMap, unitClass } = buildFastPath(foldBmp);
  const traditionalToSimplifiedChar = new Map(ts);
  // A regional variant converts for display only when it leads to a known
  // Traditional character (裡 → 裏 → 里); 么 stays 么, unlike the matching fold.
  for (const [from, to] of variant) {
    const simplified = ts.get(to);
    if (!traditionalToSimplifiedChar.has(from) && simplified !== undefined) traditionalToSimplifiedChar.set(from, simplified);
  }
  return { foldBmp, fastMap, unitClass, utf16Decoder: new TextDecoder('utf-16le'), scriptScore, simplifiedToTraditionalChar, taiwanVariant: twVariant, stPhrases: STPhrases, tsPhrases: TSPhrases, traditionalToSimplifiedChar };
}

/** The tables' one-script characters as detectLanguage's test (Basic Multilingual Plane only, as the tables are). */
export function scriptCharactersOf(tables: ScriptTables): ScriptCharacterTest {
  const scores = tables.scriptScore;
  return { scriptOnly: (code) => { const score = code <= 0xffff ? scores[code] : 0; return score === 1 ? 'traditional' : score === -1 ? 'simplified' : null; } };
}
