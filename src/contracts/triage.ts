import { z } from 'zod';

export const LangSchema = z.enum(['en', 'zh-Hans', 'zh-Hant']);
export type Lang = z.infer<typeof LangSchema>;

export const INTENT_LABELS = ['refund', 'replacement', 'repair', 'compensation', 'apology', 'explanation', 'unspecified'] as const;
export const IntentLabelSchema = z.enum(INTENT_LABELS);
export type IntentLabel = z.infer<typeof IntentLabelSchema>;

export const CATEGORY_LABELS = [
  'product_quality', 'service_attitude', 'delivery', 'billing',
  'broken_promise', 'repair_warranty', 'wait_time', 'other',
] as const;
export const CategoryLabelSchema = z.enum(CATEGORY_LABELS);
export type CategoryLabel = z.infer<typeof CategoryLabelSchema>;

export const EMOTION_LABELS = ['anger', 'frustration', 'anxiety', 'neutral'] as const;
export const EmotionLabelSchema = z.enum(EMOTION_LABELS);
export type EmotionLabel = z.infer<typeof EmotionLabelSchema>;

export const ESCALATION_REASONS = ['media', 'regulator', 'consumer_association', 'legal', 'safety', 'repeat'] as const;
export const EscalationReasonSchema = z.enum(ESCALATION_REASONS);
export type EscalationReason = z.infer<typeof EscalationReasonSchema>;

/**
 * What the message is: a complaint, praise (compliment), a plain question with
 * no grievance (opening hours, how to), or anything else (greetings, small talk).
 * A grievance asked as a question ("why was I charged twice?") is a complaint.
 */
export const KIND_LABELS = ['complaint', 'compliment', 'question', 'other'] as const;
export const KindLabelSchema = z.enum(KIND_LABELS);
export type KindLabel = z.infer<typeof KindLabelSchema>;

/**
 * Why the customer complains (the five motives of 顾客投诉的心理特征): to be
 * respected (求尊重), to vent (求发泄), to be compensated (求补偿), to make a
 * suggestion (提意见) and to be seen (求自我表现). See docs/triage.md.
 */
export const MOTIVE_LABELS = ['respect', 'vent', 'compensation', 'suggestion', 'recognition'] as const;
export const MotiveLabelSchema = z.enum(MOTIVE_LABELS);
export type MotiveLabel = z.infer<typeof MotiveLabelSchema>;

const scored = <T extends z.ZodTypeAny>(label: T) =>
  z.object({ label, confidence: z.number().min(0).max(1) });

export const EmotionSchema = z.object({ label: EmotionLabelSchema, intensity: z.number().min(0).max(1) });
export type Emotion = z.infer<typeof EmotionSchema>;

export const EntitySchema = z.object({
  type: z.enum(['order_number', 'ticket_number', 'complaint_id', 'amount', 'date', 'phone', 'email', 'product']),
  value: z.string(),
  /** UTF-16 offsets into the original text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type Entity = z.infer<typeof EntitySchema>;

export const TriageResultSchema = z.object({
  lang: LangSchema,
  intent: scored(IntentLabelSchema).extend({ runnersUp: z.array(scored(IntentLabelSchema)) }),
  category: scored(CategoryLabelSchema).extend({ runnersUp: z.array(scored(CategoryLabelSchema)) }),
  emotion: EmotionSchema,
  escalate: z.object({ value: z.boolean(), reasons: z.array(EscalationReasonSchema) }),
  entities: z.array(EntitySchema),
  /**
   * Added in round 3. Optional so that results stored before them (complaint
   * records, transcripts) and hand-made results still validate; triage always
   * sets both (see `FullTriageResult`).
   */
  kind: scored(KindLabelSchema).optional(),
  motive: scored(MotiveLabelSchema).optional(),
});
export type TriageResult = z.infer<typeof TriageResultSchema>;
/** What `triage(text)` returns: a TriageResult with `kind` and `motive` always set. */
export type FullTriageResult = TriageResult & Required<Pick<TriageResult, 'kind' | 'motive'>>;
