// Trains the learned layer (learned.ts) from labelled drafts. Pure: the caller
// reads the files and hashes them (src/lexicon-files/train-learned.ts).
// Sentence labels come from the lexicon itself: in a must-flag draft the
// sentence holding a lexicon finding is a flag example of that rule; every
// sentence of a must-pass draft is a pass example; the other sentences of a
// must-flag draft are left out (unknown), except that a must-flag draft of one
// sentence no phrase flags is a flag example of no family (UNLISTED_FLAG). The threshold is chosen by
// cross-validation so that at most `maxFalsePositiveRate` of held-out
// must-pass drafts get a learned warning.
import type { Guard } from './guard.js';
import { compileLearned, evidenceScore, forEachGram, LEARNED_FORMAT, normalRange, scoreSpan, splitSentences, type LearnedModel } from './learned.js';
import { normalizeForMatching } from './normalize.js';
import type { ScriptTables } from '../script/script-tables.js';

/** Bump when features or training change, so the shipped model counts as stale. */
export const LEARNED_TRAINER_VERSION = 2;

export interface LabelledDraft { expect: 'F' | 'P'; text: string; origin: string }

/** Parses the F/P draft format of test/guard/fixtures (`F text`, `P text`, `# comment`, `## section`). */
export function parseDraftFile(path: string, text: string): LabelledDraft[] {
  const drafts: LabelledDraft[] = [];
  text.split('\n').forEach((raw, i) => {
    if (/^[FP] /.test(raw)) drafts.push({ expect: raw[0] as 'F' | 'P', text: raw.slice(2), origin: `${path}:${i + 1}` });
    else if (raw.trim() !== '' && !raw.startsWith('#')) throw new Error(`${path}:${i + 1}: expected "F text", "P text", "# comment" or "## section", got: ${raw}`);
  });
  return drafts;
}

export interface TrainerConfig {
  hashBits: number;
  minN: number;
  maxN: number;
  /** Additive smoothing per bucket. */
  alpha: number;
  folds: number;
  maxFalsePositiveRate: number;
  /**
   * Held-out must-pass drafts a learned block may hit, for each of the two kinds (alone, corroborated by
   * a lexicon warning). 0 by default: the lexicon's own false blocks already use the budget, and few
   * must-pass drafts hold a lexicon warning, so any rate above 0 would let the threshold fall to nothing.
   */
  maxFalseBlockRate: number;
  shrink: number;
  guardrailMargin: number;
}

export const DEFAULT_LEARNED_CONFIG: TrainerConfig = { hashBits: 18, minN: 2, maxN: 4, alpha: 0.1, folds: 5, maxFalsePositiveRate: 0.01, maxFalseBlockRate: 0, shrink: 80, guardrailMargin: 0.02 };

/**
 * Label of a must-flag draft of one sentence that no lexicon phrase flags: the
 * sentence is the bad one, so it teaches flag against pass, but it names no rule
 * family, so it teaches no family.
 */
const UNLISTED_FLAG = '*unlisted';

/** `lexicon`: the most severe lexicon finding in the sentence (what corroborates a learned block), null for none. */
interface Sentence { normal: string; label: string | null; lexicon: 'error' | 'warning' | null }
interface PreparedDraft { expect: 'F' | 'P'; sentences: Sentence[] }

export interface TrainingInput {
  drafts: LabelledDraft[];
  /** Extra single examples: a rule id (flag example of that rule) or 'pass'. Always in training, never in CV scoring. */
  extras: { text: string; label: string }[];
  /** The lexicon-only guard (compiled with `learned: false`): labels sentences and names categories. */
  guard: Guard;
  categoryOf: ReadonlyMap<string, string>;
  tables: ScriptTables;
  sourceHash: string;
  trainedOn: string[];
  /**
   * Polite texts outside the training distribution (the bot's own wording)
   * that must get no learned warning: the threshold rises above the highest
   * of their sentence scores (plus `guardrailMargin`) when the CV threshold
   * would flag any. Never trained on, so they stay a check.
   */
  guardrail?: string[];
  /**
   * Polite texts that must never be blocked (the polite corpus): both block
   * thresholds rise above the highest of their sentence scores (and the
   * guardrail's) plus `guardrailMargin`. Never trained on.
   */
  blockGuardrail?: string[];
  /** Called as the work advances (lint-labelling every draft, each fold, the final model): for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

function prepare(draft: { expect: 'F' | 'P'; text: string }, guard: Guard, tables: ScriptTables): PreparedDraft {
  const normal = normalizeForMatching(draft.text, tables);
  const findings = guard.lint(draft.text).findings.filter((f) => f.severity !== 'suggestion');
  const spans = splitSentences(draft.text);
  const single = spans.length === 1;
  const sentences = spans.map((s): Sentence => {
    const { from, to } = normalRange(normal, s.start, s.end);
    const hits = findings.filter((f) => f.start < s.end && s.start < f.end);
    const label = draft.expect === 'P' ? 'pass' : hits.length > 0 ? hits[0]!.ruleId : single ? UNLISTED_FLAG : null;
    const lexicon = hits.some((f) => f.severity === 'error') ? 'error' : hits.length > 0 ? 'warning' : null;
    return { normal: normal.text.slice(from, to), label, lexicon };
  });
  return { expect: draft.expect, sentences };
}

function train(examples: Sentence[], config: TrainerConfig, categoryOf: ReadonlyMap<string, string>): Omit<LearnedModel, 'threshold' | 'sourceHash' | 'trainedOn' | 'crossValidation'> {
  const size = 1 << config.hashBits;
  const mask = size - 1;
  const flagCounts = new Map<number, number>();
  const passCounts = new Map<number, number>();
  const ruleCounts = new Map<string, { n: number; total: number; counts: Map<number, number> }>();
  let flagTotal = 0, passTotal = 0, flagSentences = 0;
  for (const ex of examples) {
    if (ex.label === null) continue;
    const isPass = ex.label === 'pass';
    const counts = isPass ? passCounts : flagCounts;
    const family = !isPass && ex.label !== UNLISTED_FLAG;
    let rule = family ? ruleCounts.get(ex.label) : undefined;
    if (family && rule === undefined) { rule = { n: 0, total: 0, counts: new Map() }; ruleCounts.set(ex.label, rule); }
    if (rule) { rule.n++; flagSentences++; }
    forEachGram(ex.normal, 0, ex.normal.length, config.minN, config.maxN, mask, (b) => {
      counts.set(b, (counts.get(b) ?? 0) + 1);
      if (isPass) passTotal++; else flagTotal++;
      if (rule) { rule.counts.set(b, (rule.counts.get(b) ?? 0) + 1); rule.total++; }
    });
  }
  const a = config.alpha;
  const logF = (c: number) => Math.log((c + a) / (flagTotal + a * size));
  const logP = (c: number) => Math.log((c + a) / (passTotal + a * size));
  const unseen = logF(0) - logP(0);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const buckets = new Set([...flagCounts.keys(), ...passCounts.keys()]);
  const weights: [number, number][] = [...buckets].sort((x, y) => x - y)
    .map((b) => [b, round(logF(flagCounts.get(b) ?? 0) - logP(passCounts.get(b) ?? 0))]);
  const families = [...ruleCounts].sort(([x], [y]) => x.localeCompare(y)).map(([rule, r]) => {
    const base = Math.log(a / (r.total + a * size));
    return {
      rule,
      category: categoryOf.get(rule) ?? 'unknown',
      logPrior: round(Math.log(r.n / flagSentences)),
      unseen: round(base),
      bonus: [...r.counts].sort(([x], [y]) => x - y).map(([b, c]) => [b, round(Math.log((c + a) / a))] as [number, number]),
    };
  });
  return { format: LEARNED_FORMAT, shrink: config.shrink, hashBits: config.hashBits, minN: config.minN, maxN: config.maxN, prior: 0, unseen: round(unseen), weights, families };
}

/**
 * A held-out draft as the cross-validation sees it: its highest sentence score
 * (what a warning needs), whether the lexicon blocks it anyway, and the
 * (score, evidence score) of each sentence no lexicon finding covers (`free`:
 * a learned block alone) and of each where the lexicon only warns (`warned`:
 * a corroborated block).
 */
export interface HeldOutScores { expect: 'F' | 'P'; any: number; lexiconBlocks: boolean; free: [number, number][]; warned: [number, number][] }

function heldOutScores(compiled: ReturnType<typeof compileLearned>, d: PreparedDraft): HeldOutScores {
  const scores: HeldOutScores = { expect: d.expect, any: -Infinity, lexiconBlocks: false, free: [], warned: [] };
  for (const s of d.sentences) {
    const score = scoreSpan(compiled, s.normal, 0, s.normal.length);
    scores.any = Math.max(scores.any, score);
    if (s.lexicon === 'error') { scores.lexiconBlocks = true; continue; }
    (s.lexicon === null ? scores.free : scores.warned).push([score, evidenceScore(compiled, s.normal, 0, s.normal.length)]);
  }
  return scores;
}

/** The highest evidence score among `sentences` that reach the warning threshold (what a learned block is judged by). */
const blockEvidence = (sentences: readonly [number, number][], threshold: number): number =>
  Math.max(-Infinity, ...sentences.filter(([score]) => score >= threshold).map(([, evidence]) => evidence));

/** The lowest threshold (to 0.001) at which at most `rate` of `scores` reach it. */
function lowestThreshold(scores: readonly number[], rate: number): number {
  const sorted = scores.filter(Number.isFinite).sort((x, y) => y - x);
  const allowed = Math.floor(rate * scores.length);
  return Math.round(((sorted[allowed] ?? -10) + 0.001) * 1000) / 1000;
}

/** The highest sentence score of any of `texts`. */
function highestSentenceScore(compiled: ReturnType<typeof compileLearned>, texts: readonly string[], tables: ScriptTables): number {
  let best = -Infinity;
  for (const text of texts) {
    const normal = normalizeForMatching(text, tables);
    for (const s of splitSentences(text)) {
      const { from, to } = normalRange(normal, s.start, s.end);
      best = Math.max(best, scoreSpan(compiled, normal.text, from, to));
    }
  }
  return best;
}

export interface TrainedLearned { model: LearnedModel; report: Record<string, number>; cv: HeldOutScores[] }

export function trainLearnedModel(input: TrainingInput, config: TrainerConfig = DEFAULT_LEARNED_CONFIG): TrainedLearned {
  // Units of work, roughly even in time: one per draft labelled, a draft-count's worth per fold and for the full model.
  const n = input.drafts.length;
  const total = n + (config.folds + 1) * Math.max(1, Math.ceil(n / 4));
  let done = 0;
  const advance = (units: number) => { done += units; input.onProgress?.(Math.min(done, total), total); };
  const drafts = input.drafts.map((d, i) => {
    const prepared = prepare(d, input.guard, input.tables);
    if (i % 50 === 49) advance(50);
    return prepared;
  });
  advance(n % 50);
  const extras: Sentence[] = input.extras.map((e) => ({ normal: normalizeForMatching(e.text, input.tables).text.trim(), label: e.label, lexicon: null }));
  // Folds by position (drafts interleave sections and sets), so each fold mixes them.
  const cv: HeldOutScores[] = new Array(drafts.length);
  for (let fold = 0; fold < config.folds; fold++) {
    const trainSentences = [...extras, ...drafts.filter((_, i) => i % config.folds !== fold).flatMap((d) => d.sentences)];
    const partial = compileLearned({ ...train(trainSentences, config, input.categoryOf), threshold: 0, sourceHash: '', trainedOn: [], crossValidation: {} }, '');
    drafts.forEach((d, i) => { if (i % config.folds === fold) cv[i] = heldOutScores(partial, d); });
    advance(Math.max(1, Math.ceil(n / 4)));
  }
  const pass = cv.filter((d) => d.expect === 'P');
  const flag = cv.filter((d) => d.expect === 'F');
  const cvThreshold = lowestThreshold(pass.map((d) => d.any), config.maxFalsePositiveRate);
  const full = train([...extras, ...drafts.flatMap((d) => d.sentences)], config, input.categoryOf);
  const compiledFull = compileLearned({ ...full, threshold: 0, sourceHash: '', trainedOn: [], crossValidation: {} }, '');
  const guardrailMax = highestSentenceScore(compiledFull, input.guardrail ?? [], input.tables);
  const polite = (input.blockGuardrail ?? []).map((text) => heldOutScores(compiledFull, prepare({ expect: 'P', text }, input.guard, input.tables)));
  advance(total - done);
  const guardrailThreshold = Math.round((guardrailMax + config.guardrailMargin) * 1000) / 1000;
  const threshold = Math.max(cvThreshold, guardrailThreshold);
  // Blocking needs more than a warning: a held-out false-block budget of its
  // own for each kind, and no sentence of the polite corpus of that kind near it
  // (the go-live gate fails on any blocked polite reply).
  const above = (score: number) => Math.round((score + config.guardrailMargin) * 1000) / 1000;
  const highest = (drafts: HeldOutScores[], kind: 'free' | 'warned') => drafts.map((d) => blockEvidence(d[kind], threshold));
  const politeFree = Math.max(-Infinity, ...highest(polite, 'free'));
  const politeWarned = Math.max(-Infinity, ...highest(polite, 'warned'));
  const blockThreshold = Math.max(0, above(politeFree), lowestThreshold(highest(pass, 'free'), config.maxFalseBlockRate));
  const corroboratedThreshold = Math.max(0, above(politeWarned), lowestThreshold(highest(pass, 'warned'), config.maxFalseBlockRate));
  const learnedBlocks = (d: HeldOutScores) => blockEvidence(d.free, threshold) >= blockThreshold || blockEvidence(d.warned, threshold) >= corroboratedThreshold;
  const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10000) / 10000);
  const missedByLexicon = flag.filter((d) => !d.lexiconBlocks);
  const report = {
    drafts: drafts.length,
    passDrafts: pass.length,
    flagDrafts: flag.length,
    trainingSentences: drafts.reduce((n, d) => n + d.sentences.filter((s) => s.label !== null).length, 0) + extras.length,
    cvThreshold,
    guardrailTexts: input.guardrail?.length ?? 0,
    guardrailThreshold: Number.isFinite(guardrailThreshold) ? guardrailThreshold : -1,
    threshold,
    shrink: config.shrink,
    cvFalsePositiveRate: rate(pass.filter((d) => d.any >= threshold).length, pass.length),
    cvRecallLearnedAlone: rate(flag.filter((d) => d.any >= threshold).length, flag.length),
    blockGuardrailTexts: input.blockGuardrail?.length ?? 0,
    blockThreshold,
    corroboratedThreshold,
    cvFalseBlockRate: rate(pass.filter(learnedBlocks).length, pass.length),
    cvLexiconUnblocked: missedByLexicon.length,
    cvBlockRecallOfLexiconUnblocked: rate(missedByLexicon.filter(learnedBlocks).length, missedByLexicon.length),
  };
  return {
    model: { ...full, threshold, blockThreshold, corroboratedThreshold, sourceHash: input.sourceHash, trainedOn: input.trainedOn, crossValidation: report },
    report, cv,
  };
}
