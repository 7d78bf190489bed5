// The learned layer: a character 2–4-gram naive Bayes over the guard's own
// normalised text (Traditional folded to Simplified, English lower-cased with
// contractions expanded), scored sentence by sentence. It catches wording the
// lexicon never listed. A guess warns; it blocks only when the model is very
// sure (blockThreshold) or sure beside a lexicon warning in the same sentence
// (corroboratedThreshold), both judged on n-grams it has seen (evidenceScore).
// N-grams are hashed into a fixed table so scoring allocates no strings.
import type { LearnedModel } from './learnedSchema.js';
import type { NormalizedText } from './normalize.js';
import { insideAny, type Span } from './quotedSpeech.js';

export const LEARNED_MODEL_FILE = 'learned-model.json';
export const LEARNED_FORMAT = 'hearken-guard-learned/1';

export type { LearnedModel } from './learnedSchema.js';

const BOUNDARY = 0x02;

/**
 * Calls `onGram(bucket)` for every n-gram (minN..maxN) of normal[from, to),
 * with a boundary mark at both ends; `skip(i)` drops unit i (quoted speech).
 */
export function forEachGram(
  normal: string, from: number, to: number, minN: number, maxN: number, mask: number,
  onGram: (bucket: number) => void, skip?: (i: number) => boolean,
): void {
  // Ring of the last maxN unit codes; spaces at the edges are trimmed.
  while (from < to && normal.charCodeAt(from) === 0x20) from++;
  while (to > from && normal.charCodeAt(to - 1) === 0x20) to--;
  if (from >= to) return;
  const ring = [BOUNDARY, 0, 0, 0, 0, 0, 0, 0];
  let filled = 1;
  const push = (code: number) => {
    for (let k = Math.min(filled, 7); k > 0; k--) ring[k] = ring[k - 1]!;
    ring[0] = code;
    if (filled < 8) filled++;
    for (let n = minN; n <= maxN && n <= filled; n++) {
      // FNV-1a over the n codes, with n mixed in so "ab" and "xab" never share by construction.
      let h = (0x811c9dc5 ^ n) >>> 0;
      for (let k = n - 1; k >= 0; k--) h = Math.imul(h ^ ring[k]!, 0x01000193);
      onGram((h ^ (h >>> 15)) & mask);
    }
  };
  for (let i = from; i < to; i++) {
    if (skip !== undefined && skip(i)) continue;
    push(normal.charCodeAt(i));
  }
  push(BOUNDARY);
}

export interface SentenceSpan { start: number; end: number }

/** 1: the unit ends a sentence; 2: a full stop, which does only before a space, a line break or the end. */
const SENTENCE_MARK = (() => {
  const table = new Uint8Array(0x10000);
  for (const c of [0x3002, 0xff01, 0xff1f, 0xff1b, 0x21, 0x3f, 0x3b, 0x0a, 0x2026]) table[c] = 1;
  table[0x2e] = 2;
  return table;
})();

const isSentenceEnd = (text: string, i: number): boolean => {
  const mark = SENTENCE_MARK[text.charCodeAt(i)]!;
  if (mark !== 2) return mark === 1;
  // A full stop ends a sentence when followed by a space or the end (not 3.5 or e.g.x).
  if (i + 1 >= text.length) return true;
  const next = text.charCodeAt(i + 1);
  return next === 0x20 || next === 0x0a;
};

/** What /\s/ matches, by code unit (no one-character strings on the hot path). */
const isWhiteSpaceUnit = (c: number): boolean =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c > 0x7f && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));

/** Sentence spans of the original text, trimmed, end exclusive and including the closing mark. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const n = text.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    let end = n;
    if (i < n) {
      if (SENTENCE_MARK[text.charCodeAt(i)] === 0 || !isSentenceEnd(text, i)) continue;
      // Runs of marks (?!, 。。。) stay with their sentence.
      end = i + 1;
      while (end < n && isSentenceEnd(text, end) && text.charCodeAt(end) !== 0x0a) end++;
    }
    let s = start;
    let e = end;
    while (s < e && isWhiteSpaceUnit(text.charCodeAt(s))) s++;
    while (e > s && isWhiteSpaceUnit(text.charCodeAt(e - 1))) e--;
    if (e > s) spans.push({ start: s, end: e });
    if (i === n) break;
    start = end;
    i = end - 1;
  }
  return spans;
}

/** The model's scalars scoring needs; its long lists live only in the typed tables beside them. */
export interface LearnedParams {
  readonly minN: number; readonly maxN: number; readonly prior: number; readonly shrink: number; readonly threshold: number;
  /** Infinity when the model has none (it only warns). */
  readonly blockThreshold: number; readonly corroboratedThreshold: number;
}

/**
 * Per bucket, the families that have a bonus for it and that bonus, as flat
 * arrays (open addressing, bucket → run of (family, bonus)): a sentence costs
 * its n-grams, not n-grams × families, and the compiled guard is typed arrays
 * only, which a short-lived process reads from its disk cache without
 * rebuilding a Map of tens of thousands of entries.
 */
export interface FamilyTable { readonly keys: Int32Array; readonly runStart: Int32Array; readonly runEnd: Int32Array; readonly family: Int32Array; readonly bonus: Float64Array; readonly mask: number }

export interface CompiledLearned {
  readonly params: LearnedParams;
  readonly source: string;
  readonly mask: number;
  readonly weights: Float32Array;
  /** `unseen` as stored in `weights` (float32): what an unseen bucket holds. */
  readonly unseenWeight: number;
  readonly families: readonly { rule: string; category: string; logPrior: number; unseen: number }[];
  readonly familyTable: FamilyTable;
}

function buildFamilyTable(model: LearnedModel): FamilyTable {
  const byBucket = new Map<number, { family: number; bonus: number }[]>();
  model.families.forEach((f, family) => {
    for (const [bucket, bonus] of f.bonus) {
      const list = byBucket.get(bucket);
      if (list) list.push({ family, bonus }); else byBucket.set(bucket, [{ family, bonus }]);
    }
  });
  let entries = 0;
  for (const list of byBucket.values()) entries += list.length;
  let size = 16;
  while (size < byBucket.size * 2) size <<= 1;
  const table = {
    keys: new Int32Array(size).fill(-1), runStart: new Int32Array(size), runEnd: new Int32Array(size),
    family: new Int32Array(entries), bonus: new Float64Array(entries), mask: size - 1,
  };
  let at = 0;
  for (const [bucket, list] of byBucket) {
    let slot = bucket & table.mask;
    while (table.keys[slot] !== -1) slot = (slot + 1) & table.mask;
    table.keys[slot] = bucket;
    table.runStart[slot] = at;
    for (const { family, bonus } of list) { table.family[at] = family; table.bonus[at] = bonus; at++; }
    table.runEnd[slot] = at;
  }
  return table;
}

export function compileLearned(model: LearnedModel, source: string): CompiledLearned {
  const size = 1 << model.hashBits;
  const weights = new Float32Array(size).fill(model.unseen);
  for (const [b, w] of model.weights) if (b < size) weights[b] = w;
  return {
    params: {
      minN: model.minN, maxN: model.maxN, prior: model.prior, shrink: model.shrink, threshold: model.threshold,
      blockThreshold: model.blockThreshold ?? Infinity, corroboratedThreshold: model.corroboratedThreshold ?? Infinity,
    },
    source,
    mask: size - 1,
    weights,
    unseenWeight: Math.fround(model.unseen),
    families: model.families.map((f) => ({ rule: f.rule, category: f.category, logPrior: f.logPrior, unseen: f.unseen })),
    familyTable: buildFamilyTable(model),
  };
}

const FNV_PRIME = 0x01000193;
const fnvStep = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME);
const bucketOf = (h: number, mask: number) => (h ^ (h >>> 15)) & mask;
const SEED2 = (0x811c9dc5 ^ 2) >>> 0;
const SEED3 = (0x811c9dc5 ^ 3) >>> 0;
const SEED4 = (0x811c9dc5 ^ 4) >>> 0;

/** Shrunken mean log-odds per n-gram plus the prior; -Infinity for a span with no n-gram. */
export function scoreSpan(learned: CompiledLearned, normal: string, from: number, to: number, skip?: (i: number) => boolean): number {
  const { weights, mask, params: model } = learned;
  if (model.minN !== 2 || model.maxN !== 4) {
    let sum = 0;
    let count = 0;
    forEachGram(normal, from, to, model.minN, model.maxN, mask, (b) => { sum += weights[b]!; count++; }, skip);
    return count === 0 ? -Infinity : model.prior + sum / (count + model.shrink);
  }
  // The hot path (lint scores every sentence): the same hashes as forEachGram
  // for 2–4-grams, without closures or a ring buffer.
  while (from < to && normal.charCodeAt(from) === 0x20) from++;
  while (to > from && normal.charCodeAt(to - 1) === 0x20) to--;
  if (from >= to) return -Infinity;
  let p1 = BOUNDARY;
  let p2 = -1;
  let p3 = -1;
  let sum = 0;
  let count = 0;
  for (let i = from; i <= to; i++) {
    let c: number;
    if (i === to) c = BOUNDARY;
    else {
      if (skip !== undefined && skip(i)) continue;
      c = normal.charCodeAt(i);
    }
    sum += weights[bucketOf(fnvStep(fnvStep(SEED2, p1), c), mask)]!;
    count++;
    if (p2 >= 0) {
      sum += weights[bucketOf(fnvStep(fnvStep(fnvStep(SEED3, p2), p1), c), mask)]!;
      count++;
      if (p3 >= 0) {
        sum += weights[bucketOf(fnvStep(fnvStep(fnvStep(fnvStep(SEED4, p3), p2), p1), c), mask)]!;
        count++;
      }
    }
    p3 = p2; p2 = p1; p1 = c;
  }
  // A span whose units were all skipped only saw the two boundary marks.
  if (p2 === BOUNDARY && p1 === BOUNDARY && p3 < 0) return -Infinity;
  return model.prior + sum / (count + model.shrink);
}

/**
 * Share of a sentence's n-grams the model must have seen for a block. Hashing
 * puts any n-gram somewhere, and about a fifth of the buckets hold a trained
 * weight, so random bytes land on seen buckets about a fifth of the time, with
 * weights that lean to flag; wording the model knows sees most of its n-grams.
 */
const MIN_SEEN_SHARE = 0.5;

/**
 * The score a block is judged by: as scoreSpan, but an n-gram the model never
 * saw counts 0 instead of the model's `unseen` log-odds (which leans to flag,
 * since flagged wording is the rarer, more varied kind), and a sentence with
 * fewer than MIN_SEEN_SHARE of its n-grams seen scores -Infinity. A warning may
 * rest on novelty; a block needs n-grams the model has seen in flagged sentences,
 * so random bytes or a language it never trained on never block.
 */
export function evidenceScore(learned: CompiledLearned, normal: string, from: number, to: number, skip?: (i: number) => boolean): number {
  const { weights, mask, params, unseenWeight } = learned;
  let sum = 0;
  let seen = 0;
  let count = 0;
  forEachGram(normal, from, to, params.minN, params.maxN, mask, (b) => {
    const w = weights[b]!;
    if (w !== unseenWeight) { sum += w; seen++; }
    count++;
  }, skip);
  return count === 0 || seen < MIN_SEEN_SHARE * count ? -Infinity : params.prior + sum / (count + params.shrink);
}

/** The rule family a flagged span is nearest to (highest per-rule naive Bayes score). */
export function nearestFamily(learned: CompiledLearned, normal: string, from: number, to: number): { rule: string; category: string } {
  const table = learned.familyTable;
  const buckets: number[] = [];
  forEachGram(normal, from, to, learned.params.minN, learned.params.maxN, learned.mask, (b) => { buckets.push(b); });
  // Each family's sum runs over the buckets in order, as a per-family loop would.
  const scores = Float64Array.from(learned.families, (f) => f.logPrior + buckets.length * f.unseen);
  for (const b of buckets) {
    let slot = b & table.mask;
    for (let key = table.keys[slot]!; key !== -1; key = table.keys[slot = (slot + 1) & table.mask]!) {
      if (key !== b) continue;
      for (let k = table.runStart[slot]!; k < table.runEnd[slot]!; k++) scores[table.family[k]!]! += table.bonus[k]!;
      break;
    }
  }
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
  const family = learned.families[best]!;
  return { rule: family.rule, category: family.category };
}

/** Normalised range [from, to) of the original span [start, end): units whose origin lies inside it. */
export function normalRange(normal: NormalizedText, start: number, end: number, fromHint = 0): { from: number; to: number } {
  let from = fromHint;
  const n = normal.text.length;
  while (from < n && normal.start[from]! < start) from++;
  let to = from;
  while (to < n && normal.start[to]! < end) to++;
  return { from, to };
}

/** `block`: the evidence score (evidenceScore) reached the block threshold for its sentence (alone or beside a lexicon warning). */
export interface LearnedHit { start: number; end: number; score: number; block: boolean; rule: string; category: string }

/**
 * What the lexicon already says about a sentence: nothing (`free`), only a
 * warning (`warned`: a learned block there is corroborated), or more (`covered`:
 * a lexicon error, or a hit the lexicon excused or saw negated; no learned finding).
 */
export type SentenceCoverage = 'free' | 'warned' | 'covered';

/**
 * Sentences of `text` the model flags: a sentence scoring at least the
 * warning threshold is warned, or blocked when its evidence score also reaches
 * blockThreshold (free sentence) or corroboratedThreshold (beside a lexicon
 * warning, where nothing short of a block is added).
 * `quoted`: original spans of quoted speech, whose units are left out of the
 * score (an agent quoting is not saying it).
 */
export function learnedHits(
  learned: CompiledLearned, text: string, normal: NormalizedText,
  coverage: (start: number, end: number) => SentenceCoverage, quoted: () => readonly Span[],
): LearnedHit[] {
  const hits: LearnedHit[] = [];
  const { threshold, blockThreshold, corroboratedThreshold } = learned.params;
  let hint = 0;
  for (const sentence of splitSentences(text)) {
    const { from, to } = normalRange(normal, sentence.start, sentence.end, hint);
    hint = to;
    if (to <= from) continue;
    // The cheap test first: most sentences a lexicon finding speaks for need no score.
    const covers = coverage(sentence.start, sentence.end);
    if (covers === 'covered') continue;
    // A warned sentence is scored only when corroborated blocks are on.
    if (covers === 'warned' && corroboratedThreshold === Infinity) continue;
    let score = scoreSpan(learned, normal.text, from, to);
    if (score < threshold) continue;
    const spans = quoted();
    // Binary search: a draft of many short quotes must not cost units × quotes.
    const inQuote = spans.length === 0 ? undefined : (i: number) => { const o = normal.start[i]!; return insideAny(spans, o, o + 1); };
    if (inQuote !== undefined) {
      score = scoreSpan(learned, normal.text, from, to, inQuote);
      if (score < threshold) continue;
    }
    const blockFrom = covers === 'warned' ? corroboratedThreshold : blockThreshold;
    const block = blockFrom !== Infinity && evidenceScore(learned, normal.text, from, to, inQuote) >= blockFrom;
    // In a warned sentence only a block is news: the lexicon's warning already speaks for it.
    if (covers === 'warned' && !block) continue;
    hits.push({ start: sentence.start, end: sentence.end, score, block, ...nearestFamily(learned, normal.text, from, to) });
  }
  return hits;
}
