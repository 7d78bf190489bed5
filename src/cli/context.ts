// What the CLI takes from its environment, decided once by the entry
// (src/cli/main.ts, the only reader of process.env) and handed to every command.
// Tests build a context the same way from an environment of their own.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from './command.js';
import { colourWanted } from './colour.js';
import { lexiconsFolderFrom } from '../lexicon-files/layout.js';

/**
 * The compiled-guard cache: HEARKEN_CACHE_DIR, else $XDG_CACHE_HOME/hearken,
 * else ~/.cache/hearken (the XDG default). HEARKEN_CACHE_DIR=off: no cache.
 */
function cacheDir(env: NodeJS.ProcessEnv): string | null {
  const explicit = env.HEARKEN_CACHE_DIR;
  if (explicit === 'off') return null;
  if (explicit) return explicit;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'hearken');
  const home = homedir();
  return home ? join(home, '.cache', 'hearken') : null;
}

/** Blank variables count as unset, as in .env files. */
const set = (value: string | undefined): string | undefined => (value?.trim() ? value : undefined);

/** Throws, naming the variable, when HEARKEN_LEXICONS names no lexicon folder. */
export function cliContextFrom(env: NodeJS.ProcessEnv, isTTY: boolean, cwd: string = process.cwd()): CliContext {
  const store = {
    databaseUrl: set(env.DATABASE_URL),
    dataDir: set(env.HEARKEN_DATA_DIR),
    schema: set(env.HEARKEN_DB_SCHEMA),
    complaintsConfig: set(env.HEARKEN_COMPLAINTS_CONFIG),
  };
  return {
    color: colourWanted({ noColor: env.NO_COLOR, forceColor: env.FORCE_COLOR, term: env.TERM, isTTY }),
    cacheDir: cacheDir(env),
    store: Object.fromEntries(Object.entries(store).filter(([, v]) => v !== undefined)),
    actor: set(env.HEARKEN_ACTOR),
    // HEARKEN_LEXICONS (default ./lexicons): the lexicon folder every command reads.
    lexiconsDir: lexiconsFolderFrom(env.HEARKEN_LEXICONS, cwd),
  };
}
