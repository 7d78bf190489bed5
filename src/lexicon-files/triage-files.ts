// The triage core's file edge: finds lexicons/triage, reads the shipped model
// (model.json) and the data files it is trained and measured on. The core
// (src/triage) only ever sees their text or parsed contents.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DataFileError } from '../contracts/data-file.js';
import { createTriage, type EnglishDateTagger, type Triage } from '../triage/index.js';
import { MODEL_FORMAT } from '../triage/model-format.js';
import type { TriageModel } from '../triage/model.js';
import { TRIAGE_DATA_FILES, triageSourcesFrom, type TriageDataFile, type TriageDataText, type TriageSources } from '../triage/sources.js';
import { readDataFile } from './data-files.js';
import { packageRoot } from './package-root.js';

/** The shipped triage data, lexicons/triage under the package root. */
export function defaultTriageDir(): string {
  return join(packageRoot(), 'lexicons', 'triage');
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

/** The triage function over the shipped model (or the model in `dir`). */
export function loadTriage(dir?: string): Triage {
  return createTriage(readTriageModel(dir), { englishDates: lazyCompromiseDates() });
}

/** Reads and validates the triage data files of `dir`; throws DataFileError listing every file:line:col problem. */
export function readTriageSources(dir: string = defaultTriageDir()): TriageSources {
  const files = Object.fromEntries(TRIAGE_DATA_FILES.map((name) => {
    const path = join(dir, name);
    return [name, { path, text: readDataFile(path) }];
  })) as Record<TriageDataFile, TriageDataText>;
  return triageSourcesFrom(files);
}

/**
 * readTriageSources for a command line: on bad data it prints what to fix,
 * prefixed with the command's name, and returns null (the command exits 2).
 */
export function readTriageSourcesFor(command: string, dir: string): TriageSources | null {
  try {
    return readTriageSources(dir);
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    console.error(`${command}: the triage data has problems; fix them and retry:\n${error.message}`);
    return null;
  }
}
