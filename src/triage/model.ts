// The trained model as shipped in lexicons/triage/model.json: weights, the
// calibration, the thresholds and the cue lexicons they were trained with.
import { z } from 'zod';
import { CATEGORY_LABELS, EMOTION_LABELS, ESCALATION_REASONS, INTENT_LABELS, KIND_LABELS, MOTIVE_LABELS } from '../contracts/triage.js';
import { CueLexiconSchema, EscalationLexiconSchema, EscalationReasonSchema } from './lexicon.js';

import { MODEL_FORMAT } from './model-format.js';

export { MODEL_FORMAT };

/** The learned escalation head's classes: no escalation, or the reason. */
export const ESCALATION_HEAD_LABELS = ['none', ...ESCALATION_REASONS] as const;

const HeadSchema = <L extends readonly [string, ...string[]]>(labels: L) => z.object({
  labels: z.tuple(labels.map((l) => z.literal(l)) as never) as unknown as z.ZodType<L>,
  /** Column of this head's first weight in each feature's weight array. */
  offset: z.number().int().nonnegative(),
  bias: z.array(z.number()).length(labels.length),
  /** Temperature fitted on out-of-fold logits; probabilities are softmax(logits / temperature). */
  temperature: z.number().positive(),
});

export const TriageModelSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  /** sha256 of the corpus, lexicons and trainer version this model was trained from. */
  sourceHash: z.string(),
  /** sha256 of the features the analyzer gave for the corpus at training time: catches feature code changes. */
  featureHash: z.string().optional(),
  analyzer: z.object({ segmenterWords: z.boolean() }),
  scripts: z.object({ simplifiedOnly: z.string(), traditionalOnly: z.string() }),
  cues: CueLexiconSchema,
  escalation: EscalationLexiconSchema,
  heads: z.object({
    intent: HeadSchema(INTENT_LABELS),
    category: HeadSchema(CATEGORY_LABELS),
    emotion: HeadSchema(EMOTION_LABELS),
    motive: HeadSchema(MOTIVE_LABELS),
    /** complaint, compliment, question or other: P(complaint) scales how much the intent and category heads are believed. */
    kind: HeadSchema(KIND_LABELS),
    /**
     * Learned escalation (none or a reason): it adds an escalation the cue rules missed when
     * P(not none) reaches `thresholds.escalation`; it never removes one the rules found.
     */
    escalation: HeadSchema(ESCALATION_HEAD_LABELS),
  }),
  thresholds: z.object({
    /** Below this top probability the intent is `unspecified`. */
    intent: z.number().min(0).max(1),
    /** Below this top probability the category is `other`. */
    category: z.number().min(0).max(1),
    /** Evidence scale: with evidence e, probabilities keep weight 1 - exp(-e / evidence) (the rest goes uniform). */
    evidence: z.number().positive(),
    /**
     * P(escalate) the learned head needs to add an escalation, by its top reason: chosen on
     * out-of-fold predictions for precision ≥ 0.9 (a threshold above 1 never adds).
     */
    escalation: z.record(EscalationReasonSchema, z.number().min(0)),
  }),
  /** feature → weights for every head, concatenated (see each head's offset). */
  weights: z.record(z.string(), z.array(z.number())),
});
export type TriageModel = z.infer<typeof TriageModelSchema>;
