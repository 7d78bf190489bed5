// JSON output. One input: one object {file, verdict, findings[, output]} (the
// shape `--json` always had, plus `file`). Several: {verdict, files: [...]}.
// JSON Lines: one such file object per line, for streaming consumers.
import { worstVerdict, type FileReport } from './report.js';

function fileObject(report: FileReport): Record<string, unknown> {
  return { file: report.file, verdict: report.verdict, findings: report.findings, ...(report.output !== undefined ? { output: report.output } : {}) };
}

export function formatJson(reports: readonly FileReport[]): string {
  if (reports.length === 1) return JSON.stringify(fileObject(reports[0]!), null, 2);
  return JSON.stringify({ verdict: worstVerdict(reports), files: reports.map(fileObject) }, null, 2);
}

export function formatJsonLines(reports: readonly FileReport[]): string {
  return reports.map((r) => JSON.stringify(fileObject(r))).join('\n');
}
