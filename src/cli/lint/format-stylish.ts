// The default, human-readable format: findings grouped per file with the
// matched text, message, rule id, suggestions and the lexicon line that fired.
import type { Finding } from '../../contracts/finding.js';
import type { Colours } from '../colour.js';
import { worstVerdict, type FileReport } from './report.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatStylish(reports: readonly FileReport[], c: Colours): string {
  const lines: string[] = [];
  const severityText = (s: Finding['severity']) => {
    const padded = s.padEnd(10);
    return s === 'error' ? c.red(padded) : s === 'warning' ? c.yellow(padded) : c.cyan(padded);
  };
  for (const report of reports) {
    if (report.findings.length === 0) continue;
    if (lines.length > 0) lines.push('');
    lines.push(c.underline(report.file));
    for (const f of report.findings) {
      lines.push(`  ${c.dim(`${f.line}:${f.column}`)}  ${severityText(f.severity)} ${JSON.stringify(f.actual)}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.suggestions.length > 0) lines.push(`      try: ${f.suggestions.join(' | ')}`);
      lines.push(c.dim(`      (${f.source})`));
    }
  }
  const all = reports.flatMap((r) => r.findings);
  const verdict = worstVerdict(reports);
  const verdictText = verdict === 'block' ? c.red(c.bold(verdict)) : verdict === 'warn' ? c.yellow(c.bold(verdict)) : c.green(verdict);
  if (all.length === 0) {
    const label = reports.length === 1 ? reports[0]!.file : `${reports.length} files`;
    lines.push(`${label}: no problems — verdict: ${verdictText}`);
    return lines.join('\n');
  }
  const count = (s: Finding['severity']) => all.filter((f) => f.severity === s).length;
  const files = reports.length > 1 ? ` in ${plural(reports.filter((r) => r.findings.length > 0).length, 'file')}` : '';
  const summary = `${plural(all.length, 'problem')}${files} (${count('error')} error, ${count('warning')} warning, ${count('suggestion')} suggestion) — verdict: `;
  lines.push('', `${verdict === 'block' ? c.red(c.bold(summary)) : c.bold(summary)}${verdictText}`);
  return lines.join('\n');
}
