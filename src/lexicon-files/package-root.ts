// The one way src finds the package's own files (lexicons/, dialogs/, the
// complaint defaults, Web Chat's bundle in node_modules): from this module's
// location, never the working directory, so `npm start`, the CLI and the tests
// find them wherever they are started, from src/ (tests) or dist/src/ (built).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding Hearken's package.json (the first one above this module named "hearken"). */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'hearken') return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find Hearken's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}
