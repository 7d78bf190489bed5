#!/usr/bin/env node
// Dispatches to one command module per area. Commands are imported lazily so
// `hearken --help` and light commands start fast (the guard, triage models and
// the database drivers are only loaded by the commands that need them).
import { EXIT, type CliContext, type CommandModule } from './command.js';
import { cliContextFrom } from './context.js';

import { COMMANDS } from './command-list.js';

// A template path keeps each command's dependencies out of start-up; test/cli checks every module loads.
const loadCommand = (name: string) => import(`./commands/${name}.js`) as Promise<CommandModule>;

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['Usage: hearken <command> [options]', '', 'Commands:', ...lines, '', 'Run `hearken <command> --help` for the options of one command.'].join('\n');
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
  // The only reader of the environment on the CLI side: everything else gets it through the context.
  let context: CliContext;
  try { context = cliContextFrom(process.env, Boolean(process.stdout.isTTY)); } catch (error) {
    console.error(`hearken: ${(error as Error).message}`);
    return EXIT.usage;
  }
  return module.run(rest, context);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    console.error(`hearken: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = EXIT.usage;
  },
);
