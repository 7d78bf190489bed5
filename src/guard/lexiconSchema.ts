// Shapes of the files in lexicons/guard/. Rule files hold rules; three file
// names are special: categories.yaml (the open category list), approved.yaml
// (approved phrasing, used by the context check) and customer-cues.yaml
// (signs that the customer is upset, used until triage supplies an emotion).
import { z } from 'zod';
import { SeveritySchema } from '../contracts/finding.js';

/**
 * Lexicon text: trimmed, non-empty, bounded, and free of control characters
 * (a NUL or an escape sequence in a phrase is a paste accident or an attack,
 * never service wording). The bounds keep one file from costing the guard
 * megabytes: a surface form is further held to MAX_SURFACE_FORM (compile.ts).
 */
const textOf = (max: number) => z.string().trim().min(1, 'must not be empty')
  .max(max, `is longer than ${max} characters; lexicon entries are short phrases`)
  .superRefine((value, ctx) => {
    const control = /\p{Cc}/u.exec(value);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      ctx.addIssue({ code: 'custom', message: `contains the control character U+${code} at character ${control.index + 1}; remove it` });
    }
  });
export const LIMITS = { phraseEntry: 1000, regex: 2000, message: 500, suggestion: 300, example: 1000 } as const;
const text = textOf(LIMITS.message);
const phraseEntry = textOf(LIMITS.phraseEntry);
const suggestion = textOf(LIMITS.suggestion);
const example = textOf(LIMITS.example);

export const LocalizedTextSchema = z.object({ en: text, zh: text }).strict();
const localizedList = (item: typeof text) => z.object({ en: z.array(item).default([]), zh: z.array(item).default([]) }).strict();
export const LocalizedListSchema = localizedList(phraseEntry);

export const ForbiddenEntrySchema = z.union([phraseEntry, z.object({ regex: textOf(LIMITS.regex) }).strict()]);

export const RuleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$/, 'must look like "area.name", e.g. deflect.not-my-job'),
  severity: SeveritySchema,
  category: z.string().regex(/^[a-z][a-z_]*$/, 'must be a lower-case category name from categories.yaml'),
  message: LocalizedTextSchema,
  forbidden: z.array(ForbiddenEntrySchema).min(1, 'a rule needs at least one forbidden phrase'),
  unless: z.array(phraseEntry).default([]),
  suggest: localizedList(suggestion).default({ en: [], zh: [] }),
  /**
   * A span fix per language: text that replaces exactly the matched words
   * and still reads as a sentence ("That's not my problem, you…" → "That's
   * something I will sort out for you, you…"). Only where one fits every phrase.
   */
  fix: z.object({ en: suggestion.optional(), zh: suggestion.optional() }).strict().optional(),
  /**
   * true: a hit is excused when the same sentence goes on to say what the
   * agent has done about it (approved.yaml `commitments`: "…, so I've booked
   * an engineer", "…，不过我已经请主管核准").
   */
  excusedByAction: z.boolean().default(false),
  /**
   * true: a hit right after one of approved.yaml's `negations` is not the
   * agent's order but its opposite ("you don't need to read it yourself",
   * 您不用自己去查). Only for orders and stances that negate cleanly; never
   * for insults, impatience or dares ("no need to shout" still scolds).
   */
  negatable: z.boolean().default(false),
  /** `skip` (default): someone else's words the agent reports in quotes are not reported (quotedSpeech.ts). */
  quoted: z.enum(['skip', 'match']).default('skip'),
  tests: z.object({
    flag: z.array(example).min(1, 'give at least one example the rule must flag'),
    pass: z.array(example).min(1, 'give at least one realistic example the rule must let pass'),
  }).strict(),
}).strict().superRefine((rule, ctx) => {
  // A block the agent cannot act on only frustrates: every rule says what to write instead.
  if (rule.suggest.en.length + rule.suggest.zh.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['suggest'], message: 'needs at least one suggestion: add suggest: with en: or zh: alternatives, so the agent knows what to write instead' });
  }
});
export type LexiconRule = z.infer<typeof RuleSchema>;

export const RuleFileSchema = z.object({ rules: z.array(RuleSchema).min(1, 'a rule file needs at least one rule') }).strict();

export const CategoriesFileSchema = z.object({
  categories: z.record(z.string().regex(/^[a-z][a-z_]*$/), text),
}).strict();

export const ApprovedFileSchema = z.object({
  /** Reported when an upset customer's message gets a draft without acknowledgement. */
  context: z.object({
    id: z.string().min(1), category: z.string().min(1), message: LocalizedTextSchema,
    /** Whole sentences offered to the agent (acknowledgements below are match phrases, with brace syntax). */
    suggest: localizedList(suggestion),
  }).strict(),
  /** Acknowledgements and apologies; a draft containing one needs no context suggestion. */
  acknowledgements: LocalizedListSchema,
  /** Further approved service phrases; the guard must never flag any of them. */
  civil: LocalizedListSchema.default({ en: [], zh: [] }),
  /**
   * What the agent has done or will do ("so i have booked", "不过我已经"): after
   * a hit of an `excusedByAction` rule in the same sentence, it excuses the hit.
   */
  commitments: LocalizedListSchema.default({ en: [], zh: [] }),
  /**
   * Words that turn the order right after them around ("you don't need to",
   * 不用, 唔使): a hit of a `negatable` rule that starts at most a couple of
   * units after one is not reported.
   */
  negations: LocalizedListSchema.default({ en: [], zh: [] }),
}).strict();

export const CustomerCuesFileSchema = z.object({
  /** Words and phrases that show a customer is angry, frustrated or anxious. */
  upset: LocalizedListSchema,
}).strict();

export const SPECIAL_FILES = { categories: 'categories.yaml', approved: 'approved.yaml', cues: 'customer-cues.yaml' } as const;
