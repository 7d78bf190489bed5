import { z } from 'zod';
import { CategoryLabelSchema, TriageResultSchema } from './triage.js';

/** Bump when the stored shape changes; the store migrates old records forward. */
export const COMPLAINT_SCHEMA_VERSION = 1;

export const ChannelSchema = z.enum(['web_chat', 'slack', 'phone', 'email', 'letter', 'walk_in']);
export type Channel = z.infer<typeof ChannelSchema>;

export const LocaleSchema = z.enum(['en', 'zh-Hans', 'zh-Hant']);
export type Locale = z.infer<typeof LocaleSchema>;

export const DesiredResolutionSchema = z.enum(['refund', 'replacement', 'repair', 'compensation', 'apology', 'explanation', 'other']);
export type DesiredResolution = z.infer<typeof DesiredResolutionSchema>;

export const ResolutionTypeSchema = z.enum(['refund', 'replacement', 'repair', 'discount', 'compensation', 'apology', 'explanation', 'rejected']);
export type ResolutionType = z.infer<typeof ResolutionTypeSchema>;

export const ComplaintStatusSchema = z.enum([
  'received', 'acknowledged', 'investigating', 'solution_proposed',
  'awaiting_approval', 'approved', 'resolved', 'closed', 'rejected', 'appealed',
]);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

export const SeverityLevelSchema = z.enum(['normal', 'major']);
export type SeverityLevel = z.infer<typeof SeverityLevelSchema>;

export const FactSchema = z.object({ key: z.string().min(1), value: z.string(), confirmed: z.boolean() });
export type Fact = z.infer<typeof FactSchema>;

export const CustomerSchema = z.object({
  name: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
  externalRef: z.string().optional(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const ResolutionSchema = z.object({
  type: ResolutionTypeSchema,
  detail: z.string(),
  /** Money involved, in the smallest unit of the currency, when the type has one (refund, compensation, discount). */
  amount: z.number().nonnegative().optional(),
  approvedBy: z.string().optional(),
});
export type Resolution = z.infer<typeof ResolutionSchema>;

export const HistoryEventSchema = z.object({
  at: z.string().datetime({ offset: true }),
  actor: z.string(),
  channel: ChannelSchema.or(z.literal('system')),
  event: z.string(),
  from: ComplaintStatusSchema.optional(),
  to: ComplaintStatusSchema.optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

export const ComplaintRecordSchema = z.object({
  schemaVersion: z.literal(COMPLAINT_SCHEMA_VERSION),
  id: z.string().regex(/^C-\d{8}-\d{4,}$/),
  channel: ChannelSchema,
  locale: LocaleSchema,
  customer: CustomerSchema,
  subject: z.string(),
  description: z.string(),
  facts: z.array(FactSchema),
  triage: TriageResultSchema.optional(),
  desiredResolution: DesiredResolutionSchema,
  /**
   * Every outcome the customer wants, in their order (desiredResolution is the first).
   * Optional: records from before it, and channels that take one outcome, leave it out.
   */
  desiredResolutions: z.array(DesiredResolutionSchema).optional(),
  category: CategoryLabelSchema,
  department: z.string(),
  severity: SeverityLevelSchema,
  owner: z.string().min(1),
  status: ComplaintStatusSchema,
  ackBy: z.string().datetime({ offset: true }),
  investigateBy: z.string().datetime({ offset: true }),
  resolveBy: z.string().datetime({ offset: true }),
  resolution: ResolutionSchema.optional(),
  satisfaction: z.object({ score: z.number().int().min(1).max(5), comment: z.string().optional() }).optional(),
  appeal: z.object({ reason: z.string(), at: z.string().datetime({ offset: true }), previousOwner: z.string() }).optional(),
  rejectionReason: z.string().optional(),
  createdAt: z.string().datetime({ offset: true }),
  updatedAt: z.string().datetime({ offset: true }),
  /** Optimistic-concurrency version; every stored update increments it. */
  version: z.number().int().nonnegative(),
  history: z.array(HistoryEventSchema),
});
export type ComplaintRecord = z.infer<typeof ComplaintRecordSchema>;

/**
 * What an intake channel (bot, Slack, phone agent) knows when a complaint is
 * accepted. The complaint domain turns it into a ComplaintRecord: it assigns the
 * id, routes the department, computes deadlines and records the first history event.
 */
export const ComplaintDraftSchema = z.object({
  channel: ChannelSchema,
  locale: LocaleSchema,
  customer: CustomerSchema,
  subject: z.string(),
  description: z.string().min(1),
  facts: z.array(FactSchema).default([]),
  triage: TriageResultSchema.optional(),
  desiredResolution: DesiredResolutionSchema.default('other'),
  desiredResolutions: z.array(DesiredResolutionSchema).optional(),
  category: CategoryLabelSchema,
  severity: SeverityLevelSchema.default('normal'),
  /** The first responder, when one is already known (an agent taking a phone call); otherwise the department queue owns it until someone acknowledges. */
  owner: z.string().min(1).optional(),
});
export type ComplaintDraft = z.input<typeof ComplaintDraftSchema>;

/** The events that move a complaint through its lifecycle (see src/complaints/lifecycle.ts). */
export const ComplaintEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('acknowledge') }),
  z.object({ type: z.literal('start_investigation'), /** required after an appeal: the new, different owner */ owner: z.string().min(1).optional() }),
  z.object({ type: z.literal('propose_solution'), resolution: ResolutionSchema.omit({ approvedBy: true }) }),
  z.object({ type: z.literal('request_approval') }),
  z.object({ type: z.literal('approve') }),
  z.object({ type: z.literal('decline_approval'), reason: z.string().min(1) }),
  z.object({ type: z.literal('resolve'), note: z.string().optional() }),
  z.object({ type: z.literal('close'), satisfaction: z.object({ score: z.number().int().min(1).max(5), comment: z.string().optional() }).optional() }),
  z.object({ type: z.literal('reject'), reason: z.string().min(1) }),
  z.object({ type: z.literal('appeal'), reason: z.string().min(1) }),
]);
export type ComplaintEvent = z.infer<typeof ComplaintEventSchema>;
export type ComplaintEventType = ComplaintEvent['type'];
