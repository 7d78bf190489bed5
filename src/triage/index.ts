// Public entry of the triage core: createTriage(model) → (text) → TriageResult.
// Pure: the model object carries weights and lexicons; no I/O happens here.
import type { CategoryLabel, FullTriageResult, IntentLabel, KindLabel, MotiveLabel } from '../contracts/triage.js';
import { createAnalyzer, type Analysis } from './analyze.js';
import { softmax } from './classifier.js';
import { compileProducts, extractEntities, type EnglishDateTagger } from './entities.js';
import { createEscalationDetector } from './escalation.js';
import { combineEscalation } from './escalation-head.js';
import { emotionIntensity } from './intensity.js';
import type { TriageModel } from './model.js';
import { normaliseKeepingOffsets } from './normalise.js';

export type { TriageModel } from './model.js';
export type { EnglishDateTagger } from './entities.js';
export type Triage = (text: string) => FullTriageResult;

interface Scored<L extends string> { label: L; confidence: number }

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Calibrated probabilities for each head, and how much known evidence the message carried. */
export interface HeadScores {
  intent: number[]; category: number[]; emotion: number[]; motive: number[]; kind: number[];
  /** The learned escalation head: none, then each reason (ESCALATION_HEAD_LABELS). */
  escalation: number[];
  evidence: number;
  /** P(kind = complaint). */
  complaint: number;
  /** P(intent | complaint) and P(category | complaint), shrunk by evidence but not yet gated by P(complaint). */
  given: { intent: number[]; category: number[] };
}

/** P(label) = P(complaint) · P(label | complaint) + P(not a complaint) · uniform. */
const gateBy = (p: number[], share: number) => p.map((x) => share * x + (1 - share) / p.length);

/**
 * A message made of words the model has never seen ("今天天气不错", "hello")
 * would otherwise get the prior's confident guess. Evidence is the summed
 * weight magnitude of its known content features; with little of it the
 * intent and category probabilities shrink toward uniform.
 */
const shrink = (p: number[], evidence: number, scale: number) => {
  const alpha = 1 - Math.exp(-evidence / scale);
  return p.map((x) => alpha * x + (1 - alpha) / p.length);
};

export function createScorer(model: TriageModel): (features: string[]) => HeadScores {
  const weights = new Map<string, Float64Array>();
  for (const [feature, w] of Object.entries(model.weights)) weights.set(feature, Float64Array.from(w));
  const heads = [model.heads.intent, model.heads.category, model.heads.emotion, model.heads.motive, model.heads.kind, model.heads.escalation];
  const complaintIndex = model.heads.kind.labels.indexOf('complaint');
  const complimentIndex = model.heads.kind.labels.indexOf('compliment');
  const offsets = heads.map((h) => h.offset);
  // Evidence reads the intent and category columns, which come first.
  const evidenceWidth = model.heads.emotion.offset;
  return (features) => {
    const distinct = new Set(features);
    const scale = distinct.size > 0 ? 1 / Math.sqrt(distinct.size) : 0;
    const z = heads.map((h) => Float64Array.from(h.bias));
    let evidence = 0;
    // Plain loops, no closure per feature: this runs for every feature of every message.
    for (const f of distinct) {
      const w = weights.get(f);
      if (!w) continue;
      if (!f.startsWith('lang:') && !f.startsWith('s:')) {
        let max = 0;
        for (let c = 0; c < evidenceWidth; c++) max = Math.max(max, Math.abs(w[c]!));
        evidence += max * scale;
      }
      for (let i = 0; i < heads.length; i++) {
        const zi = z[i]!;
        const offset = offsets[i]!;
        for (let c = 0; c < zi.length; c++) zi[c]! += w[offset + c]! * scale;
      }
    }
    const kind = softmax(z[4]!, model.heads.kind.temperature);
    const complaint = kind[complaintIndex]!;
    const given = {
      intent: shrink(softmax(z[0]!, model.heads.intent.temperature), evidence, model.thresholds.evidence),
      category: shrink(softmax(z[1]!, model.heads.category.temperature), evidence, model.thresholds.evidence),
    };
    return {
      given,
      intent: gateBy(given.intent, complaint),
      category: gateBy(given.category, complaint),
      emotion: softmax(z[2]!, model.heads.emotion.temperature),
      // Complaints and praise have a motive; a question or small talk has none to speak of.
      motive: gateBy(shrink(softmax(z[3]!, model.heads.motive.temperature), evidence, model.thresholds.evidence), complaint + kind[complimentIndex]!),
      kind,
      escalation: softmax(z[5]!, model.heads.escalation.temperature),
      evidence,
      complaint,
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

function top<L extends string>(labels: readonly L[], p: number[]): Scored<L> {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return { label: labels[best]!, confidence: round(p[best]!) };
}

/** Questions that ask about something gone wrong (folded text: Simplified, lower case). */
const GRIEVANCE_QUESTION = /\b(?:why|how come|what happened|what is going on|where is my|where are my|when will my|how much longer)\b|为什么|为啥|点解|怎么会|怎么回事|何解|搞咩|搞什么|凭什么|到底/u;

/** "…, but …": praise followed by a problem is a complaint (folded text: Simplified, lower case). */
const CONTRAST = /\b(?:but|however|although|though|except|unfortunately)\b|(?<!不)但|不过|可是|可惜|就是有点/u;

/**
 * The kind head, held to what the words say: praise needs a praise cue ("thanks
 * for", 点赞) and a plain question needs "?" or a question word; otherwise the
 * next best kind is taken. A router that "dropped for the 3rd time today" is
 * no compliment however short the message.
 */
function decideKind(labels: readonly KindLabel[], p: number[], analysis: Analysis): Scored<KindLabel> & { share: number } {
  // Praise that is sarcasm ("thanks for nothing", 好样的) or sits beside anger or weariness
  // ("thanks for the reply, but it still drops") does not make a compliment.
  // A sarcasm cue that is also listed as praise ("really impressed", "great job") proves nothing on its own.
  const praiseTerms = new Set(analysis.cues.filter((c) => c.group === 'praise').map((c) => c.term));
  const upset = analysis.cues.some((c) => !c.negated && ((c.group === 'sarcasm' && !praiseTerms.has(c.term))
    || (c.group === 'emotion' && c.label !== 'neutral' && c.strength >= 0.5)));
  const praised = !upset && !CONTRAST.test(analysis.folded) && praiseTerms.size > 0;
  // "Why was I charged twice?" asks about a grievance: a complaint, not a plain question.
  const asked = !upset && !GRIEVANCE_QUESTION.test(analysis.folded)
    && (/[?？]/u.test(analysis.clean) || analysis.cues.some((c) => c.group === 'question'));
  const allowed = (label: KindLabel) => (label !== 'compliment' || praised) && (label !== 'question' || asked);
  let best = -1;
  for (let i = 0; i < p.length; i++) if (allowed(labels[i]!) && (best < 0 || p[i]! > p[best]!)) best = i;
  // Sarcasm or an upset word on what would be small talk ("Thanks for nothing.") is a complaint.
  if (upset && labels[best] === 'other') best = labels.indexOf('complaint');
  // "Not a complaint, just wanted to say …" with praise: the customer has said what kind it is.
  if (praised && analysis.cues.some((c) => c.group === 'notComplaint' && !c.negated)) best = labels.indexOf('compliment');
  // The chosen kind's share of the kinds the words allow: "Why was I charged twice?" cannot be a
  // plain question, so the head's belief in one must not dilute the complaint's intent and category.
  const allowedMass = p.reduce((a, x, i) => a + (allowed(labels[i]!) || i === best ? x : 0), 0);
  return { label: labels[best]!, confidence: round(p[best]!), share: allowedMass > 0 ? p[best]! / allowedMass : 0 };
}

/**
 * A message with no sign of emotion keeps the model's non-neutral emotion only when
 * the model is at least this sure: its n-grams know hostile or weary wordings the cue
 * lists miss, but a calm report must not come out as frustration. 0.7 was chosen on the
 * round-3 dev set and cross-validation together (dev: all-neutral 82.3% vs 81.4% here;
 * CV emotion macro-F1 57.9 all-neutral vs 64.9 here vs 70.4 with no rule).
 */
const CALM_OVERRIDE = 0.7;

/** Escalation reasons that are threats against the company (safety and repeat are not). */
const THREATS: ReadonlySet<string> = new Set(['media', 'regulator', 'consumer_association', 'legal']);

/**
 * Does the message show any feeling the definitions name: an emotion cue (anger,
 * frustration or anxiety, not negated), sarcasm, ！ or CAPS, a duration ("for three
 * weeks", 等了一个星期), ?! runs, or an escalation (a repeat, a threat, a hazard)?
 */
function showsEmotion(analysis: Analysis, reasons: readonly string[]): boolean {
  if (reasons.length > 0 || analysis.exclamations > 0 || analysis.capsWords > 0) return true;
  if (analysis.features.some((f) => f === 's:duration' || f === 's:interrobang')) return true;
  return analysis.cues.some((c) => !c.negated && ((c.group === 'emotion' && c.label !== 'neutral') || c.group === 'sarcasm'));
}

/** An emotion word (not negated, not neutral), sarcasm, ！ or CAPS: feeling said in the words themselves. */
function showsFeelingInWords(analysis: Analysis): boolean {
  if (analysis.exclamations > 0 || analysis.capsWords > 0 || analysis.features.includes('s:interrobang')) return true;
  return analysis.cues.some((c) => !c.negated && ((c.group === 'emotion' && c.label !== 'neutral') || c.group === 'sarcasm'));
}

/** Intent threshold when the message holds no request cue at all. */
const UNSAID_WANT_THRESHOLD = 0.8;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Does the message ask for something: an intent cue (not negated), a request
 * word from cues.yaml `requests` ("want", "please", 要, 俾, 快啲), or a question?
 */
function compileWantTest(requests: { en: string[]; zh: string[] }): (analysis: Analysis) => boolean {
  const said = compileTermTest(requests);
  return (analysis) => /[?？]/u.test(analysis.clean)
    || analysis.cues.some((c) => c.group === 'intent' && c.label !== 'unspecified' && !c.negated)
    || said(analysis);
}

/** Does the folded message hold one of the terms (English on word edges, Chinese anywhere)? */
function compileTermTest(terms: { en: string[]; zh: string[] }, fold: (t: string) => string = (t) => t): (analysis: Analysis) => boolean {
  const en = terms.en.map((t) => `(?<![a-z])${escapeRegExp(t.toLowerCase()).replace(/\s+/g, '\\s+')}(?![a-z])`);
  const zh = [...new Set(terms.zh.flatMap((t) => [t, fold(t)]))].map(escapeRegExp);
  const pattern = en.length + zh.length > 0 ? new RegExp([...en, ...zh].join('|'), 'u') : null;
  return (analysis) => pattern !== null && (pattern.test(analysis.folded) || pattern.test(analysis.foldedChars));
}

/**
 * Small talk ("今天天气不错", "what a nice day") carries no emotion evidence the
 * model knows, yet the emotion softmax still has to pick a label. Unless an
 * emotion cue, sarcasm, ！！ or CAPS speaks, the emotion probabilities lean to
 * neutral as P(complaint) and the known evidence fall.
 */
function calmUnlessComplaint(p: HeadScores, analysis: Analysis, neutral: number, evidenceScale: number): number[] {
  if (neutral < 0) return p.emotion;
  // "服務很好！": on a message that is likely no complaint, ！ and CAPS are enthusiasm, not upset.
  const spoken = (p.complaint >= 0.5 && (analysis.exclamations > 0 || analysis.capsWords > 0))
    || analysis.cues.some((c) => !c.negated && ((c.group === 'emotion' && c.label !== 'neutral') || c.group === 'sarcasm'));
  if (spoken) return p.emotion;
  // Only a message the domain head doubts is a complaint (P < 0.5) leans to neutral.
  const g = Math.min(1, 2 * p.complaint) * (1 - Math.exp(-p.evidence / evidenceScale));
  return p.emotion.map((x, i) => g * x + (i === neutral ? 1 - g : 0));
}

export interface TriageOptions {
  /** English date tagging beyond the built-in patterns (load.ts passes compromise). */
  englishDates?: EnglishDateTagger;
}

export function createTriage(model: TriageModel, options: TriageOptions = {}): Triage {
  const analyzer = createAnalyzer(model.cues, model.scripts, model.analyzer);
  const escalation = createEscalationDetector(model.escalation, analyzer.fold, analyzer.foldChars);
  const score = createScorer(model);
  const products = compileProducts([...model.cues.products.en, ...model.cues.products.zh]);
  const { intent: intentHead, category: categoryHead, emotion: emotionHead, motive: motiveHead, kind: kindHead } = model.heads;
  const expressesWant = compileWantTest(model.cues.requests ?? { en: [], zh: [] });
  const mentionsVulnerable = compileTermTest(model.cues.vulnerable ?? { en: [], zh: [] }, analyzer.fold);

  return (text: string): FullTriageResult => {
    const input = typeof text === 'string' ? text : String(text ?? '');
    const analysis = analyzer.analyze(input);
    const p = score(analysis.features);
    const decidedKind = decideKind(kindHead.labels, p.kind, analysis);
    let kind: Scored<KindLabel> = { label: decidedKind.label, confidence: decidedKind.confidence };
    // Intent and category are believed as far as the message is a complaint among the kinds its words allow.
    const complaintShare = kind.label === 'complaint' ? Math.max(p.complaint, decidedKind.share) : p.complaint;
    const intentP = complaintShare > p.complaint ? gateBy(p.given.intent, complaintShare) : p.intent;
    const categoryP = complaintShare > p.complaint ? gateBy(p.given.category, complaintShare) : p.category;
    // The learned head speaks only on a complaint or unclassed message: praise and plain questions
    // escalate on the rules alone (a question about a hazard is not yet a hazard).
    const learnedThresholds = kind.label === 'complaint' || kind.label === 'other' ? model.thresholds.escalation : {};
    const detected = combineEscalation(escalation.detect(analysis.folded, analysis.foldedChars), p.escalation, learnedThresholds);
    // A threat, a hazard or a repeat makes the message a complaint, whatever else it is.
    if (detected.reasons.length > 0 && kind.label === 'other') kind = { label: 'complaint', confidence: round(p.complaint) };
    // A want must be said: without any request cue ("refund", 换, "fix", 点解, "?") the
    // model's guess from the situation alone ("my order hasn't come") is not enough.
    // Praise, a plain question or small talk wants nothing from a complaint desk (threshold > 1: always the fallback).
    const intent = decide<IntentLabel>(intentHead.labels, intentP,
      kind.label !== 'complaint' ? 1.01 : expressesWant(analysis) ? model.thresholds.intent : UNSAID_WANT_THRESHOLD, 'unspecified');
    // Praise that mentions a past complaint or a review ("上次投訴處理得好好") threatens
    // nothing and repeats no grievance; harm and legal words still count.
    const reasons = kind.label === 'compliment' ? detected.reasons.filter((r) => r !== 'media' && r !== 'repeat') : detected.reasons;
    // Category says what went wrong; praise, a plain question or small talk reports nothing wrong,
    // and neither does a bare threat (docs/triage.md, Category): a threat with no category cue
    // ("I'll take this to the ombudsman", 我就发到小红书) is `other`, not the model's prior guess.
    const bareThreat = reasons.length > 0 && reasons.every((r) => THREATS.has(r))
      && !analysis.cues.some((c) => c.group === 'category' && !c.negated);
    const category = decide<CategoryLabel>(categoryHead.labels, categoryP,
      kind.label !== 'complaint' || bareThreat ? 1.01 : model.thresholds.category, 'other');
    const escalate = { value: reasons.length > 0, reasons };
    const emotionP = calmUnlessComplaint(p, analysis, emotionHead.labels.indexOf('neutral'), model.thresholds.evidence);
    let emotionIndex = emotionP.indexOf(Math.max(...emotionP));
    // Sarcasm turns polite words around ("Thanks for nothing"): never read it as neutral.
    if (kind.label === 'complaint' && emotionHead.labels[emotionIndex] === 'neutral' && analysis.cues.some((c) => c.group === 'sarcasm' && !c.negated)) {
      emotionIndex = emotionP.reduce((best, x, i) => (emotionHead.labels[i] !== 'neutral' && x > (emotionP[best] ?? -1) ? i : best), emotionHead.labels.indexOf('anger'));
    }
    // Emotion needs a sign (docs/triage.md, Emotion): praise is never upset, and a message
    // with no emotion word, sarcasm, shouting, duration, repeat, threat or hazard is a neutral
    // report unless the model is sure otherwise (CALM_OVERRIDE).
    const feeling = showsEmotion(analysis, reasons);
    if (kind.label === 'compliment' || (!feeling && emotionP[emotionIndex]! < CALM_OVERRIDE)) emotionIndex = emotionHead.labels.indexOf('neutral');
    // A hazard told with no sign of feeling (no emotion word, sarcasm, ！ or CAPS) is what the
    // definitions say (docs/triage.md, Emotion): anxiety when a child, a pregnancy or an old or
    // ill person is at risk, otherwise a neutral report, however serious. The model, which
    // learnt feelings from words, was right on under half of these (dev rounds 3–7).
    if (kind.label === 'complaint' && reasons.length > 0 && reasons.every((r) => r === 'safety') && !showsFeelingInWords(analysis)) {
      emotionIndex = emotionHead.labels.indexOf(mentionsVulnerable(analysis) ? 'anxiety' : 'neutral');
    }
    // A threat (media, a regulator, a consumer body, a court) is hostility by definition
    // (docs/triage.md, Emotion): said calmly it is still anger, not a neutral report.
    if (kind.label === 'complaint' && emotionHead.labels[emotionIndex] === 'neutral' && reasons.some((r) => THREATS.has(r))) {
      emotionIndex = emotionHead.labels.indexOf('anger');
    }
    const emotionLabel = emotionHead.labels[emotionIndex]!;
    const offsetText = normaliseKeepingOffsets(input);
    const entities = extractEntities(offsetText, analyzer.foldChars(offsetText), products, analysis.lang === 'en', options.englishDates);
    return {
      lang: analysis.lang,
      intent,
      category,
      emotion: {
        label: emotionLabel,
        intensity: emotionIntensity(analysis, emotionLabel, emotionP[emotionIndex]!, escalate.reasons.includes('repeat'),
          escalate.reasons.some((r) => r !== 'repeat' && r !== 'safety')),
      },
      escalate: { value: escalate.value, reasons: escalate.reasons },
      entities,
      kind,
      // Venting lets a feeling out: a report that shows none (no emotion word, shouting, duration,
      // repeat, threat or hazard) is not venting, so the next motive is taken.
      motive: top<MotiveLabel>(motiveHead.labels, feeling ? p.motive : p.motive.map((x, i) => (motiveHead.labels[i] === 'vent' ? 0 : x))),
    };
  };
}
