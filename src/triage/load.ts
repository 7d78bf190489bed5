// Adapter: loads the shipped model (lexicons/triage/model.json) and returns the
// pure triage function. The path resolves from this file, not the cwd, so the
// bot and the CLI find it wherever they are started.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriage, type Triage } from './index.js';
import { MODEL_FORMAT, type TriageModel } from './model.js';

/** src/triage (or dist/src/triage) → package root → lexicons/triage. */
export function defaultTriageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    dir = resolve(dir, '..');
    try {
      readFileSync(join(dir, 'package.json'));
      return join(dir, 'lexicons', 'triage');
    } catch { /* keep climbing */ }
  }
  throw new Error('triage: cannot find the package root (package.json) above src/triage; pass the lexicons/triage directory explicitly');
}

export function readTriageModel(dir: string = defaultTriageDir()): TriageModel {
  const file = join(dir, 'model.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`triage: cannot read ${file}: ${(error as Error).message}. Run \`npm run train:triage\` to build it.`);
  }
  // Full zod validation of ~10k weight rows costs more than the load itself;
  // the format tag and the staleness test guard the file instead.
  if ((parsed as { format?: unknown })?.format !== MODEL_FORMAT) {
    throw new Error(`triage: ${file} is not a ${MODEL_FORMAT} model. Run \`npm run train:triage\` to rebuild it.`);
  }
  return parsed as TriageModel;
}

export function loadTriage(dir?: string): Triage {
  return createTriage(readTriageModel(dir));
}
