// The I/O edge of the guard: reads lexicon directories from disk, compiles
// them with the pure core, and hot-reloads them. The core never touches fs.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { DataFileError, type DataProblem } from '../contracts/data-file.js';
import { compileGuard, LEARNED_MODEL_FILE, type CompileOptions, type Guard, type GuardSummary, type LexiconFile } from '../guard/index.js';
import { goLiveCheck, type GoLiveReport, type GoLiveTexts } from '../guard/goLiveGate.js';
import { defaultGuardLexiconDir, readLexiconDir } from './read-dir.js';

export { defaultGuardLexiconDir, packageRoot, readLexiconDir } from './read-dir.js';
export { guardDirOf, layoutOfArgument, lexiconLayout, lexiconsFolderFrom, shippedLexiconsDir, type LexiconLayout } from './layout.js';
export { MIN_POLITE_REPLIES, readBotMessages, readGoLiveTexts, readPoliteCorpus, shippedDialogsDir } from './go-live-texts.js';

/** The gate a lexicon set failed although its files are valid: it would block the bot's messages or polite replies. */
export const GO_LIVE_GATE = 'go-live';

/**
 * The error for a lexicon folder that cannot be used: its files do not compile, or (`gate`
 * GO_LIVE_GATE) they compile but would block bot messages or polite replies. Every problem is at
 * its file:line:col.
 */
export function lexiconLoadError(dir: string, problems: readonly DataProblem[], gate?: typeof GO_LIVE_GATE): DataFileError {
  const count = `${problems.length} ${gate ? 'block' : 'error'}${problems.length === 1 ? '' : 's'}`;
  const heading = gate
    ? `lexicons in ${dir} are too broad to go live (${count} of the bot's own messages or of polite replies)`
    : `lexicons in ${dir} failed to load (${count})`;
  return new DataFileError(problems, { heading, ...(gate ? { gate } : {}) });
}

/**
 * A short, stable name for one set of lexicon files: sha256 over every file's name and text
 * (sorted by name, so the directory's listing order does not matter), first 12 hex digits.
 * Audit rows carry it, so a supervisor can tell which lexicons judged a draft.
 */
export function lexiconVersion(files: readonly LexiconFile[]): string {
  return lexiconContentHash(files).slice(0, 12);
}

/** The full sha256 behind lexiconVersion (its first 12 hex digits are the version). */
export function lexiconContentHash(files: readonly LexiconFile[]): string {
  const hash = createHash('sha256');
  const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  for (const file of [...files].sort((a, b) => (baseName(a.path) < baseName(b.path) ? -1 : 1))) {
    hash.update(`${baseName(file.path)}\n${file.text.length}\n`).update(file.text);
  }
  return hash.digest('hex');
}

export interface LoadOptions extends CompileOptions {
  /**
   * The texts the guard must block none of before it is used: the bot's messages and the polite
   * corpus (readGoLiveTexts). Called on every load, so edits to them count too. Absent: no gate.
   */
  goLive?: () => GoLiveTexts;
}

export interface LoadedGuard {
  guard: Guard;
  summary: GuardSummary;
  files: LexiconFile[];
  /** lexiconVersion(files): what audit rows and the lexicon version log name. */
  version: string;
  contentHash: string;
  /** Problems that did not stop the guard (a learned model that does not fit: the layer is off). */
  warnings: DataProblem[];
  /** What the go-live gate linted, when it ran (it passed, or this would have thrown). */
  goLive?: GoLiveReport;
}

/**
 * Reads and compiles a lexicon directory, then runs the go-live gate when asked; throws
 * DataFileError listing file:line:col problems (`gate` GO_LIVE_GATE when only the gate failed).
 */
export function loadGuardWithSummary(dir: string = defaultGuardLexiconDir(), options: LoadOptions = {}): LoadedGuard {
  const { goLive, ...compileOptions } = options;
  const files = readLexiconDir(dir);
  const result = compileGuard(files, compileOptions);
  if (!result.ok) throw lexiconLoadError(dir, result.errors);
  let report: GoLiveReport | undefined;
  if (goLive) {
    let texts: GoLiveTexts;
    try { texts = goLive(); } catch (error) {
      if (error instanceof DataFileError) throw lexiconLoadError(dir, error.problems);
      throw error;
    }
    report = goLiveCheck(result.guard, texts, new Map(files.map((f) => [f.path, f.text])));
    if (report.errors.length > 0) throw lexiconLoadError(dir, report.errors, GO_LIVE_GATE);
  }
  const contentHash = lexiconContentHash(files);
  return {
    guard: result.guard, summary: result.summary, files, version: contentHash.slice(0, 12), contentHash, warnings: result.warnings,
    ...(report ? { goLive: report } : {}),
  };
}

export function loadGuardFromDir(dir: string = defaultGuardLexiconDir(), options: CompileOptions = {}): Guard {
  return loadGuardWithSummary(dir, options).guard;
}

export type ReloadEvent =
  | { ok: true; guard: Guard; summary: GuardSummary; version: string; loaded: LoadedGuard }
  | { ok: false; error: Error; problems: readonly DataProblem[] };

export interface LexiconWatch {
  /** The last guard that loaded without errors. */
  current(): Guard;
  /** Everything about the first load (its warnings, what the gate linted); reloads report through onChange. */
  readonly initial: LoadedGuard;
  /** lexiconVersion of the files behind current(). */
  version(): string;
  close(): void;
}

export interface WatchOptions {
  /** Editors write files in several steps; wait this long after the last change. */
  debounceMs?: number;
  /** The go-live gate (see LoadOptions): a reload that would block any of these texts is refused. */
  goLive?: () => GoLiveTexts;
}

/**
 * Loads `dir` now (throwing if it is invalid) and reloads it whenever a file in
 * it changes. A reload swaps the guard in one assignment, so callers never see
 * a half-built guard; a failed reload keeps the last good guard and reports
 * the errors through `onChange`.
 */
export function watchLexicons(dir: string, onChange: (event: ReloadEvent) => void = () => {}, options: WatchOptions = {}): LexiconWatch {
  const loadOptions: LoadOptions = options.goLive ? { goLive: options.goLive } : {};
  const first = loadGuardWithSummary(dir, loadOptions);
  let guard = first.guard;
  let version = first.version;
  const debounceMs = options.debounceMs ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const reload = () => {
    timer = undefined;
    if (closed) return;
    try {
      const loaded = loadGuardWithSummary(dir, loadOptions);
      // Both in one synchronous step: a caller never sees a guard with another set's version.
      guard = loaded.guard;
      version = loaded.version;
      onChange({ ok: true, guard: loaded.guard, summary: loaded.summary, version: loaded.version, loaded });
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
    initial: first,
    version: () => version,
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
