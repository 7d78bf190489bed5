// Checkstyle XML, which Jenkins, reviewdog and many CI dashboards import.
import type { Finding } from '../../contracts/finding.js';
import type { FileReport } from './report.js';

/** XML 1.0 cannot carry most control characters even escaped; drop them. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const LEVEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', suggestion: 'info' };

export function formatCheckstyle(reports: readonly FileReport[]): string {
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const report of reports) {
    lines.push(`  <file name="${escapeXml(report.file)}">`);
    for (const f of report.findings) {
      const message = `${f.message} (${JSON.stringify(f.actual)})${f.suggestions.length > 0 ? ` Try: ${f.suggestions.join(' | ')}` : ''}`;
      lines.push(`    <error line="${f.line}" column="${f.column}" severity="${LEVEL[f.severity]}" message="${escapeXml(message)}" source="${escapeXml(f.ruleId)}" />`);
    }
    lines.push('  </file>');
  }
  lines.push('</checkstyle>');
  return lines.join('\n');
}
