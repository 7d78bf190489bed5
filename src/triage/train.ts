// Training and cross-validation (pure: examples and lexicons in, model out).
import { CATEGORY_LABELS, EMOTION_LABELS, INTENT_LABELS } from '../contracts/triage.js';
import { createAnalyzer, type AnalyzerOptions } from './analyze.js';
import { DEFAULT_TRAIN_OPTIONS, fitTemperature, logits, scaleFor, softmax, trainSoftmax, type SoftmaxModel, type SparseRow, type TrainOptions } from './classifier.js';
import type { CueLexicon, EscalationLexicon, LabelledExample } from './lexicon.js';
import { MODEL_FORMAT, type TriageModel } from './model.js';
import type { ScriptTables } from './script.js';

/** Bump when feature extraction or training changes, so the shipped model counts as stale. */
export const TRAINER_VERSION = 3;

export interface TrainerConfig {
  folds: number;
  seed: number;
  /** A feature must occur in this many training messages (cue features always count). */
  minDf: number;
  train: TrainOptions;
  analyzer: AnalyzerOptions;
  thresholds: { intent: number; category: number };
}

export const DEFAULT_TRAINER_CONFIG: TrainerConfig = {
  folds: 5,
  seed: 20261123,
  minDf: 2,
  train: DEFAULT_TRAIN_OPTIONS,
  analyzer: { segmenterWords: false },
  thresholds: { intent: 0.3, category: 0.2 },
};

export interface TrainingInput {
  examples: LabelledExample[];
  cues: CueLexicon;
  escalation: EscalationLexicon;
  scripts: ScriptTables;
  sourceHash: string;
}

export const HEADS = [
  { name: 'intent', labels: INTENT_LABELS },
  { name: 'category', labels: CATEGORY_LABELS },
  { name: 'emotion', labels: EMOTION_LABELS },
] as const;
export type HeadName = (typeof HEADS)[number]['name'];

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

/** Fold number per item, stratified by key (so each fold has every language × intent). */
export function stratifiedFolds(keys: string[], folds: number, seed: number): number[] {
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
  return assignment;
}

export interface FittedHeads {
  vocabulary: Map<string, number>;
  heads: Record<HeadName, SoftmaxModel & { temperature: number }>;
}

const labelIndex = (head: (typeof HEADS)[number], example: LabelledExample) =>
  (head.labels as readonly string[]).indexOf(example[head.name]);

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

function fitRaw(featureLists: string[][], examples: LabelledExample[], config: TrainerConfig) {
  const vocabulary = buildVocabulary(featureLists, config.minDf);
  const rows = featureLists.map((f) => toRow(f, vocabulary));
  const models = Object.fromEntries(HEADS.map((head) => [
    head.name,
    trainSoftmax(rows, examples.map((e) => labelIndex(head, e)), head.labels.length, vocabulary.size, config.train),
  ])) as Record<HeadName, SoftmaxModel>;
  return { vocabulary, models };
}

/** Raw (uncalibrated) out-of-fold logits for every example and head. */
function outOfFoldLogits(featureLists: string[][], examples: LabelledExample[], folds: number[], k: number, config: TrainerConfig): Record<HeadName, Float64Array[]> {
  const out = Object.fromEntries(HEADS.map((h) => [h.name, new Array<Float64Array>(examples.length)])) as Record<HeadName, Float64Array[]>;
  for (let fold = 0; fold < k; fold++) {
    const train = examples.map((_, i) => i).filter((i) => folds[i] !== fold);
    const test = examples.map((_, i) => i).filter((i) => folds[i] === fold);
    const { vocabulary, models } = fitRaw(train.map((i) => featureLists[i]!), train.map((i) => examples[i]!), config);
    for (const i of test) {
      const row = toRow(featureLists[i]!, vocabulary);
      for (const head of HEADS) out[head.name][i] = logits(models[head.name], row);
    }
  }
  return out;
}

const strataKey = (e: LabelledExample) => `${e.lang}|${e.intent}`;

/** Trains all heads and calibrates each with a temperature fitted on inner cross-validation. */
export function fitHeads(featureLists: string[][], examples: LabelledExample[], config: TrainerConfig): FittedHeads {
  const k = Math.max(2, config.folds);
  const folds = stratifiedFolds(examples.map(strataKey), k, config.seed);
  const oof = outOfFoldLogits(featureLists, examples, folds, k, config);
  const { vocabulary, models } = fitRaw(featureLists, examples, config);
  const heads = Object.fromEntries(HEADS.map((head) => [
    head.name,
    { ...models[head.name], temperature: fitTemperature(oof[head.name], examples.map((e) => labelIndex(head, e))) },
  ])) as FittedHeads['heads'];
  return { vocabulary, heads };
}

export function featurize(input: Pick<TrainingInput, 'examples' | 'cues' | 'scripts'>, analyzerOptions: AnalyzerOptions): string[][] {
  const analyzer = createAnalyzer(input.cues, input.scripts, analyzerOptions);
  return input.examples.map((e) => analyzer.analyze(e.text).features);
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export function trainTriageModel(input: TrainingInput, config: TrainerConfig = DEFAULT_TRAINER_CONFIG): TriageModel {
  const featureLists = featurize(input, config.analyzer);
  const fitted = fitHeads(featureLists, input.examples, config);
  return toTriageModel(fitted, input, config);
}

export function toTriageModel(fitted: FittedHeads, input: TrainingInput, config: TrainerConfig): TriageModel {
  let offset = 0;
  const offsets = HEADS.map((h) => { const o = offset; offset += h.labels.length; return o; });
  const weights: Record<string, number[]> = {};
  for (const [feature, index] of fitted.vocabulary) {
    const row = HEADS.flatMap((head) => {
      const m = fitted.heads[head.name];
      return Array.from(m.weights.subarray(index * m.classes, (index + 1) * m.classes), round4);
    });
    // A feature whose every weight rounds to ~0 changes no decision; leave it out of the file.
    if (row.some((w) => Math.abs(w) >= 0.002)) weights[feature] = row;
  }
  const head = <N extends HeadName>(name: N, i: number) => ({
    labels: HEADS[i]!.labels,
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
    heads: { intent: head('intent', 0), category: head('category', 1), emotion: head('emotion', 2) } as TriageModel['heads'],
    thresholds: config.thresholds,
    weights,
  };
}

/** Calibrated probabilities from fitted heads, for cross-validation without building a full model. */
export function predictWithHeads(fitted: FittedHeads, features: string[]): Record<HeadName, number[]> {
  const row = toRow(features, fitted.vocabulary);
  return Object.fromEntries(HEADS.map((h) => {
    const m = fitted.heads[h.name];
    return [h.name, softmax(logits(m, row), m.temperature)];
  })) as Record<HeadName, number[]>;
}
