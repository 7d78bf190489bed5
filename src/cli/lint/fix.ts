// Applies the span fixes of guard findings to a text, ESLint-style: fixes are
// sorted by range, one that overlaps or touches an earlier one waits for the
// next pass, and the chosen ones are applied from the end so that earlier
// offsets stay valid. The text is linted again after each pass (a fix may
// reveal or remove other findings) until nothing changes, at most 10 passes.
import type { Finding } from '../../contracts/finding.js';

export const MAX_FIX_PASSES = 10;

export type SpanFix = NonNullable<Finding['fix']>;

export interface AppliedFixes {
  output: string;
  /** Fixes applied in this pass. */
  applied: number;
  /** Fixes left for a later pass (overlapping a chosen one) or refused (range outside the text). */
  skipped: number;
}

/** One pass: applies every fix that does not overlap an earlier (by range) one. */
export function applyFixes(text: string, fixes: readonly SpanFix[]): AppliedFixes {
  const sorted = [...fixes].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const chosen: SpanFix[] = [];
  let lastEnd = -1;
  let skipped = 0;
  for (const fix of sorted) {
    const [start, end] = fix.range;
    // As in ESLint, a fix starting where the previous one ends also waits: two
    // insertions at one point, or a replacement next to one, may not compose.
    if (start > end || end > text.length || start <= lastEnd) { skipped++; continue; }
    chosen.push(fix);
    lastEnd = end;
  }
  let output = text;
  for (let k = chosen.length - 1; k >= 0; k--) {
    const { range: [start, end], text: replacement } = chosen[k]!;
    output = output.slice(0, start) + replacement + output.slice(end);
  }
  return { output, applied: chosen.length, skipped };
}

export interface FixResult {
  /** The text after every pass. */
  output: string;
  /** The findings in `output` (what is left to do by hand). */
  findings: Finding[];
  passes: number;
  applied: number;
}

/**
 * Lints, fixes, and lints again until no fix applies or the text stops
 * changing, at most `maxPasses` passes. `lint` must return findings whose
 * ranges refer to the text it was given.
 */
export function fixUntilStable(text: string, lint: (text: string) => Finding[], maxPasses = MAX_FIX_PASSES): FixResult {
  let current = text;
  let findings = lint(current);
  let passes = 0;
  let applied = 0;
  while (passes < maxPasses) {
    const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
    if (fixes.length === 0) break;
    const pass = applyFixes(current, fixes);
    if (pass.applied === 0 || pass.output === current) break;
    passes++;
    applied += pass.applied;
    current = pass.output;
    findings = lint(current);
  }
  return { output: current, findings, passes, applied };
}
