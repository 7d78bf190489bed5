// The I/O edge of the guard: reads lexicon directories from disk, compiles
// them with the pure core, and hot-reloads them. The core never touches fs.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { DataFileError, type DataProblem } from '../contracts/data-file.js';
import { compileGuard, LEARNED_MODEL_FILE, type CompileOptions, type Guard, type GuardSummary, type LexiconFile } from '../guard/index.js';
import { defaultGuardLexiconDir, readLexiconDir } from './read-dir.js';

export { defaultGuardLexiconDir, packageRoot, readLexiconDir } from './read-dir.js';

/** The error for a lexicon directory that does not compile: every problem at its file:line:col. */
export function lexiconLoadError(dir: string, problems: readonly DataProblem[]): DataFileError {
  return new DataFileError(problems, { heading: `lexicons in ${dir} failed to load (${problems.length} error${problems.length === 1 ? '' : 's'})` });
}

/**
 * A short, stable name for one set of lexicon files: sha256 over every file's name and text
 * (sorted by name, so the directory's listing order does not matter), first 12 hex digits.
 * Audit rows carry it, so a supervisor can tell which lexicons judged a draft.
 */
export function lexiconVersion(files: readonly LexiconFile[]): string {
  const hash = createHash('sha256');
  const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  for (const file of [...files].sort((a, b) => (baseName(a.path) < baseName(b.path) ? -1 : 1))) {
    hash.update(`${baseName(file.path)}\n${file.text.length}\n`).update(file.text);
  }
  return hash.digest('hex').slice(0, 12);
}

export interface LoadedGuard { guard: Guard; summary: GuardSummary; files: LexiconFile[]; version: string }

/** Reads and compiles a lexicon directory; throws DataFileError listing file:line:col problems. */
export function loadGuardWithSummary(dir: string = defaultGuardLexiconDir(), options: CompileOptions = {}): LoadedGuard {
  const files = readLexiconDir(dir);
  const result = compileGuard(files, options);
  if (!result.ok) throw lexiconLoadError(dir, result.errors);
  return { guard: result.guard, summary: result.summary, files, version: lexiconVersion(files) };
}

export function loadGuardFromDir(dir: string = defaultGuardLexiconDir(), options: CompileOptions = {}): Guard {
  return loadGuardWithSummary(dir, options).guard;
}

export type ReloadEvent =
  | { ok: true; guard: Guard; summary: GuardSummary; version: string }
  | { ok: false; error: Error; problems: readonly DataProblem[] };

export interface LexiconWatch {
  /** The last guard that loaded without errors. */
  current(): Guard;
  /** lexiconVersion of the files behind current(). */
  version(): string;
  close(): void;
}

export interface WatchOptions {
  /** Editors write files in several steps; wait this long after the last change. */
  debounceMs?: number;
}

/**
 * Loads `dir` now (throwing if it is invalid) and reloads it whenever a file in
 * it changes. A reload swaps the guard in one assignment, so callers never see
 * a half-built guard; a failed reload keeps the last good guard and reports
 * the errors through `onChange`.
 */
export function watchLexicons(dir: string, onChange: (event: ReloadEvent) => void = () => {}, options: WatchOptions = {}): LexiconWatch {
  const first = loadGuardWithSummary(dir);
  let guard = first.guard;
  let version = first.version;
  const debounceMs = options.debounceMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const reload = () => {
    timer = undefined;
    if (closed) return;
    try {
      const loaded = loadGuardWithSummary(dir);
      // Both in one synchronous step: a caller never sees a guard with another set's version.
      guard = loaded.guard;
      version = loaded.version;
      onChange({ ok: true, guard: loaded.guard, summary: loaded.summary, version: loaded.version });
    } catch (error) {
      const problems = error instanceof DataFileError ? error.problems : [];
      onChange({ ok: false, error: error as Error, problems });
    }
  };
  const watcher: FSWatcher = watch(resolve(dir), { persistent: false }, (_event, name) => {
    if (name !== null && !/\.ya?ml$/i.test(String(name)) && String(name) !== LEARNED_MODEL_FILE) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(reload, debounceMs);
  });
  watcher.on('error', (error) => onChange({ ok: false, error, problems: [] }));
  return {
    current: () => guard,
    version: () => version,
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
