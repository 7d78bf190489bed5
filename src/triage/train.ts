// Training and cross-validation (pure: examples and lexicons in, model out).
import { CATEGORY_LABELS, EMOTION_LABELS, ESCALATION_REASONS, INTENT_LABELS, KIND_LABELS, MOTIVE_LABELS, type EscalationReason } from '../contracts/triage.js';
import { createAnalyzer, type AnalyzerOptions } from './analyze.js';
import { balancedClassWeights, DEFAULT_TRAIN_OPTIONS, fitTemperature, logits, scaleFor, softmax, thresholdForPrecision, trainSoftmax, type SoftmaxModel, type SparseRow, type TrainOptions } from './classifier.js';
import type { ChitchatMessage, CueLexicon, EscalationLexicon, LabelledExample } from './lexicon.js';
import { ESCALATION_HEAD_LABELS, MODEL_FORMAT, type TriageModel } from './model.js';
import type { ScriptCharacters } from '../script/script-characters.js';

/** Bump when feature extraction or training changes, so the shipped model counts as stale. */
export const TRAINER_VERSION = 9;

export interface TrainerConfig {
  folds: number;
  seed: number;
  /** A feature must occur in this many training messages (cue features always count). */
  minDf: number;
  train: TrainOptions;
  analyzer: AnalyzerOptions;
  thresholds: { intent: number; category: number; evidence: number };
  /**
   * The learned escalation head adds an escalation at the lowest P(escalate) whose
   * out-of-fold precision (head alone, complaints and non-complaints) reaches this,
   * and never below `escalationFloor`.
   */
  escalationPrecision: number;
  escalationFloor: number;
}

export const DEFAULT_TRAINER_CONFIG: TrainerConfig = {
  folds: 5,
  seed: 20261123,
  minDf: 2,
  train: DEFAULT_TRAIN_OPTIONS,
  analyzer: { segmenterWords: false },
  thresholds: { intent: 0.3, category: 0.2, evidence: 0.5 },
  escalationPrecision: 0.9,
  escalationFloor: 0.5,
};

export interface TrainingInput {
  examples: LabelledExample[];
  /** Non-complaints with their kind: they train the kind head (and praise the motive head). */
  chitchat: ChitchatMessage[];
  cues: CueLexicon;
  escalation: EscalationLexicon;
  scripts: ScriptCharacters;
  sourceHash: string;
}

/**
 * One softmax head: its labels and which training messages teach it. A head
 * skips a message it has no label for (index -1).
 */
interface HeadSpec<N extends string> {
  name: N;
  labels: readonly string[];
  /**
   * Class weights for imbalanced heads: `full` makes every class count the same
   * (few anxious messages); `sqrt` goes half way, so a class with few examples
   * (praise, questions: ~5% of the messages) is heard without being over-predicted.
   */
  balanced: false | 'full' | 'sqrt';
  /** The label index, or several (a message with two escalation reasons teaches both). */
  example: (e: LabelledExample) => number | readonly number[];
  chitchat: (m: ChitchatMessage) => number;
}

const none = () => -1;
const indexIn = (labels: readonly string[], label: string | undefined) => (label === undefined ? -1 : labels.indexOf(label));

/** The complaint heads: evaluated per example against its labels. */
export const HEADS = [
  { name: 'intent', labels: INTENT_LABELS, balanced: false, example: (e) => indexIn(INTENT_LABELS, e.intent), chitchat: none },
  { name: 'category', labels: CATEGORY_LABELS, balanced: false, example: (e) => indexIn(CATEGORY_LABELS, e.category), chitchat: none },
  { name: 'emotion', labels: EMOTION_LABELS, balanced: 'full', example: (e) => indexIn(EMOTION_LABELS, e.emotion), chitchat: none },
  // Praise is feedback: its motive is `suggestion` (提意见 covers praise and proposals).
  { name: 'motive', labels: MOTIVE_LABELS, balanced: 'full', example: (e) => indexIn(MOTIVE_LABELS, e.motive), chitchat: (m) => (m.kind === 'compliment' ? MOTIVE_LABELS.indexOf('suggestion') : -1) },
] as const satisfies readonly HeadSpec<string>[];
export type HeadName = (typeof HEADS)[number]['name'];

/** Is the message a complaint at all, praise, a plain question or something else? */
const KIND_HEAD: HeadSpec<'kind'> = {
  name: 'kind', labels: KIND_LABELS, balanced: 'sqrt',
  example: () => KIND_LABELS.indexOf('complaint'),
  chitchat: (m) => KIND_LABELS.indexOf(m.kind),
};
/**
 * Should the case be escalated, and why? Learned from the examples' escalation labels
 * (non-complaints never escalate) on the same features, so it reaches wordings of danger,
 * exposure and repeats the cue rules have not been shown; the rules stay the floor.
 */
const ESCALATION_HEAD: HeadSpec<'escalation'> = {
  name: 'escalation', labels: ESCALATION_HEAD_LABELS, balanced: 'sqrt',
  example: (e) => (e.escalate.length > 0 ? e.escalate.map((r) => ESCALATION_HEAD_LABELS.indexOf(r)) : 0),
  chitchat: () => 0,
};
/** Model order: the offsets of each head's columns follow it (intent and category first: see index.ts evidence). */
const MODEL_HEADS: readonly HeadSpec<ModelHeadName>[] = [...HEADS, KIND_HEAD, ESCALATION_HEAD];
type ModelHeadName = HeadName | 'kind' | 'escalation';

/** Deterministic PRNG so folds and the shipped model are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fold number per item, stratified by key (so each fold has every language × intent).
 * Items with the same `groups` entry share the fold of the group's first item.
 */
export function stratifiedFolds(keys: string[], folds: number, seed: number, groups?: readonly number[]): number[] {
  const random = mulberry32(seed);
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => byKey.set(k, [...(byKey.get(k) ?? []), i]));
  const assignment = new Array<number>(keys.length).fill(0);
  let offset = 0;
  for (const key of [...byKey.keys()].sort()) {
    const items = byKey.get(key)!;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    items.forEach((item, i) => { assignment[item] = (offset + i) % folds; });
    offset += items.length;
  }
  if (groups) {
    const foldOfGroup = new Map<number, number>();
    groups.forEach((g, i) => { if (!foldOfGroup.has(g)) foldOfGroup.set(g, assignment[i]!); assignment[i] = foldOfGroup.get(g)!; });
  }
  return assignment;
}

/** Share of Chinese character bigrams two messages have in common (Jaccard). */
const HAN_BIGRAM = 'z:';
function bigramOverlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / Math.max(1, a.size + b.size - common);
}

/**
 * Groups for the folds: a Traditional-script example that is a rewording of a
 * Simplified one (the corpus and the folded dev rounds hold many such pairs, and
 * both fold to nearly the same characters) joins its group, so a pair never sits on
 * both sides of a fold and out-of-fold figures (calibration, the escalation threshold,
 * the cross-validated scores) are not flattered by near-copies.
 */
export function scenarioGroups(set: Pick<FeaturisedSet, 'examples' | 'exampleFeatures'>, chitchatCount: number, minOverlap = 0.3): number[] {
  const bigrams = set.exampleFeatures.map((f) => new Set(f.filter((x) => x.startsWith(HAN_BIGRAM))));
  const simplified = set.examples.flatMap((e, i) => (e.lang === 'zh-Hans' && bigrams[i]!.size > 0 ? [i] : []));
  const groups = set.examples.map((_, i) => i);
  set.examples.forEach((e, i) => {
    if (e.lang !== 'zh-Hant' || bigrams[i]!.size === 0) return;
    let best = -1, bestOverlap = minOverlap;
    for (const j of simplified) {
      const o = bigramOverlap(bigrams[i]!, bigrams[j]!);
      if (o >= bestOverlap) { best = j; bestOverlap = o; }
    }
    if (best >= 0) groups[i] = best;
  });
  return [...groups, ...Array.from({ length: chitchatCount }, (_, i) => set.examples.length + i)];
}

export interface FittedHeads {
  vocabulary: Map<string, number>;
  heads: Record<ModelHeadName, SoftmaxModel & { temperature: number }>;
  /**
   * The learned escalation head's threshold on P(escalate) for each top reason, and the
   * out-of-fold precision and recall of the head alone with them.
   */
  escalation: { thresholds: Record<EscalationReason, number>; precision: number; recall: number };
}

function buildVocabulary(featureLists: string[][], minDf: number): Map<string, number> {
  const df = new Map<string, number>();
  for (const list of featureLists) for (const f of new Set(list)) df.set(f, (df.get(f) ?? 0) + 1);
  const vocabulary = new Map<string, number>();
  for (const [f, n] of [...df.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (n >= minDf || f.startsWith('c:') || f.startsWith('s:')) vocabulary.set(f, vocabulary.size);
  }
  return vocabulary;
}

function toRow(features: string[], vocabulary: Map<string, number>): SparseRow {
  const distinct = new Set(features);
  const indices: number[] = [];
  for (const f of distinct) {
    const i = vocabulary.get(f);
    if (i !== undefined) indices.push(i);
  }
  return { indices: Int32Array.from(indices), scale: scaleFor(distinct.size) };
}

/** Featurised training data: complaint examples and non-complaint messages. */
export interface FeaturisedSet {
  examples: LabelledExample[];
  exampleFeatures: string[][];
  chitchat: ChitchatMessage[];
  chitchatFeatures: string[][];
}

const subsetOf = (set: FeaturisedSet, exampleIdx: number[], chitchatIdx: number[]): FeaturisedSet => ({
  examples: exampleIdx.map((i) => set.examples[i]!),
  exampleFeatures: exampleIdx.map((i) => set.exampleFeatures[i]!),
  chitchat: chitchatIdx.map((i) => set.chitchat[i]!),
  chitchatFeatures: chitchatIdx.map((i) => set.chitchatFeatures[i]!),
});

/**
 * The rows a head learns from and their gold label indices (examples first, then
 * non-complaints); a message with several labels gives one row per label. `first`
 * marks each message's first row.
 */
function labelledRows(head: HeadSpec<string>, set: FeaturisedSet, rows: SparseRow[], chitchatRows: SparseRow[]) {
  const out = { rows: [] as SparseRow[], labels: [] as number[], first: [] as boolean[] };
  const add = (row: SparseRow, label: number | readonly number[]) => {
    (typeof label === 'number' ? [label] : label).filter((l) => l >= 0).forEach((l, k) => { out.rows.push(row); out.labels.push(l); out.first.push(k === 0); });
  };
  set.examples.forEach((e, i) => add(rows[i]!, head.example(e)));
  set.chitchat.forEach((m, i) => add(chitchatRows[i]!, head.chitchat(m)));
  return out;
}

function fitRaw(set: FeaturisedSet, config: TrainerConfig) {
  const vocabulary = buildVocabulary([...set.exampleFeatures, ...set.chitchatFeatures], config.minDf);
  const rows = set.exampleFeatures.map((f) => toRow(f, vocabulary));
  const chitchatRows = set.chitchatFeatures.map((f) => toRow(f, vocabulary));
  const models = {} as Record<ModelHeadName, SoftmaxModel>;
  for (const head of MODEL_HEADS) {
    const { rows: headRows, labels } = labelledRows(head, set, rows, chitchatRows);
    const full = head.balanced ? balancedClassWeights(labels, head.labels.length) : undefined;
    const weights = head.balanced === 'sqrt' ? full?.map(Math.sqrt) : full;
    models[head.name] = trainSoftmax(headRows, labels, head.labels.length, vocabulary.size, config.train, weights);
  }
  return { vocabulary, models };
}

/** Strata for the folds: language × intent for complaints, kind for the rest. */
export const exampleStratum = (e: LabelledExample) => `${e.lang}|${e.intent}`;
export const chitchatStratum = (m: ChitchatMessage) => `chitchat|${m.kind}`;

/** Trains all heads and calibrates each with a temperature fitted on out-of-fold logits. */
export function fitHeads(set: FeaturisedSet, config: TrainerConfig): FittedHeads {
  const k = Math.max(2, config.folds);
  const folds = stratifiedFolds([...set.examples.map(exampleStratum), ...set.chitchat.map(chitchatStratum)], k, config.seed, scenarioGroups(set, set.chitchat.length));
  const n = set.examples.length;
  const oof = Object.fromEntries(MODEL_HEADS.map((h) => [h.name, [] as Float64Array[]])) as Record<ModelHeadName, Float64Array[]>;
  const gold = Object.fromEntries(MODEL_HEADS.map((h) => [h.name, [] as number[]])) as Record<ModelHeadName, number[]>;
  const escalationFirst: boolean[] = [];
  for (let fold = 0; fold < k; fold++) {
    const pick = (from: number, count: number, inFold: boolean) =>
      Array.from({ length: count }, (_, i) => i).filter((i) => (folds[from + i] === fold) === inFold);
    const train = subsetOf(set, pick(0, n, false), pick(n, set.chitchat.length, false));
    const test = subsetOf(set, pick(0, n, true), pick(n, set.chitchat.length, true));
    const { vocabulary, models } = fitRaw(train, config);
    const rows = test.exampleFeatures.map((f) => toRow(f, vocabulary));
    const chitchatRows = test.chitchatFeatures.map((f) => toRow(f, vocabulary));
    for (const head of MODEL_HEADS) {
      const held = labelledRows(head, test, rows, chitchatRows);
      held.rows.forEach((row, i) => { oof[head.name].push(logits(models[head.name], row)); gold[head.name].push(held.labels[i]!); });
      if (head.name === 'escalation') escalationFirst.push(...held.first);
    }
  }
  const { vocabulary, models } = fitRaw(set, config);
  const heads = Object.fromEntries(Object.entries(models).map(([name, model]) => [
    name,
    { ...model, temperature: fitTemperature(oof[name as ModelHeadName], gold[name as ModelHeadName]) },
  ])) as FittedHeads['heads'];
  return { vocabulary, heads, escalation: escalationThresholds(oof.escalation, gold.escalation, escalationFirst, heads.escalation.temperature, config) };
}

/**
 * One threshold on P(escalate) = 1 − P(none) per top reason, each the lowest whose
 * out-of-fold precision (does the message escalate at all?) reaches the target: a
 * reason the head guesses from common words ("again" for repeat) needs more certainty
 * than one it reads well. A reason with too few out-of-fold guesses takes the shared threshold.
 */
function escalationThresholds(logitRows: Float64Array[], goldRows: number[], first: boolean[], temperature: number, config: TrainerConfig): FittedHeads['escalation'] {
  const messages = first.flatMap((isFirst, i) => (isFirst ? [i] : []));
  const p = messages.map((i) => softmax(logitRows[i]!, temperature));
  const score = p.map((x) => 1 - x[0]!);
  const top = p.map((x) => ESCALATION_REASONS[x.slice(1).indexOf(Math.max(...x.slice(1)))]!);
  const positive = messages.map((i) => goldRows[i]! !== 0);
  const shared = thresholdForPrecision(score, positive, config.escalationPrecision, config.escalationFloor).threshold;
  const thresholds = Object.fromEntries(ESCALATION_REASONS.map((reason) => {
    const mine = top.flatMap((r, k) => (r === reason ? [k] : []));
    if (mine.filter((k) => positive[k]).length < 20) return [reason, shared];
    return [reason, thresholdForPrecision(mine.map((k) => score[k]!), mine.map((k) => positive[k]!), config.escalationPrecision, config.escalationFloor).threshold];
  })) as Record<EscalationReason, number>;
  const predicted = score.map((s, k) => s >= thresholds[top[k]!]);
  const tp = predicted.filter((x, k) => x && positive[k]).length;
  return { thresholds, precision: tp / Math.max(1, predicted.filter(Boolean).length), recall: tp / Math.max(1, positive.filter(Boolean).length) };
}

export function featurize(input: Pick<TrainingInput, 'examples' | 'chitchat' | 'cues' | 'scripts'>, analyzerOptions: AnalyzerOptions): FeaturisedSet {
  const analyzer = createAnalyzer(input.cues, input.scripts, analyzerOptions);
  return {
    examples: input.examples,
    exampleFeatures: input.examples.map((e) => analyzer.analyze(e.text).features),
    chitchat: input.chitchat,
    chitchatFeatures: input.chitchat.map((m) => analyzer.analyze(m.text).features),
  };
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export function trainTriageModel(input: TrainingInput, config: TrainerConfig = DEFAULT_TRAINER_CONFIG): TriageModel {
  const fitted = fitHeads(featurize(input, config.analyzer), config);
  return toTriageModel(fitted, input, config);
}

export function toTriageModel(fitted: FittedHeads, input: TrainingInput, config: TrainerConfig): TriageModel {
  const order = MODEL_HEADS;
  let offset = 0;
  const offsets = order.map((h) => { const o = offset; offset += h.labels.length; return o; });
  const weights: Record<string, number[]> = {};
  for (const [feature, index] of fitted.vocabulary) {
    const row = order.flatMap((head) => {
      const m = fitted.heads[head.name];
      return Array.from(m.weights.subarray(index * m.classes, (index + 1) * m.classes), round4);
    });
    // A feature whose every weight rounds to ~0 changes no decision; leave it out of the file.
    if (row.some((w) => Math.abs(w) >= 0.002)) weights[feature] = row;
  }
  const head = (name: ModelHeadName, i: number) => ({
    labels: order[i]!.labels,
    offset: offsets[i]!,
    bias: Array.from(fitted.heads[name].bias, round4),
    temperature: fitted.heads[name].temperature,
  });
  return {
    format: MODEL_FORMAT,
    sourceHash: input.sourceHash,
    analyzer: config.analyzer,
    scripts: input.scripts,
    cues: input.cues,
    escalation: input.escalation,
    heads: Object.fromEntries(order.map((h, i) => [h.name, head(h.name, i)])) as TriageModel['heads'],
    thresholds: { ...config.thresholds, escalation: fitted.escalation.thresholds },
    weights,
  };
}
