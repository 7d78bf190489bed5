// SARIF 2.1.0 (OASIS), the format code-review tools import (GitHub code
// scanning, Azure DevOps, VS Code's SARIF viewer): a company can lint its
// canned-reply library in CI and see each finding on the line it concerns.
// Columns are UTF-16 code units, the guard's own, and say so (columnKind).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding } from '../../contracts/finding.js';
import { positionsOf, STDIN_LABEL, type FileReport } from './report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', suggestion: 'note' };

/** A URI reference for a file: relative (with /) when under `cwd`, else a file: URL. */
export function artifactUri(file: string, cwd: string): string {
  if (file === STDIN_LABEL) return 'stdin';
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(absolute).href;
  return rel.split(sep).map((segment) => encodeURIComponent(segment)).join('/');
}

interface Region { startLine: number; startColumn: number; endLine: number; endColumn: number; charOffset: number; charLength: number }

export interface SarifOptions {
  cwd: string;
  /** hearken's version, for tool.driver.version. */
  version?: string;
}

export function sarifLog(reports: readonly FileReport[], options: SarifOptions): Record<string, unknown> {
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const results: Record<string, unknown>[] = [];
  for (const report of reports) {
    const uri = artifactUri(report.file, options.cwd);
    const at = positionsOf(report.text);
    const region = (start: number, end: number): Region => {
      const s = at(start);
      const e = at(end);
      return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column, charOffset: start, charLength: end - start };
    };
    for (const f of report.findings) {
      let index = ruleIndex.get(f.ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.ruleId, index);
        const help = [f.message, ...(f.suggestions.length > 0 ? [`Try instead: ${f.suggestions.join(' | ')}`] : []), `Defined at ${f.source}.`].join('\n');
        rules.push({
          id: f.ruleId,
          name: f.ruleId,
          shortDescription: { text: f.message },
          fullDescription: { text: f.message },
          help: { text: help },
          defaultConfiguration: { level: LEVEL[f.severity] },
          properties: { category: f.category, tags: [f.category] },
        });
      }
      const result: Record<string, unknown> = {
        ruleId: f.ruleId,
        ruleIndex: index,
        level: LEVEL[f.severity],
        message: { text: `${f.message} (${JSON.stringify(f.actual)})${f.suggestions.length > 0 ? ` Try: ${f.suggestions.join(' | ')}` : ''}` },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: { ...region(f.start, f.end), snippet: { text: f.actual } } } }],
        properties: { category: f.category, source: f.source, suggestions: f.suggestions },
      };
      if (f.fix) {
        const [start, end] = f.fix.range;
        result.fixes = [{
          description: { text: f.fix.text === '' ? `Delete ${JSON.stringify(report.text.slice(start, end))}` : `Replace ${JSON.stringify(report.text.slice(start, end))} with ${JSON.stringify(f.fix.text)}` },
          artifactChanges: [{ artifactLocation: { uri }, replacements: [{ deletedRegion: region(start, end), insertedContent: { text: f.fix.text } }] }],
        }];
      }
      results.push(result);
    }
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'hearken', ...(options.version ? { version: options.version, semanticVersion: options.version } : {}), rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(reports: readonly FileReport[], options: SarifOptions): string {
  return JSON.stringify(sarifLog(reports, options), null, 2);
}
