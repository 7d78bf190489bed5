// Turns `hearken lint` arguments into the inputs to read: "-" (standard
// input), plain paths, directories (their reply files, recursively) and glob
// patterns quoted past the shell ('replies/**/*.md'), as ESLint and Vale take
// them. Node 20 has no fs.glob, so the small subset linters use is here:
// `**` (any depth), `*`, `?`, `[abc]` and `{a,b}`.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

/** Files a directory argument contributes: canned replies as text, Markdown or YAML. */
export const REPLY_FILE = /\.(txt|md|markdown|mdx|ya?ml)$/i;

/** Never walked into by `**` or a directory argument. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export type Input = { kind: 'stdin' } | { kind: 'file'; path: string };

export class InputError extends Error {}

const isGlob = (arg: string) => /[*?[\]{}]/.test(arg);

/** A glob as a RegExp over '/'-separated paths relative to the glob's base. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        const atSegmentStart = i === 0 || glob[i - 1] === '/';
        if (atSegmentStart && slashAfter) { out += '(?:[^/]*/)*'; i += 2; continue; }
        out += '.*'; i++; continue;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) { out += '\\['; continue; }
      let body = glob.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') { out += '(?:'; inBraces++; }
    else if (c === '}' && inBraces > 0) { out += ')'; inBraces--; }
    else if (c === ',' && inBraces > 0) out += '|';
    else out += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Every file under `dir` (skipping SKIPPED_DIRS and dot-directories), as '/'-paths relative to `dir`. */
function walk(dir: string, prefix = '', into: string[] = []): string[] {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return into; }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name), rel, into);
    } else if (entry.isFile() || entry.isSymbolicLink()) into.push(rel);
  }
  return into;
}

function expandGlob(pattern: string, cwd: string): string[] {
  const normal = pattern.split(sep).join('/');
  const segments = normal.split('/');
  // The literal leading directories are the base; the walk starts there.
  let base = 0;
  while (base < segments.length - 1 && !isGlob(segments[base]!)) base++;
  const baseDir = segments.slice(0, base).join('/') || (normal.startsWith('/') ? '/' : '.');
  const rest = segments.slice(base).join('/');
  const matcher = globToRegExp(rest);
  const root = resolve(cwd, baseDir);
  const prefix = baseDir === '.' ? '' : `${baseDir.replace(/\/$/, '')}/`;
  return walk(root).filter((rel) => matcher.test(rel)).map((rel) => `${prefix}${rel}`);
}

/**
 * Inputs in argument order, each file once. No arguments: standard input.
 * Throws InputError for a glob matching nothing or a directory without reply
 * files; a missing plain path is left for the reader to report.
 */
export function expandInputs(args: readonly string[], cwd: string): Input[] {
  if (args.length === 0) return [{ kind: 'stdin' }];
  const inputs: Input[] = [];
  const seen = new Set<string>();
  const add = (path: string) => { if (!seen.has(path)) { seen.add(path); inputs.push({ kind: 'file', path }); } };
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdin) throw new InputError('standard input ("-") can be read only once');
      stdin = true;
      inputs.push({ kind: 'stdin' });
      continue;
    }
    const stat = statSync(resolve(cwd, arg), { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      const files = walk(resolve(cwd, arg)).filter((f) => REPLY_FILE.test(f));
      if (files.length === 0) throw new InputError(`no reply files (*.txt, *.md, *.yaml) in directory ${arg}`);
      for (const f of files) add(join(arg, f));
      continue;
    }
    if (stat === undefined && isGlob(arg)) {
      const files = expandGlob(arg, cwd);
      if (files.length === 0) throw new InputError(`no files match ${arg}`);
      for (const f of files) add(f);
      continue;
    }
    add(arg);
  }
  return inputs;
}
