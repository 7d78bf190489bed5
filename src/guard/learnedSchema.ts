// The learned-model.json schema, apart from the scorer in learned.ts so that
// linting with an already compiled guard (the CLI's cache) does not load zod.
import { z } from 'zod';
import { LEARNED_FORMAT } from './learned.js';

const SparseWeights = z.array(z.tuple([z.number().int().nonnegative(), z.number()]));

export const LearnedModelSchema = z.object({
  format: z.literal(LEARNED_FORMAT),
  /** sha256 over the training sources and the trainer version; the staleness test recomputes it. */
  sourceHash: z.string(),
  trainedOn: z.array(z.string()),
  hashBits: z.number().int().min(8).max(22),
  minN: z.number().int().min(1).max(6),
  maxN: z.number().int().min(1).max(6),
  /** A sentence whose score (log-odds summed over its n-grams / (n-grams + shrink), plus the prior) reaches this is flagged. */
  threshold: z.number(),
  /**
   * A sentence no lexicon finding covers is blocked (learned error) from this
   * score; absent (older models): learned findings only warn.
   */
  blockThreshold: z.number().optional(),
  /** A sentence where the lexicon only warns is blocked from this score; absent: never. */
  corroboratedThreshold: z.number().optional(),
  /**
   * Pseudo-count of neutral n-grams: pulls the score of a short sentence toward 0,
   * so "ok" or "是的" (two or three n-grams) cannot reach the threshold on noise.
   */
  shrink: z.number().nonnegative(),
  prior: z.number(),
  /** Log-odds flag vs pass of each bucket seen in training; unseen buckets score `unseen`. */
  unseen: z.number(),
  weights: SparseWeights,
  /** Nearest rule family of a flagged sentence: per-rule naive Bayes over the same buckets. */
  families: z.array(z.object({
    rule: z.string(),
    category: z.string(),
    /** log prior + log P(unseen bucket | rule), per n-gram. */
    logPrior: z.number(),
    unseen: z.number(),
    /** log P(bucket | rule) − unseen, for buckets seen with this rule. */
    bonus: SparseWeights,
  })).min(1),
  /** Cross-validation figures at the chosen threshold (informative, not used when scoring). */
  crossValidation: z.record(z.string(), z.number()),
}).strict();
export type LearnedModel = z.infer<typeof LearnedModelSchema>;
