#!/usr/bin/env node
// Dispatches to one command module per area. Commands are imported lazily so
// `hearken --help` and light commands start fast (the guard, triage models and
// the database drivers are only loaded by the commands that need them).
import { EXIT, type CommandModule } from './command.js';

import { COMMANDS } from './command-list.js';

// A template path keeps each command's dependencies out of start-up; test/cli checks every module loads.
const loadCommand = (name: string) => import(`./commands/${name}.js`) as Promise<CommandModule>;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['Usage: hearken <command> [options]', '', 'Commands:', ...lines, '', 'Run `hearken <command> --help` for the options of one command.'].join('\n');
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
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`hearken: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT.usage;
  },
);
