// Finding and reading lexicon directories. Kept apart from the compiler so
// that `hearken lint` can read the files and hash them for its compile cache
// without loading the YAML parser and the compiler on a cache hit.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, isAbsolute } from 'node:path';
import type { LexiconFile } from '../guard/compile.js';
import { LEARNED_MODEL_FILE } from '../guard/learned.js';
import { packageRoot } from './package-root.js';

export { packageRoot };

/** The shipped guard lexicons, lexicons/guard under the package root. */
export function defaultGuardLexiconDir(): string {
  return join(packageRoot(), 'lexicons', 'guard');
}

/** Paths in findings read like `lexicons/guard/zh.yaml`: relative to the package root when inside it. */
function displayPath(absolute: string, root: string): string {
  const rel = relative(root, absolute);
  return rel.startsWith('..') || isAbsolute(rel) ? absolute : rel.split('\\').join('/');
}

/** A lexicon file's bytes, before decoding: the compile cache hashes these. */
export interface LexiconFileBytes { path: string; bytes: Buffer }

/** Reads every *.yaml / *.yml file of a lexicon directory, sorted by name, and the learned model if present, as bytes. */
export function readLexiconDirBytes(dir: string): LexiconFileBytes[] {
  const absolute = resolve(dir);
  if (!existsSync(absolute)) throw new Error(`lexicon directory not found: ${dir} (pass --lexicons DIR, or omit it for the shipped lexicons)`);
  if (!statSync(absolute).isDirectory()) throw new Error(`not a directory: ${dir}; expected a folder of *.yaml lexicon files`);
  const root = packageRoot();
  const all = readdirSync(absolute);
  const names = all.filter((n) => /\.ya?ml$/i.test(n)).sort();
  if (names.length === 0) throw new Error(`no *.yaml lexicon files in ${dir}`);
  if (all.includes(LEARNED_MODEL_FILE)) names.push(LEARNED_MODEL_FILE);
  return names.map((name) => {
    const path = join(absolute, name);
    return { path: displayPath(path, root), bytes: readFileSync(path) };
  });
}

export const decodeLexiconFiles = (files: readonly LexiconFileBytes[]): LexiconFile[] => files.map((f) => ({ path: f.path, text: f.bytes.toString('utf8') }));

/** Reads every *.yaml / *.yml file of a lexicon directory, sorted by name, and the learned model if present. */
export function readLexiconDir(dir: string): LexiconFile[] {
  return decodeLexiconFiles(readLexiconDirBytes(dir));
}
