// Adapter: loads the shipped model (lexicons/triage/model.json) and returns the
// pure triage function. The path resolves from this file, not the cwd, so the
// bot and the CLI find it wherever they are started.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTriage, type EnglishDateTagger, type Triage } from './index.js';
import { MODEL_FORMAT } from './model-format.js';
import type { TriageModel } from './model.js';

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

type CompromiseDoc = { match(pattern: string): { json(options: { offset: boolean }): { offset: { start: number; length: number } }[] } };

/**
 * compromise takes ~0.24 s to load, so it is required on the first English
 * message that mentions a date-like word, not at start-up.
 */
function lazyCompromiseDates(): EnglishDateTagger {
  let nlp: ((text: string) => CompromiseDoc) | undefined;
  return (text) => {
    nlp ??= createRequire(import.meta.url)('compromise') as (text: string) => CompromiseDoc;
    return nlp(text).match('(last|next|this|#Value)? #Date+ ago?').json({ offset: true }).map((m) => m.offset);
  };
}

export function loadTriage(dir?: string): Triage {
  return createTriage(readTriageModel(dir), { englishDates: lazyCompromiseDates() });
}
