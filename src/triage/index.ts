// Public entry of the triage core: createTriage(model) → (text) → TriageResult.
// Pure: the model object carries weights and lexicons; no I/O happens here.
import type { CategoryLabel, IntentLabel, TriageResult } from '../contracts/triage.js';
import { createAnalyzer } from './analyze.js';
import { softmax } from './classifier.js';
import { compileProducts, extractEntities } from './entities.js';
import { createEscalationDetector } from './escalation.js';
import { createCharFolder } from './fold.js';
import { emotionIntensity } from './intensity.js';
import type { TriageModel } from './model.js';
import { normaliseKeepingOffsets } from './normalise.js';

export type { TriageModel } from './model.js';
export type Triage = (text: string) => TriageResult;

interface Scored<L extends string> { label: L; confidence: number }

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Calibrated probabilities for each head. Exposed for evaluation and tests. */
export interface HeadScores { intent: number[]; category: number[]; emotion: number[] }

export function createScorer(model: TriageModel): (features: string[]) => HeadScores {
  const weights = new Map<string, Float64Array>();
  for (const [feature, w] of Object.entries(model.weights)) weights.set(feature, Float64Array.from(w));
  const heads = [model.heads.intent, model.heads.category, model.heads.emotion];
  return (features) => {
    const distinct = new Set(features);
    const scale = distinct.size > 0 ? 1 / Math.sqrt(distinct.size) : 0;
    const z = heads.map((h) => Float64Array.from(h.bias));
    for (const f of distinct) {
      const w = weights.get(f);
      if (!w) continue;
      heads.forEach((h, i) => {
        const zi = z[i]!;
        for (let c = 0; c < zi.length; c++) zi[c]! += w[h.offset + c]! * scale;
      });
    }
    return {
      intent: softmax(z[0]!, model.heads.intent.temperature),
      category: softmax(z[1]!, model.heads.category.temperature),
      emotion: softmax(z[2]!, model.heads.emotion.temperature),
    };
  };
}

/**
 * The top label, or the fallback label when the top probability is under the
 * threshold (then the confidence is the fallback's own, low, probability).
 */
function decide<L extends string>(labels: readonly L[], p: number[], threshold: number, fallback: L): Scored<L> & { runnersUp: Scored<L>[] } {
  const order = labels.map((label, i) => ({ label, confidence: p[i]! })).sort((a, b) => b.confidence - a.confidence);
  let chosen = order[0]!;
  if (chosen.label !== fallback && chosen.confidence < threshold) chosen = order.find((o) => o.label === fallback)!;
  const runnersUp = order.filter((o) => o.label !== chosen.label).slice(0, 3).map((o) => ({ label: o.label, confidence: round(o.confidence) }));
  return { label: chosen.label, confidence: round(chosen.confidence), runnersUp };
}

export function createTriage(model: TriageModel): Triage {
  const analyzer = createAnalyzer(model.cues, model.scripts, model.analyzer);
  const escalation = createEscalationDetector(model.escalation, analyzer.fold);
  const score = createScorer(model);
  const products = compileProducts([...model.cues.products.en, ...model.cues.products.zh]);
  const charFold = createCharFolder();
  const { intent: intentHead, category: categoryHead, emotion: emotionHead } = model.heads;

  return (text: string): TriageResult => {
    const input = typeof text === 'string' ? text : String(text ?? '');
    const analysis = analyzer.analyze(input);
    const p = score(analysis.features);
    const intent = decide<IntentLabel>(intentHead.labels, p.intent, model.thresholds.intent, 'unspecified');
    const category = decide<CategoryLabel>(categoryHead.labels, p.category, model.thresholds.category, 'other');
    const escalate = escalation.detect(analysis.folded);
    const emotionIndex = p.emotion.indexOf(Math.max(...p.emotion));
    const emotionLabel = emotionHead.labels[emotionIndex]!;
    const offsetText = normaliseKeepingOffsets(input);
    const entities = extractEntities(offsetText, charFold(offsetText), products, analysis.lang === 'en');
    return {
      lang: analysis.lang,
      intent,
      category,
      emotion: { label: emotionLabel, intensity: emotionIntensity(analysis, emotionLabel, p.emotion[emotionIndex]!, escalate.reasons.includes('repeat')) },
      escalate: { value: escalate.value, reasons: escalate.reasons },
      entities,
    };
  };
}
