// What `hearken lint` found in one input, shared by the fixer, the inline
// directives and every output format.
import type { Finding, Verdict } from '../../contracts/finding.js';

export interface FileReport {
  /** The path as given on the command line, or STDIN_LABEL. */
  file: string;
  /** The text the findings' offsets refer to (after fixes, when fixing). */
  text: string;
  verdict: Verdict;
  findings: Finding[];
  /** The fixed text, when --fix or --fix-dry-run changed something or was asked for. */
  output?: string;
}

export const STDIN_LABEL = '<stdin>';

/** 1-based line and UTF-16 column of offsets in one text (the guard's coordinates). */
export function positionsOf(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

const SEVERITY_ORDER: Record<Verdict, number> = { pass: 0, warn: 1, block: 2 };

/** The worst verdict of several inputs. */
export function worstVerdict(reports: readonly { verdict: Verdict }[]): Verdict {
  let worst: Verdict = 'pass';
  for (const r of reports) if (SEVERITY_ORDER[r.verdict] > SEVERITY_ORDER[worst]) worst = r.verdict;
  return worst;
}
