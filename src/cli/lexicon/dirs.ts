// Which lexicon folders a supervisor's command reads: a lexicons folder (with guard/ inside) or a
// guard folder itself, HEARKEN_LEXICONS by default, the package's own when that is unset.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CliContext } from '../command.js';
import { defaultGuardLexiconDir, packageRoot } from '../../lexicon-files/read-dir.js';

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The guard folder of `dir`: `dir/guard` when it has one, else `dir`. */
export function guardDirOf(dir: string): string {
  const inner = join(dir, 'guard');
  return isDir(inner) ? inner : dir;
}

/** The guard lexicons the server runs: HEARKEN_LEXICONS/guard, else the package's lexicons/guard. */
export function liveGuardDir(context: CliContext): string {
  return context.lexiconsDir ? guardDirOf(context.lexiconsDir) : defaultGuardLexiconDir();
}

/** The polite corpus beside a guard folder (`<lexicons>/polite-corpus`), else the package's; null when neither exists. */
export function politeCorpusDirFor(guardDir: string): string | null {
  const absolute = resolve(guardDir);
  const candidates = [
    ...(basename(absolute) === 'guard' ? [join(dirname(absolute), 'polite-corpus')] : []),
    join(absolute, 'polite-corpus'),
    join(packageRoot(), 'lexicons', 'polite-corpus'),
  ];
  return candidates.find(isDir) ?? null;
}
