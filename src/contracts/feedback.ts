import { z } from 'zod';
import { CustomerSchema, LocaleSchema } from './complaint.js';
import { CategoryLabelSchema, EmotionSchema, KindLabelSchema, MotiveLabelSchema } from './triage.js';

/**
 * Feedback: what a customer says that is not a complaint to be handled — a
 * suggestion (triage motive `suggestion` with nothing wrong to put right) or
 * praise (triage kind `compliment`). The bot thanks them and records it here
 * instead of taking it through the complaint flow; supervisors read it with
 * `hearken feedback list`.
 */
export const FEEDBACK_KINDS = ['suggestion', 'compliment'] as const;
export const FeedbackKindSchema = z.enum(FEEDBACK_KINDS);
export type FeedbackKind = z.infer<typeof FeedbackKindSchema>;

const scored = <T extends z.ZodTypeAny>(label: T) => z.object({ label, confidence: z.number().min(0).max(1) });

/** What triage made of the message, kept short: enough to sort and trust the feedback, not the whole result. */
export const FeedbackTriageSchema = z.object({
  kind: scored(KindLabelSchema).optional(),
  motive: scored(MotiveLabelSchema).optional(),
  category: scored(CategoryLabelSchema),
  emotion: EmotionSchema,
}).strict();
export type FeedbackTriage = z.infer<typeof FeedbackTriageSchema>;

export const FeedbackInputSchema = z.object({
  conversationId: z.string().min(1),
  /** Who said it, when the message named them or gave a way to reach them. */
  customer: CustomerSchema.optional(),
  locale: LocaleSchema,
  kind: FeedbackKindSchema,
  /** The customer's own words. */
  text: z.string().min(1),
  triage: FeedbackTriageSchema.optional(),
}).strict();
export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;

export const FeedbackRecordSchema = FeedbackInputSchema.extend({
  id: z.number().int().positive(),
  /** ISO-8601 UTC. */
  createdAt: z.string(),
}).strict();
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;
