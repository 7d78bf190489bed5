import { z } from 'zod';

/** `error` blocks a draft, `warning` warns, `suggestion` only advises. */
export const SeveritySchema = z.enum(['error', 'warning', 'suggestion']);
export type Severity = z.infer<typeof SeveritySchema>;

export const VerdictSchema = z.enum(['pass', 'warn', 'block']);
export type Verdict = z.infer<typeof VerdictSchema>;

/**
 * One forbidden phrase found in a draft. `start`/`end` are UTF-16 offsets into
 * the ORIGINAL text (before any normalisation); `line`/`column` are 1-based.
 * `source` names the lexicon rule as `lexicons/guard/zh.yaml:12`.
 */
export const FindingSchema = z.object({
  ruleId: z.string(),
  severity: SeveritySchema,
  category: z.string(),
  message: z.string(),
  actual: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  line: z.number().int().positive(),
  column: z.number().int().positive(),
  suggestions: z.array(z.string()),
  /**
   * A span fix, ESLint-style: replace exactly `range` (UTF-16 offsets into the original text,
   * the same coordinates as `start`/`end`) with `text`. Only where a fix fits the sentence;
   * whole-sentence rewrites stay in `suggestions`.
   */
  fix: z.object({ range: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]), text: z.string() }).optional(),
  source: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const LintResultSchema = z.object({
  verdict: VerdictSchema,
  findings: z.array(FindingSchema),
});
export type LintResult = z.infer<typeof LintResultSchema>;
