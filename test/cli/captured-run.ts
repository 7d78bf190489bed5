// Runs a CLI command in-process and captures what it prints, one line per console call,
// so tests read the same text a supervisor sees.
import { vi } from 'vitest';
import type { CliContext } from '../../src/cli/command.js';

export type CommandRun = (argv: string[], cli: CliContext) => Promise<number>;

export async function runCaptured(run: CommandRun, argv: string[], context: CliContext): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => { out += `${parts.join(' ')}\n`; });
  vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => { err += `${parts.join(' ')}\n`; });
  try {
    return { code: await run(argv, context), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
