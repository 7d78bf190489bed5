// Where a lexicon folder keeps its parts. HEARKEN_LEXICONS names one folder (default ./lexicons) holding
// guard/, triage/ and polite-corpus/, the way the package ships them; the server and the CLI both read
// through here, so a supervisor's copy of the folder is found the same way by every command.
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { packageRoot } from './read-dir.js';

/** The lexicons shipped with the package (lexicons/ under its root). */
export function shippedLexiconsDir(): string {
  return join(packageRoot(), 'lexicons');
}

export interface LexiconLayout {
  /** The lexicon folder (HEARKEN_LEXICONS). */
  root: string;
  /** Guard rule files, approved.yaml, categories.yaml, learned-model.json: watched by the server. */
  guard: string;
  /** Triage cues and model.json. */
  triage: string;
  /** Polite, approved replies no guard edit may block (the breadth check); the shipped corpus when the folder has none. */
  politeCorpus: string;
}

const isDir = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
const hasYaml = (dir: string) => readdirSync(dir).some((n) => /\.ya?ml$/i.test(n));

/** The parts of a lexicon folder; a part the folder lacks comes from the shipped lexicons. */
export function lexiconLayout(root: string): LexiconLayout {
  const absolute = resolve(root);
  const shipped = shippedLexiconsDir();
  const part = (name: string) => (isDir(join(absolute, name)) ? join(absolute, name) : join(shipped, name));
  return { root: absolute, guard: join(absolute, 'guard'), triage: part('triage'), politeCorpus: part('polite-corpus') };
}

/**
 * The lexicon folder a command argument names: a lexicon folder (with guard/ inside) or a guard
 * folder itself (`hearken lexicon check lexicons/guard`), whose parent then holds the other parts.
 */
export function layoutOfArgument(dir: string): LexiconLayout {
  const absolute = resolve(dir);
  if (!isDir(absolute)) throw new Error(`lexicon folder not found: ${dir}`);
  if (isDir(join(absolute, 'guard'))) return lexiconLayout(absolute);
  if (hasYaml(absolute)) return { ...lexiconLayout(dirname(absolute)), guard: absolute };
  throw new Error(`${dir} holds neither a guard/ folder nor *.yaml lexicon files; pass the lexicon folder (like lexicons/) or its guard/ folder`);
}

/** The guard folder of a command argument (either form of layoutOfArgument). */
export const guardDirOf = (dir: string): string => layoutOfArgument(dir).guard;

/**
 * HEARKEN_LEXICONS as the process edges (src/server/main.ts, src/cli/main.ts) read it. Unset or
 * blank: ./lexicons when the working directory has one with a guard/ folder, else the shipped
 * lexicons (so `npx hearken` works from any folder). Set: that folder, which must hold guard/.
 */
export function lexiconsFolderFrom(value: string | undefined, cwd: string = process.cwd()): string {
  if (value === undefined || value.trim() === '') {
    const local = resolve(cwd, 'lexicons');
    return isDir(join(local, 'guard')) ? local : shippedLexiconsDir();
  }
  const folder = resolve(cwd, value.trim());
  if (!isDir(folder)) throw new Error(`HEARKEN_LEXICONS=${JSON.stringify(value)}: no such folder; point it at a copy of the package's lexicons/ folder`);
  if (!isDir(join(folder, 'guard'))) {
    const hint = basename(folder) === 'guard' ? `; name its parent (${dirname(folder)}) instead` : '';
    throw new Error(`HEARKEN_LEXICONS=${JSON.stringify(value)} has no guard/ folder${hint}; it names the folder that holds guard/, triage/ and polite-corpus/`);
  }
  return folder;
}

