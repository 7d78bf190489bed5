// The file side of `hearken lint`: reads each input, lints it (inline
// directives, fixes), writes fixed files with --fix, and collects one report
// per input. An unreadable file is reported and skipped; the others go on.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Guard, LintContext } from '../../guard/guard.js';
import { commentSyntaxFor } from './directives.js';
import type { Input } from './inputs.js';
import { lintText } from './lint-text.js';
import { STDIN_LABEL, type FileReport } from './report.js';

export type FixMode = 'off' | 'write' | 'dry-run';

export interface LintFilesOptions {
  fix: FixMode;
  context?: LintContext;
  /** Reads standard input (called at most once). */
  readStdin(): Promise<string>;
  /** Says what went wrong with one input; the run ends with exit code 2. */
  problem(message: string): void;
  /** After each input. */
  progress?(done: number): void;
}

export interface LintFilesResult { reports: FileReport[]; problems: number }

export async function lintFiles(guard: Guard, inputs: readonly Input[], options: LintFilesOptions): Promise<LintFilesResult> {
  const reports: FileReport[] = [];
  let problems = 0;
  let done = 0;
  for (const input of inputs) {
    const file = input.kind === 'stdin' ? STDIN_LABEL : input.path;
    let text: string;
    try {
      text = input.kind === 'stdin' ? await options.readStdin() : readFileSync(input.path, 'utf8');
    } catch (error) {
      options.problem(`cannot read ${file}: ${(error as Error).message}`);
      problems++;
      options.progress?.(++done);
      continue;
    }
    const result = lintText(guard, text, {
      syntax: commentSyntaxFor(input.kind === 'stdin' ? '' : input.path),
      fix: options.fix !== 'off',
      ...(options.context ? { context: options.context } : {}),
    });
    let output: string | undefined;
    if (options.fix === 'dry-run') output = result.text;
    else if (options.fix === 'write' && result.output !== undefined && input.kind === 'file') {
      try {
        writeFileSync(input.path, result.output);
        output = result.output;
      } catch (error) {
        options.problem(`cannot write the fixes to ${file}: ${(error as Error).message}`);
        problems++;
      }
    }
    reports.push({ file, text: result.text, verdict: result.verdict, findings: result.findings, ...(output !== undefined ? { output } : {}) });
    options.progress?.(++done);
  }
  return { reports, problems };
}
