// Trains the learned layer (learned.ts) from labelled drafts. Pure: the caller
// reads the files and hashes them (src/lexicon-files/train-learned.ts).
// Sentence labels come from the lexicon itself: in a must-flag draft the
// sentence holding a lexicon finding is a flag example of that rule; every
// sentence of a must-pass draft is a pass example; the other sentences of a
// must-flag draft are left out (unknown). The threshold is chosen by
// cross-validation so that at most `maxFalsePositiveRate` of held-out
// must-pass drafts get a learned warning.
import type { Guard } from './guard.js';
import { compileLearned, forEachGram, LEARNED_FORMAT, normalRange, scoreSpan, splitSentences, type LearnedModel } from './learned.js';
import { normalizeForMatching } from './normalize.js';
import type { ScriptTables } from '../script/script-tables.js';

/** Bump when features or training change, so the shipped model counts as stale. */
export const LEARNED_TRAINER_VERSION = 1;

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
  shrink: number;
  guardrailMargin: number;
}

export const DEFAULT_LEARNED_CONFIG: TrainerConfig = { hashBits: 18, minN: 2, maxN: 4, alpha: 0.1, folds: 5, maxFalsePositiveRate: 0.01, shrink: 80, guardrailMargin: 0.02 };

interface Sentence { normal: string; label: string | null }
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
  /** Called as the work advances (lint-labelling every draft, each fold, the final model): for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

function prepare(draft: { expect: 'F' | 'P'; text: string }, guard: Guard, tables: ScriptTables): PreparedDraft {
  const normal = normalizeForMatching(draft.text, tables);
  const findings = draft.expect === 'F' ? guard.lint(draft.text).findings.filter((f) => f.severity !== 'suggestion') : [];
  const sentences = splitSentences(draft.text).map((s) => {
    const { from, to } = normalRange(normal, s.start, s.end);
    const hit = findings.find((f) => f.start < s.end && s.start < f.end);
    const label = draft.expect === 'P' ? 'pass' : hit ? hit.ruleId : null;
    return { normal: normal.text.slice(from, to), label };
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
    let rule = isPass ? undefined : ruleCounts.get(ex.label);
    if (!isPass && rule === undefined) { rule = { n: 0, total: 0, counts: new Map() }; ruleCounts.set(ex.label, rule); }
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

const draftScore = (compiled: ReturnType<typeof compileLearned>, d: PreparedDraft): number => {
  let best = -Infinity;
  for (const s of d.sentences) best = Math.max(best, scoreSpan(compiled, s.normal, 0, s.normal.length));
  return best;
};

export interface TrainedLearned { model: LearnedModel; report: Record<string, number>; cv: { pass: number[]; flag: number[] } }

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
  const extras: Sentence[] = input.extras.map((e) => ({ normal: normalizeForMatching(e.text, input.tables).text.trim(), label: e.label }));
  // Folds by position (drafts interleave sections and sets), so each fold mixes them.
  const passScores: number[] = [];
  const flagScores: number[] = [];
  for (let fold = 0; fold < config.folds; fold++) {
    const trainSentences = [...extras, ...drafts.filter((_, i) => i % config.folds !== fold).flatMap((d) => d.sentences)];
    const partial = compileLearned({ ...train(trainSentences, config, input.categoryOf), threshold: 0, sourceHash: '', trainedOn: [], crossValidation: {} }, '');
    drafts.forEach((d, i) => {
      if (i % config.folds !== fold) return;
      (d.expect === 'P' ? passScores : flagScores).push(draftScore(partial, d));
    });
    advance(Math.max(1, Math.ceil(n / 4)));
  }
  // The lowest threshold at which at most maxFalsePositiveRate of held-out pass drafts score at or above it.
  const sortedPass = [...passScores].sort((x, y) => y - x);
  const allowed = Math.floor(config.maxFalsePositiveRate * sortedPass.length);
  const cvThreshold = Math.round(((sortedPass[allowed] ?? -10) + 0.001) * 1000) / 1000;
  const full = train([...extras, ...drafts.flatMap((d) => d.sentences)], config, input.categoryOf);
  const compiledFull = compileLearned({ ...full, threshold: 0, sourceHash: '', trainedOn: [], crossValidation: {} }, '');
  const guardrailMax = Math.max(-Infinity, ...(input.guardrail ?? []).map((text) => {
    const normal = normalizeForMatching(text, input.tables);
    let best = -Infinity;
    for (const s of splitSentences(text)) {
      const { from, to } = normalRange(normal, s.start, s.end);
      best = Math.max(best, scoreSpan(compiledFull, normal.text, from, to));
    }
    return best;
  }));
  advance(total - done);
  const guardrailThreshold = Math.round((guardrailMax + config.guardrailMargin) * 1000) / 1000;
  const threshold = Math.max(cvThreshold, guardrailThreshold);
  const falsePositives = passScores.filter((s) => s >= threshold).length;
  const caught = flagScores.filter((s) => s >= threshold).length;
  const report = {
    drafts: drafts.length,
    passDrafts: passScores.length,
    flagDrafts: flagScores.length,
    trainingSentences: drafts.reduce((n, d) => n + d.sentences.filter((s) => s.label !== null).length, 0) + extras.length,
    cvThreshold,
    guardrailTexts: input.guardrail?.length ?? 0,
    guardrailThreshold: Number.isFinite(guardrailThreshold) ? guardrailThreshold : -1,
    threshold,
    shrink: config.shrink,
    cvFalsePositiveRate: Math.round((falsePositives / passScores.length) * 10000) / 10000,
    cvRecallLearnedAlone: Math.round((caught / flagScores.length) * 10000) / 10000,
  };
  return { model: { ...full, threshold, sourceHash: input.sourceHash, trainedOn: input.trainedOn, crossValidation: report }, report, cv: { pass: passScores, flag: flagScores } };
}
