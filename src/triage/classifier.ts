// A small multinomial logistic regression over sparse binary features, trained
// with full-batch Adam and L2. natural's LogisticRegressionClassifier is
// unusable at this size (minutes, hundreds of MB); this trains in well under a
// second and its softmax, after temperature scaling, is a calibrated probability.

export interface SoftmaxModel {
  classes: number;
  features: number;
  /** Row-major features × classes. */
  weights: Float64Array;
  bias: Float64Array;
}

export interface TrainOptions {
  l2: number;
  iterations: number;
  learningRate: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { l2: 0.0003, iterations: 250, learningRate: 0.08 };

/**
 * Distinct known feature indices and the value each carries: 1/sqrt(number of
 * distinct features in the message, known or not), so long messages don't
 * dominate and a message made of unknown words stays near the prior.
 */
export interface SparseRow { indices: Int32Array; scale: number }

export const scaleFor = (distinctFeatures: number) => (distinctFeatures > 0 ? 1 / Math.sqrt(distinctFeatures) : 0);

export function logits(model: Pick<SoftmaxModel, 'classes' | 'weights' | 'bias'>, row: SparseRow, out = new Float64Array(model.classes)): Float64Array {
  const k = model.classes;
  const scale = row.scale;
  for (let c = 0; c < k; c++) out[c] = model.bias[c]!;
  const indices = row.indices;
  for (let j = 0; j < indices.length; j++) {
    const base = indices[j]! * k;
    for (let c = 0; c < k; c++) out[c] = out[c]! + model.weights[base + c]! * scale;
  }
  return out;
}

export function softmax(z: ArrayLike<number>, temperature = 1): number[] {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) max = Math.max(max, z[i]! / temperature);
  const exps = Array.from({ length: z.length }, (_, i) => Math.exp(z[i]! / temperature - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Weights that make every class count as much as the others, for imbalanced heads (emotion, domain). */
export function balancedClassWeights(labels: number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const l of labels) counts[l]!++;
  return counts.map((n) => (n > 0 ? labels.length / (classes * n) : 0));
}

export function trainSoftmax(rows: SparseRow[], labels: number[], classes: number, features: number, options: TrainOptions = DEFAULT_TRAIN_OPTIONS, classWeights?: number[]): SoftmaxModel {
  const weights = new Float64Array(features * classes);
  const bias = new Float64Array(classes);
  const gradW = new Float64Array(features * classes);
  const gradB = new Float64Array(classes);
  const m = new Float64Array(features * classes);
  const v = new Float64Array(features * classes);
  const mb = new Float64Array(classes);
  const vb = new Float64Array(classes);
  const exampleWeight = labels.map((l) => classWeights?.[l] ?? 1);
  const n = exampleWeight.reduce((a, b) => a + b, 0);
  const z = new Float64Array(classes);
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  for (let t = 1; t <= options.iterations; t++) {
    gradW.fill(0);
    gradB.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      logits({ classes, weights, bias }, row, z);
      // In-place softmax: this loop runs rows × iterations times, so it allocates nothing.
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, z[c]!);
      let sum = 0;
      for (let c = 0; c < classes; c++) { z[c] = Math.exp(z[c]! - max); sum += z[c]!; }
      const w = exampleWeight[i]! / n;
      for (let c = 0; c < classes; c++) z[c] = (z[c]! / sum - (c === labels[i] ? 1 : 0)) * w;
      const scale = row.scale;
      for (let c = 0; c < classes; c++) gradB[c]! += z[c]!;
      const indices = row.indices;
      for (let j = 0; j < indices.length; j++) {
        const base = indices[j]! * classes;
        for (let c = 0; c < classes; c++) gradW[base + c]! += z[c]! * scale;
      }
    }
    const lr = options.learningRate;
    const c1 = 1 - beta1 ** t, c2 = 1 - beta2 ** t;
    for (let j = 0; j < weights.length; j++) {
      const g = gradW[j]! + options.l2 * weights[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g;
      v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
      weights[j]! -= (lr * (m[j]! / c1)) / (Math.sqrt(v[j]! / c2) + eps);
    }
    for (let c = 0; c < classes; c++) {
      const g = gradB[c]!;
      mb[c] = beta1 * mb[c]! + (1 - beta1) * g;
      vb[c] = beta2 * vb[c]! + (1 - beta2) * g * g;
      bias[c]! -= (lr * (mb[c]! / c1)) / (Math.sqrt(vb[c]! / c2) + eps);
    }
  }
  return { classes, features, weights, bias };
}

/**
 * Temperature scaling: the one-parameter calibration that keeps the ranking and
 * minimises held-out negative log-likelihood. Fitted on out-of-fold logits.
 */
export function fitTemperature(heldOutLogits: ArrayLike<number>[], labels: number[]): number {
  let best = 1, bestLoss = Infinity;
  // Multiplicative grid from 0.05 to ~6: a strongly regularised model needs T < 1.
  for (let t = 0.05; t <= 6; t *= 1.05) {
    let loss = 0;
    for (let i = 0; i < heldOutLogits.length; i++) loss -= Math.log(Math.max(1e-12, softmax(heldOutLogits[i]!, t)[labels[i]!]!));
    if (loss < bestLoss) { bestLoss = loss; best = t; }
  }
  return Math.round(best * 100) / 100;
}

/**
 * The lowest score threshold (0.01 steps, at least `floor`) at which the messages
 * scoring at or above it are at least `precision` positive, with the precision and
 * recall there. If none reaches it, the threshold is 1 (the score adds nothing).
 */
export function thresholdForPrecision(scores: number[], positive: boolean[], precision: number, floor: number): { threshold: number; precision: number; recall: number } {
  const total = positive.filter(Boolean).length;
  for (let step = Math.ceil(floor * 100); step <= 100; step++) {
    const t = step / 100;
    let tp = 0, fp = 0;
    scores.forEach((s, i) => { if (s >= t) { if (positive[i]) tp++; else fp++; } });
    if (tp > 0 && tp / (tp + fp) >= precision) return { threshold: t, precision: tp / (tp + fp), recall: tp / Math.max(1, total) };
  }
  return { threshold: 1, precision: 1, recall: 0 };
}
