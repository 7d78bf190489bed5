// A disk cache of the compiled guard for short-lived processes (`hearken lint`).
// Compiling the shipped lexicons (YAML, phrase expansion, script conversion,
// the learned model) takes a few hundred milliseconds; a lint run should not
// pay that on every draft. The cache file holds the compiled lexicon, keyed by
// a hash of the lexicon files, the compiler's own code and the options, and
// carries a checksum: a stale, corrupt or unreadable file is rebuilt, never
// trusted. The caller (the CLI entry) decides where the cache lives.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { PhraseAutomaton } from '../guard/automaton.js';
import type { DataProblem } from '../contracts/data-file.js';
import type { LexiconFile } from '../guard/compile.js';
import { createGuard, type CompiledLexicon, type Guard } from '../guard/guard.js';
import { buildScriptTables, type ScriptTables } from '../script/script-tables.js';
import { decodeLexiconFiles, readLexiconDirBytes, type LexiconFileBytes } from './read-dir.js';

/** Bump when the file layout or the encoding below changes. */
const FORMAT = 'hearken-guard-cache/3';
/** Cache files kept per directory; older ones are removed after a write. */
const KEEP_FILES = 8;
const FILE_PREFIX = 'guard-';

export interface CachedGuardOptions {
  /** Where cache files live; null: no cache (compile every time). */
  cacheDir: string | null;
  /** Use the learned layer when the lexicon directory has one (default true). */
  learned?: boolean;
}

export type CacheOutcome = 'hit' | 'miss' | 'off';

export interface CachedGuard {
  guard: Guard;
  /** The compiler's warnings (a learned model that does not fit), kept with the cache entry so a hit says them too. */
  warnings: DataProblem[];
  /** hit: read from the cache; miss: compiled (and written when possible); off: compiled, no cache dir. */
  cache: CacheOutcome;
  /** Why a cache file that existed was not used (stale key, bad checksum, …), for diagnostics. */
  rejected?: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The compiler's code and the script data it folds with: a cache built by
 * another version of either must not be used. Hashes the source files next
 * to the guard and script modules (.js when built, .ts under the tests).
 */
function codeFingerprint(): string {
  const hash = createHash('sha256');
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..', 'guard'), join(here, '..', 'script'), here]) {
    for (const name of readdirSync(dir).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort()) {
      hash.update(`${name}\n`).update(readFileSync(join(dir, name)));
    }
  }
  try {
    // The Traditional/Simplified tables come from opencc-js's dictionaries.
    let dir = dirname(createRequire(import.meta.url).resolve('opencc-js'));
    for (;;) {
      const manifest = join(dir, 'package.json');
      if (statSync(manifest, { throwIfNoEntry: false })?.isFile()) { hash.update(readFileSync(manifest)); break; }
      if (dirname(dir) === dir) break;
      dir = dirname(dir);
    }
  } catch { /* not resolvable: the code hash still guards the format */ }
  return hash.digest('hex');
}

/** The cache key of a set of lexicon files compiled with `learned`. */
export function cacheKey(files: readonly LexiconFileBytes[], learned: boolean): string {
  const hash = createHash('sha256').update(`${FORMAT}\n${codeFingerprint()}\nlearned=${learned}\n`);
  for (const f of files) hash.update(`${f.path}\n${f.bytes.length}\n`).update(f.bytes);
  return hash.digest('hex');
}

// --- Encoding: the compiled lexicon as a v8-serialisable tree ---------------
// v8.serialize keeps typed arrays, Maps, RegExps and plain data but not class
// instances, so automata travel as their fields (less the root row, rebuilt
// from the root's children) and get their prototype back.
// v8 is slow on many small number arrays (the learned model's [bucket, weight]
// pairs took 90 ms), so long lists of number tuples and Maps of numbers travel
// as Float64Arrays. Of the script tables only the typed arrays linting reads
// are stored; the rest (phrase tables used while compiling) is rebuilt on first use.

const AUTOMATON = '$automaton';
const DECODER = '$textDecoder';
const TUPLES = '$numberTuples';
const NUMBER_MAP = '$numberMap';

/** Width of a list of equally long number arrays (worth packing), else 0. */
function tupleWidth(list: readonly unknown[]): number {
  if (list.length < 64 || !Array.isArray(list[0])) return 0;
  const width = (list[0] as unknown[]).length;
  if (width === 0) return 0;
  for (const item of list) {
    if (!Array.isArray(item) || item.length !== width) return 0;
    for (const x of item) if (typeof x !== 'number') return 0;
  }
  return width;
}

function packTuples(list: readonly (readonly number[])[], width: number): Float64Array {
  const packed = new Float64Array(list.length * width);
  list.forEach((item, i) => { for (let k = 0; k < width; k++) packed[i * width + k] = item[k]!; });
  return packed;
}

function unpackTuples(packed: Float64Array, width: number): number[][] {
  const list: number[][] = new Array<number[]>(packed.length / width);
  for (let i = 0; i < list.length; i++) list[i] = Array.from(packed.subarray(i * width, (i + 1) * width));
  return list;
}

function encode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function' || typeof value === 'symbol') throw new Error(`cannot cache a ${typeof value}`);
    return value;
  }
  if (value instanceof PhraseAutomaton) return { [AUTOMATON]: encodePlain(value.cacheFields()) };
  if (value instanceof TextDecoder) return { [DECODER]: value.encoding };
  if (ArrayBuffer.isView(value) || value instanceof RegExp || value instanceof Set) return value;
  if (value instanceof Map) {
    let numeric = true;
    for (const [k, v] of value) if (typeof k !== 'number' || typeof v !== 'number') { numeric = false; break; }
    if (numeric) return { [NUMBER_MAP]: [Float64Array.from(value.keys()), Float64Array.from(value.values())] };
    return new Map([...value].map(([k, v]) => [k, encode(v)]));
  }
  if (Array.isArray(value)) {
    const width = tupleWidth(value);
    return width > 0 ? { [TUPLES]: packTuples(value as number[][], width), width } : value.map(encode);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new Error(`cannot cache an instance of ${(proto as { constructor?: { name?: string } }).constructor?.name ?? 'a class'}`);
  return encodePlain(value);
}

function encodePlain(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = encode(v);
  return out;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || value instanceof RegExp || value instanceof Set) return value;
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, decode(v)]));
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  if (TUPLES in record) return unpackTuples(record[TUPLES] as Float64Array, record.width as number);
  if (NUMBER_MAP in record) {
    const [keys, values] = record[NUMBER_MAP] as [Float64Array, Float64Array];
    const map = new Map<number, number>();
    for (let i = 0; i < keys.length; i++) map.set(keys[i]!, values[i]!);
    return map;
  }
  if (AUTOMATON in record) return PhraseAutomaton.fromCacheFields(decode(record[AUTOMATON]) as Record<string, unknown>);
  if (DECODER in record) return new TextDecoder(String(record[DECODER]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (v !== null && typeof v === 'object' && (TUPLES in v || NUMBER_MAP in v)) {
      // Rebuilt on first use: linting reads the learned families' maps only
      // when a sentence is flagged, and the raw model lists never.
      Object.defineProperty(out, k, {
        enumerable: true, configurable: true,
        get: () => { const built = decode(v); Object.defineProperty(out, k, { value: built, enumerable: true, writable: true }); return built; },
      });
    } else out[k] = decode(v);
  }
  return out;
}

interface Snapshot { key: string; tableKeys: string[]; tables: Record<string, unknown>; lexicon: Record<string, unknown>; warnings: DataProblem[] }

/** A compiled lexicon and the compiler's warnings about it: what a cache file holds. */
export interface CompiledEntry { lexicon: CompiledLexicon; warnings: DataProblem[] }

function snapshotOf(key: string, { lexicon, warnings }: CompiledEntry): Snapshot {
  const { tables, ...rest } = lexicon;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tables)) if (ArrayBuffer.isView(v) || v instanceof TextDecoder) kept[k] = encode(v);
  return { key, tableKeys: Object.keys(tables), tables: kept, lexicon: encodePlain(rest), warnings };
}

function lexiconOf(snapshot: Snapshot): CompiledLexicon {
  let full: ScriptTables | undefined;
  const tables: Record<string, unknown> = {};
  for (const k of snapshot.tableKeys) {
    if (k in snapshot.tables) tables[k] = decode(snapshot.tables[k]);
    else Object.defineProperty(tables, k, { enumerable: true, get: () => (full ??= buildScriptTables())[k as keyof ScriptTables] });
  }
  return { ...(decode(snapshot.lexicon) as object), tables } as unknown as CompiledLexicon;
}

// --- The file: a header line with format, key and checksum, then the payload --

export function encodeCacheFile(key: string, entry: CompiledEntry): Buffer {
  const payload = v8.serialize(snapshotOf(key, entry));
  return Buffer.concat([Buffer.from(`${FORMAT} ${key} ${sha256(payload)}\n`), payload]);
}

/** The compiled lexicon in a cache file, or the reason it cannot be trusted. */
export function decodeCacheFile(data: Buffer, key: string): CompiledEntry | { rejected: string } {
  const newline = data.indexOf(0x0a);
  if (newline < 0 || newline > 300) return { rejected: 'no header' };
  const [format, fileKey, checksum] = data.subarray(0, newline).toString('latin1').split(' ');
  if (format !== FORMAT) return { rejected: `format ${format ?? '?'}, expected ${FORMAT}` };
  if (fileKey !== key) return { rejected: 'stale (built from other lexicons or another compiler)' };
  const payload = data.subarray(newline + 1);
  if (sha256(payload) !== checksum) return { rejected: 'checksum mismatch (corrupt file)' };
  try {
    const snapshot = v8.deserialize(payload) as Snapshot;
    if (snapshot.key !== key) return { rejected: 'key inside the payload differs' };
    return { lexicon: lexiconOf(snapshot), warnings: Array.isArray(snapshot.warnings) ? snapshot.warnings : [] };
  } catch (error) {
    return { rejected: `unreadable payload (${(error as Error).message})` };
  }
}

export function cacheFilePath(cacheDir: string, key: string): string {
  return join(cacheDir, `${FILE_PREFIX}${key.slice(0, 40)}.bin`);
}

function writeCacheFile(cacheDir: string, key: string, entry: CompiledEntry): void {
  const path = cacheFilePath(cacheDir, key);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(tmp, encodeCacheFile(key, entry));
    // rename is atomic: a concurrent reader sees the old file or the whole new one.
    renameSync(tmp, path);
  } catch {
    // A read-only or full disk only costs speed; linting goes on uncached.
    try { unlinkSync(tmp); } catch { /* never written */ }
    return;
  }
  try {
    const old = readdirSync(cacheDir)
      .filter((n) => n.startsWith(FILE_PREFIX) && n.endsWith('.bin'))
      .map((n) => ({ path: join(cacheDir, n), mtime: statSync(join(cacheDir, n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(KEEP_FILES);
    for (const f of old) unlinkSync(f.path);
  } catch { /* another process pruned first */ }
}

async function compileFresh(dir: string, files: LexiconFile[], learned: boolean): Promise<CompiledEntry> {
  const { compileGuard } = await import('../guard/compile.js');
  const result = compileGuard(files, { learned, selfTest: false });
  if (!result.ok) {
    const { lexiconLoadError } = await import('./index.js');
    throw lexiconLoadError(dir, result.errors);
  }
  return { lexicon: result.lexicon, warnings: result.warnings };
}

/**
 * Reads a lexicon directory and returns its guard, from the cache when a
 * trusted entry exists, else compiled (without self-tests: `hearken lexicon
 * check` runs those) and written to the cache. Throws DataFileError on
 * invalid lexicons and plain errors on a missing directory.
 */
export async function loadGuardCached(dir: string, options: CachedGuardOptions): Promise<CachedGuard> {
  const files = readLexiconDirBytes(dir);
  const learned = options.learned !== false;
  if (options.cacheDir === null) {
    const fresh = await compileFresh(dir, decodeLexiconFiles(files), learned);
    return { guard: createGuard(fresh.lexicon), warnings: fresh.warnings, cache: 'off' };
  }
  const key = cacheKey(files, learned);
  let rejected: string | undefined;
  let data: Buffer | undefined;
  try { data = readFileSync(cacheFilePath(options.cacheDir, key)); } catch { /* not cached yet */ }
  if (data !== undefined) {
    const decoded = decodeCacheFile(data, key);
    if ('lexicon' in decoded) {
      try { return { guard: createGuard(decoded.lexicon), warnings: decoded.warnings, cache: 'hit' }; } catch (error) { rejected = `unusable (${(error as Error).message})`; }
    } else rejected = decoded.rejected;
  }
  const fresh = await compileFresh(dir, decodeLexiconFiles(files), learned);
  writeCacheFile(options.cacheDir, key, fresh);
  return { guard: createGuard(fresh.lexicon), warnings: fresh.warnings, cache: 'miss', ...(rejected !== undefined ? { rejected } : {}) };
}
