// What Hearken's buttons and modals carry between Slack and the server, as compact JSON.
// Slack returns these values in signed requests only, but they are still parsed with a schema:
// a value from an older Hearken, or a hand-built request, gets a clear error, not a crash.
import { z } from 'zod';
import { LocaleSchema } from '../contracts/complaint.js';

/** Slack's limits: a button value holds 2,000 characters, a view's private_metadata 3,000. */
export const MAX_BUTTON_VALUE = 2000;
export const MAX_PRIVATE_METADATA = 3000;

const auditId = z.number().int().positive();

/** "Use suggestion": the edit to apply to check `a`'s draft. */
export const UseSuggestionValue = z.object({ a: auditId, s: z.number().int().nonnegative(), e: z.number().int().nonnegative(), t: z.string(), l: LocaleSchema }).strict();
/** "Fix all" and "Edit": which check's draft. */
export const DraftValue = z.object({ a: auditId, l: LocaleSchema }).strict();
/** "This block is wrong": which check and which rule. */
export const DisagreeValue = z.object({ a: auditId, r: z.string().min(1), l: LocaleSchema }).strict();
/** The edit modal remembers where to post the re-checked draft. */
export const EditMetadata = z.object({ a: auditId, l: LocaleSchema, u: z.string().url() }).strict();
export const DisagreeMetadata = z.object({ a: auditId, r: z.string().min(1), l: LocaleSchema, u: z.string().url() }).strict();

const complaintId = z.string().regex(/^C-\d{8}-\d{4,}$/, 'not a complaint id');
/** Claim, View transcript, Resolve and Approve on an escalation post: which complaint. */
export const ComplaintValue = z.object({ c: complaintId }).strict();
/** "Take over": the complaint and the owner the agent agreed to take it from. */
export const TakeOverValue = z.object({ c: complaintId, o: z.string().min(1) }).strict();
/** "Send to customer" on a revised reply: which check's draft. */
export const SendValue = z.object({ a: auditId, l: LocaleSchema }).strict();
/** The Resolve modal remembers the complaint, and where to answer the agent (channel, when known). */
export const ResolveMetadata = z.object({ c: complaintId, l: LocaleSchema, ch: z.string().optional() }).strict();

export type ComplaintValue = z.infer<typeof ComplaintValue>;
export type TakeOverValue = z.infer<typeof TakeOverValue>;
export type SendValue = z.infer<typeof SendValue>;
export type ResolveMetadata = z.infer<typeof ResolveMetadata>;
export type UseSuggestionValue = z.infer<typeof UseSuggestionValue>;
export type DraftValue = z.infer<typeof DraftValue>;
export type DisagreeValue = z.infer<typeof DisagreeValue>;
export type EditMetadata = z.infer<typeof EditMetadata>;
export type DisagreeMetadata = z.infer<typeof DisagreeMetadata>;

export const encodeValue = (value: object): string => JSON.stringify(value);

/** Parses a value Hearken wrote earlier; throws an error naming what was wrong. */
export function decodeValue<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  let data: unknown;
  try { data = JSON.parse(typeof raw === 'string' ? raw : ''); } catch { throw new Error(`the ${what} is not Hearken's JSON; press the button on a fresh check`); }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new Error(`the ${what} does not match this version of Hearken (${parsed.error.issues[0]?.message ?? 'invalid'}); run the check again`);
  return parsed.data;
}
