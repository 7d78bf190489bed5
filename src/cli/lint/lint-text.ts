// Lints one text the way `hearken lint` does: inline directives first (their
// comments blanked), then the guard, then the directives' verdict on each
// finding; with `fix`, span fixes are applied until the text is stable.
import type { Finding, Verdict } from '../../contracts/finding.js';
import { verdictOf, type Guard, type LintContext } from '../../guard/guard.js';
import { applyDirectives, parseDirectives, type CommentSyntax } from './directives.js';
import { fixUntilStable } from './fix.js';

export interface LintTextOptions {
  /** How inline directives are written in this input; null: no directives (batch drafts). */
  syntax: CommentSyntax | null;
  context?: LintContext;
  /** Apply span fixes (the caller decides whether to write them). */
  fix: boolean;
}

export interface LintTextResult {
  /** The text the findings refer to: the fixed text when fixing. */
  text: string;
  verdict: Verdict;
  findings: Finding[];
  /** Set when fixing changed the text. */
  output?: string;
}

export function lintText(guard: Guard, text: string, options: LintTextOptions): LintTextResult {
  const once = (current: string): Finding[] => {
    if (options.syntax === null) return guard.lint(current, options.context).findings;
    const { directives, masked } = parseDirectives(current, options.syntax);
    const findings = guard.lint(masked, options.context).findings;
    return applyDirectives(findings, directives, current);
  };
  if (!options.fix) {
    const findings = once(text);
    return { text, verdict: verdictOf(findings), findings };
  }
  const fixed = fixUntilStable(text, once);
  return { text: fixed.output, verdict: verdictOf(fixed.findings), findings: fixed.findings, ...(fixed.output !== text ? { output: fixed.output } : {}) };
}
