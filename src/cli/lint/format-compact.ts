// One line per finding, `file:line:col: severity: message (actual) [rule]`, the
// shape editors' and CI problem matchers read (as gcc, ESLint's unix format).
import type { Colours } from '../colour.js';
import type { FileReport } from './report.js';

export function formatCompact(reports: readonly FileReport[], c: Colours): string {
  const lines: string[] = [];
  for (const report of reports) {
    for (const f of report.findings) {
      const severity = f.severity === 'error' ? c.red(f.severity) : f.severity === 'warning' ? c.yellow(f.severity) : c.cyan(f.severity);
      lines.push(`${report.file}:${f.line}:${f.column}: ${severity}: ${f.message} (${JSON.stringify(f.actual)}) ${c.dim(`[${f.ruleId}]`)}`);
    }
  }
  const total = lines.length;
  if (total > 0) lines.push('', `${total} problem${total === 1 ? '' : 's'}`);
  return lines.join('\n');
}
