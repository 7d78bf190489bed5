// Cross-validated evaluation of the whole triage function (pure: data in, report data out).
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import { CATEGORY_LABELS, EMOTION_LABELS, ESCALATION_REASONS, INTENT_LABELS, KIND_LABELS, MOTIVE_LABELS, type EscalationReason, type FullTriageResult, type Lang } from '../contracts/triage.js';
import { createAnalyzer } from './analyze.js';
import { createEscalationDetector } from './escalation.js';
import { createScorer, createTriage } from './index.js';
import type { TriageModel } from './model.js';
import type { ChitchatMessage, LabelledExample } from './lexicon.js';
import { chitchatStratum, exampleStratum, featurize, fitHeads, scenarioGroups, stratifiedFolds, toTriageModel, type HeadName, type TrainerConfig, type TrainingInput } from './train.js';

export interface LabelScores { label: string; precision: number; recall: number; f1: number; support: number }
export interface HeadReport {
  labels: readonly string[];
  perLabel: LabelScores[];
  macroF1: number;
  accuracy: number;
  /** confusion[gold][predicted] */
  confusion: number[][];
  /** Expected calibration error of the reported confidence (10 equal-width bins). */
  ece?: number;
  n: number;
}
export interface EscalationReport { reason: string; tp: number; fp: number; fn: number; precision: number; recall: number }

export interface EvalReport {
  folds: number;
  heads: Record<EvalHeadName, Record<'all' | Lang, HeadReport>>;
  /** What triage() returns: the cue rules plus the learned head. */
  escalation: Record<'all' | Lang, EscalationReport[]>;
  /** The cue rules alone and the learned head alone (P(escalate) ≥ its threshold, its top reason). */
  escalationRules: Record<'all' | Lang, EscalationReport[]>;
  escalationHead: Record<'all' | Lang, EscalationReport[]>;
  baseline: Record<'intent' | 'category', Record<'all' | Lang, number>>;
  predictions: Prediction[];
}

export function headReport(labels: readonly string[], gold: string[], predicted: string[], confidence?: number[]): HeadReport {
  const index = new Map(labels.map((l, i) => [l, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => { confusion[index.get(g)!]![index.get(predicted[i]!)!]! += 1; });
  const perLabel = labels.map((label, i) => {
    const tp = confusion[i]![i]!;
    const support = confusion[i]!.reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((a, row) => a + row[i]!, 0);
    const precision = predictedCount > 0 ? tp / predictedCount : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const present = perLabel.filter((s) => s.support > 0);
  const macroF1 = present.reduce((a, s) => a + s.f1, 0) / Math.max(1, present.length);
  const accuracy = gold.filter((g, i) => g === predicted[i]).length / Math.max(1, gold.length);
  let ece: number | undefined;
  if (confidence) {
    const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, correct: 0 }));
    confidence.forEach((c, i) => {
      const bin = bins[Math.min(9, Math.floor(c * 10))]!;
      bin.n++; bin.conf += c; bin.correct += gold[i] === predicted[i] ? 1 : 0;
    });
    ece = bins.reduce((a, b) => a + (b.n > 0 ? (b.n / gold.length) * Math.abs(b.conf / b.n - b.correct / b.n) : 0), 0);
  }
  return { labels, perLabel, macroF1, accuracy, confusion, ece, n: gold.length };
}

export function escalationReport(gold: string[][], predicted: string[][]): EscalationReport[] {
  const rows: EscalationReport[] = [];
  for (const reason of [...ESCALATION_REASONS, 'any'] as const) {
    let tp = 0, fp = 0, fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i]!;
      const inGold = reason === 'any' ? g.length > 0 : g.includes(reason);
      const inPred = reason === 'any' ? p.length > 0 : p.includes(reason);
      if (inGold && inPred) tp++; else if (inPred) fp++; else if (inGold) fn++;
    });
    rows.push({ reason, tp, fp, fn, precision: tp + fp > 0 ? tp / (tp + fp) : 1, recall: tp + fn > 0 ? tp / (tp + fn) : 1 });
  }
  return rows;
}

/** Bag of raw tokens for the baseline: lower-cased words, and single Han characters. */
export const rawTokens = (text: string) => text.toLowerCase().match(/\p{Script=Han}|[a-z0-9']+/gu) ?? [];

const LANG_KEYS = ['all', 'en', 'zh-Hans', 'zh-Hant'] as const;

/** A held-out prediction: a labelled complaint, or a non-complaint message with its kind. */
export interface Prediction {
  example?: LabelledExample; chitchat?: ChitchatMessage; lang: Lang; result: FullTriageResult;
  /** Escalation reasons from the cue rules alone and from the learned head alone. */
  rules: EscalationReason[]; head: EscalationReason[];
}

/** The two halves of escalation, each on its own, for reporting what the head adds. */
export function escalationParts(model: TriageModel): (text: string) => { rules: EscalationReason[]; head: EscalationReason[] } {
  const analyzer = createAnalyzer(model.cues, model.scripts, model.analyzer);
  const detector = createEscalationDetector(model.escalation, analyzer.fold, analyzer.foldChars);
  const score = createScorer(model);
  return (text) => {
    const analysis = analyzer.analyze(text);
    const p = score(analysis.features).escalation;
    let top = 1;
    for (let i = 2; i < p.length; i++) if (p[i]! > p[top]!) top = i;
    return {
      rules: detector.detect(analysis.folded, analysis.foldedChars).reasons,
      head: 1 - p[0]! >= (model.thresholds.escalation[ESCALATION_REASONS[top - 1]!] ?? Infinity) ? [ESCALATION_REASONS[top - 1]!] : [],
    };
  };
}

export type EvalHeadName = HeadName | 'kind';

export function crossValidateTriage(input: TrainingInput, config: TrainerConfig, onFold?: (done: number, total: number) => void): EvalReport {
  const { examples, chitchat } = input;
  const featurised = featurize(input, config.analyzer);
  // Non-complaints are folded too, so the kind head is scored on messages it never saw.
  const folds = stratifiedFolds([...examples.map(exampleStratum), ...chitchat.map(chitchatStratum)], config.folds, config.seed + 1, scenarioGroups(featurised, chitchat.length));
  const n = examples.length;
  const predictions: Prediction[] = [];
  const baselinePredictions = new Map<LabelledExample, { intent: string; category: string }>();
  for (let fold = 0; fold < config.folds; fold++) {
    const pick = (from: number, count: number, inFold: boolean) =>
      Array.from({ length: count }, (_, i) => i).filter((i) => (folds[from + i] === fold) === inFold);
    const train = pick(0, n, false);
    const test = pick(0, n, true);
    const trainChitchat = pick(n, chitchat.length, false);
    const testChitchat = pick(n, chitchat.length, true);
    const trainExamples = train.map((i) => examples[i]!);
    const trainSet = {
      examples: trainExamples,
      exampleFeatures: train.map((i) => featurised.exampleFeatures[i]!),
      chitchat: trainChitchat.map((i) => chitchat[i]!),
      chitchatFeatures: trainChitchat.map((i) => featurised.chitchatFeatures[i]!),
    };
    const fitted = fitHeads(trainSet, config);
    const model = toTriageModel(fitted, { ...input, examples: trainExamples, chitchat: trainSet.chitchat }, config);
    const triage = createTriage(model);
    const parts = escalationParts(model);
    const bayes = { intent: new BayesClassifier(), category: new BayesClassifier() };
    for (const e of trainExamples) {
      bayes.intent.addDocument(rawTokens(e.text), e.intent);
      bayes.category.addDocument(rawTokens(e.text), e.category);
    }
    bayes.intent.train();
    bayes.category.train();
    for (const i of test) {
      const example = examples[i]!;
      predictions.push({ example, lang: example.lang, result: triage(example.text), ...parts(example.text) });
      const tokens = rawTokens(example.text);
      baselinePredictions.set(example, { intent: bayes.intent.classify(tokens), category: bayes.category.classify(tokens) });
    }
    for (const i of testChitchat) {
      const result = triage(chitchat[i]!.text);
      predictions.push({ chitchat: chitchat[i]!, lang: result.lang, result, ...parts(chitchat[i]!.text) });
    }
    onFold?.(fold + 1, config.folds);
  }
  const subset = (lang: (typeof LANG_KEYS)[number]) => predictions.filter((p) => lang === 'all' || p.lang === lang);
  const complaintRows = (lang: (typeof LANG_KEYS)[number]) => subset(lang).filter((p) => p.example) as (Prediction & { example: LabelledExample })[];
  const report = (labels: readonly string[], rows: Prediction[], gold: (p: Prediction) => string, got: (r: FullTriageResult) => { label: string; confidence?: number }) =>
    headReport(labels, rows.map(gold), rows.map((r) => got(r.result).label), rows.map((r) => got(r.result).confidence ?? 0));
  const heads = Object.fromEntries(LANG_KEYS.map((lang) => [lang, {
    intent: report(INTENT_LABELS, complaintRows(lang), (p) => p.example!.intent, (r) => r.intent),
    category: report(CATEGORY_LABELS, complaintRows(lang), (p) => p.example!.category, (r) => r.category),
    emotion: headReport(EMOTION_LABELS, complaintRows(lang).map((p) => p.example.emotion), complaintRows(lang).map((p) => p.result.emotion.label)),
    motive: report(MOTIVE_LABELS, complaintRows(lang).filter((p) => p.example.motive), (p) => p.example!.motive!, (r) => r.motive),
    kind: report(KIND_LABELS, subset(lang), (p) => p.chitchat?.kind ?? 'complaint', (r) => r.kind),
  }])) as Record<(typeof LANG_KEYS)[number], Record<EvalHeadName, HeadReport>>;
  const byHead = Object.fromEntries((['intent', 'category', 'emotion', 'motive', 'kind'] as const).map((name) =>
    [name, Object.fromEntries(LANG_KEYS.map((lang) => [lang, heads[lang][name]]))])) as EvalReport['heads'];
  // Non-complaints count for precision: none of them should escalate.
  const escalationBy = (got: (p: Prediction) => string[]) => Object.fromEntries(LANG_KEYS.map((lang) => {
    const rows = subset(lang);
    return [lang, escalationReport(rows.map((r) => r.example?.escalate ?? []), rows.map(got))];
  })) as EvalReport['escalation'];
  const escalation = escalationBy((r) => r.result.escalate.reasons);
  const baseline = Object.fromEntries((['intent', 'category'] as const).map((name) => [name, Object.fromEntries(LANG_KEYS.map((lang) => {
    const rows = complaintRows(lang);
    const labels = name === 'intent' ? INTENT_LABELS : CATEGORY_LABELS;
    return [lang, headReport(labels, rows.map((r) => r.example[name]), rows.map((r) => baselinePredictions.get(r.example)![name])).macroF1];
  }))])) as EvalReport['baseline'];
  return { folds: config.folds, heads: byHead, escalation, escalationRules: escalationBy((r) => r.rules), escalationHead: escalationBy((r) => r.head), baseline, predictions };
}
