// `hearken lint --audit`: each input is one draft, checked by the desk's draft
// check (the same check, empathy policy and audit row as a draft checked from
// Slack) and written to the guard audit of the store. Without --audit the CLI
// writes nothing anywhere.
import { readFileSync } from 'node:fs';
import type { Guard } from '../../guard/guard.js';
import type { Store } from '../../store/types.js';
import type { Input } from './inputs.js';
import { STDIN_LABEL, type FileReport } from './report.js';

export interface AuditOptions {
  /** Who checked, e.g. `cli:alice`. */
  by: string;
  complaintId?: string;
  /** The customer's last message, for the context check. */
  customerMessage?: string;
  readStdin(): Promise<string>;
  /** Says what went wrong with one input; the run ends with exit code 2. */
  problem(message: string): void;
}

export async function auditDrafts(
  store: Store, lexicons: { guard: Guard; version: string }, inputs: readonly Input[], options: AuditOptions,
): Promise<{ reports: FileReport[]; problems: number }> {
  const { createDraftCheck, DraftCheckInputError } = await import('../../desk/index.js');
  const check = createDraftCheck({ lexicons: { current: () => lexicons.guard, version: () => lexicons.version }, audit: store.guardAudit });
  const reports: FileReport[] = [];
  let problems = 0;
  for (const input of inputs) {
    const file = input.kind === 'stdin' ? STDIN_LABEL : input.path;
    let text: string;
    try {
      text = input.kind === 'stdin' ? await options.readStdin() : readFileSync(input.path, 'utf8');
      const outcome = await check.checkDraft({
        draft: text, by: options.by, channel: 'cli',
        ...(options.complaintId ? { complaintId: options.complaintId } : {}),
        ...(options.customerMessage !== undefined ? { customerMessage: options.customerMessage } : {}),
      });
      reports.push({ file, text, verdict: outcome.result.verdict, findings: outcome.result.findings });
    } catch (error) {
      if (!(error instanceof DraftCheckInputError) && !(error as NodeJS.ErrnoException).code) throw error;
      options.problem(`${file}: ${(error as Error).message}`);
      problems++;
    }
  }
  return { reports, problems };
}
