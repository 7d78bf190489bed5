// Shapes of the files in lexicons/guard/. Rule files hold rules; three file
// names are special: categories.yaml (the open category list), approved.yaml
// (approved phrasing, used by the context check) and customer-cues.yaml
// (signs that the customer is upset, used until triage supplies an emotion).
import { z } from 'zod';
import { SeveritySchema } from '../contracts/finding.js';

const text = z.string().trim().min(1, 'must not be empty');

export const LocalizedTextSchema = z.object({ en: text, zh: text }).strict();
export const LocalizedListSchema = z.object({ en: z.array(text).default([]), zh: z.array(text).default([]) }).strict();

export const ForbiddenEntrySchema = z.union([text, z.object({ regex: text }).strict()]);

export const RuleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/, 'must look like "area.name", e.g. deflect.not-my-job'),
  severity: SeveritySchema,
  category: z.string().regex(/^[a-z][a-z_]*$/, 'must be a lower-case category name from categories.yaml'),
  message: LocalizedTextSchema,
  forbidden: z.array(ForbiddenEntrySchema).min(1, 'a rule needs at least one forbidden phrase'),
  unless: z.array(text).default([]),
  suggest: LocalizedListSchema.default({ en: [], zh: [] }),
  /** `skip` (default): a phrase inside quotation marks is not reported. */
  quoted: z.enum(['skip', 'match']).default('skip'),
  tests: z.object({
    flag: z.array(text).min(1, 'give at least one example the rule must flag'),
    pass: z.array(text).min(1, 'give at least one realistic example the rule must let pass'),
  }).strict(),
}).strict();
export type LexiconRule = z.infer<typeof RuleSchema>;

export const RuleFileSchema = z.object({ rules: z.array(RuleSchema).min(1, 'a rule file needs at least one rule') }).strict();

export const CategoriesFileSchema = z.object({
  categories: z.record(z.string().regex(/^[a-z][a-z_]*$/), text),
}).strict();

export const ApprovedFileSchema = z.object({
  /** Reported when an upset customer's message gets a draft without acknowledgement. */
  context: z.object({ id: z.string().min(1), category: z.string().min(1), message: LocalizedTextSchema }).strict(),
  /** Acknowledgements and apologies; a draft containing one needs no context suggestion. */
  acknowledgements: LocalizedListSchema,
  /** Further approved service phrases; the guard must never flag any of them. */
  civil: LocalizedListSchema.default({ en: [], zh: [] }),
}).strict();

export const CustomerCuesFileSchema = z.object({
  /** Words and phrases that show a customer is angry, frustrated or anxious. */
  upset: LocalizedListSchema,
}).strict();

export const SPECIAL_FILES = { categories: 'categories.yaml', approved: 'approved.yaml', cues: 'customer-cues.yaml' } as const;
