import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit codes shared by every command: 0 fine, 1 the input failed the check, 2 usage, configuration or data error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * What the CLI entry (src/cli/main.ts, the only reader of the environment)
 * decided for this process and hands to the command.
 */
export interface CliContext {
  /** Colour the human-readable output (a TTY, FORCE_COLOR, not NO_COLOR). */
  color: boolean;
  /** Directory for the compiled-guard cache; null: no cache. */
  cacheDir: string | null;
  /** Where the store is (DATABASE_URL, HEARKEN_DATA_DIR, HEARKEN_DB_SCHEMA, HEARKEN_COMPLAINTS_CONFIG); a command's flags win. */
  store: StoreSettings;
  /** Who acts in `hearken complaints` unless --actor says (HEARKEN_ACTOR). */
  actor: string | undefined;
  /** HEARKEN_LEXICONS (else ./lexicons): the lexicon folder every command reads, guard/ inside; null: the package's own. */
  lexiconsDir: string | null;
}

export interface StoreSettings {
  databaseUrl?: string;
  dataDir?: string;
  schema?: string;
  complaintsConfig?: string;
}

/** No colour, no cache, the store in ./data: what in-process callers (tests) get unless they say otherwise. */
export const PLAIN_CONTEXT: CliContext = { color: false, cacheDir: null, store: {}, actor: undefined, lexiconsDir: null };

/** The store options of a command: its --data-dir / --database-url flags over the process's settings. */
export function storeOptionsOf(cli: CliContext, flags: { 'data-dir'?: string; 'database-url'?: string }) {
  const databaseUrl = flags['database-url'] ?? cli.store.databaseUrl;
  return {
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(flags['data-dir'] ?? cli.store.dataDir ? { dataDir: flags['data-dir'] ?? cli.store.dataDir } : {}),
    ...(cli.store.schema ? { schema: cli.store.schema } : {}),
    ...(cli.store.complaintsConfig ? { configFile: cli.store.complaintsConfig } : {}),
  };
}

export interface CommandModule {
  run(argv: string[], context?: CliContext): Promise<number>;
}

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses argv with node:util's parseArgs and turns its errors into a UsageError
 * that names the command, so every command reports bad flags the same way.
 */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(`hearken ${command}: ${(error as Error).message}`);
  }
}

/** Runs a command body, mapping UsageError to exit code 2 with the message on stderr. */
export async function runCommand(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return EXIT.usage;
    }
    throw error;
  }
}

/**
 * A command with subcommands called with none, or for help: prints its help and gives the exit
 * code (usage when nothing was asked, done for --help); null when a subcommand was named.
 */
export function topLevelHelp(sub: string | undefined, help: string): number | null {
  if (sub !== undefined && sub !== '--help' && sub !== '-h' && sub !== 'help') return null;
  console.log(help);
  return sub === undefined ? EXIT.usage : EXIT.ok;
}

/** Reads a file path, or standard input for `-` or no path. */
export async function readInput(path: string | undefined): Promise<string> {
  if (path !== undefined && path !== '-') {
    const { readFile } = await import('node:fs/promises');
    return readFile(path, 'utf8');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
