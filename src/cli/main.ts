#!/usr/bin/env node
// Dispatches to one command module per area. Commands are imported lazily so
// `hearken --help` and light commands start fast (the guard, triage models and
// the database drivers are only loaded by the commands that need them).
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EXIT, type CliContext, type CommandModule } from './command.js';
import { colourWanted } from './colour.js';

import { COMMANDS } from './command-list.js';

// A template path keeps each command's dependencies out of start-up; test/cli checks every module loads.
const loadCommand = (name: string) => import(`./commands/${name}.js`) as Promise<CommandModule>;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['Usage: hearken <command> [options]', '', 'Commands:', ...lines, '', 'Run `hearken <command> --help` for the options of one command.'].join('\n');
}

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

function contextFromEnvironment(env: NodeJS.ProcessEnv): CliContext {
  return {
    color: colourWanted({ noColor: env.NO_COLOR, forceColor: env.FORCE_COLOR, term: env.TERM, isTTY: Boolean(process.stdout.isTTY) }),
    cacheDir: cacheDir(env),
    lexiconsDir: env.HEARKEN_LEXICONS || null,
  };
}

// A reader that stops early (`hearken lint --jsonl … | head -1`) closes the
// pipe; that is the reader's choice, not an error, so leave quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
    if (stream === process.stdout) process.stderr.write(`hearken: cannot write the output: ${error.message}\n`);
    process.exit(EXIT.usage);
  });
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    console.error(`hearken: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const module = await loadCommand(name);
  return module.run(rest, contextFromEnvironment(process.env));
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`hearken: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT.usage;
  },
);
