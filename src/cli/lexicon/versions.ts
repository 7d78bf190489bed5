// `hearken lexicon versions`: the guard lexicon versions that went live, from the store's log, so a
// supervisor can tell which lexicons judged an audited draft (its lexiconVersion) and when they changed.
import { EXIT, PLAIN_CONTEXT, parseCommandArgs, storeOptionsOf, UsageError, type CliContext } from '../command.js';

const HELP = `Usage: hearken lexicon versions [--limit N] [--json]

Lists the guard lexicon versions that went live: each server start or hot reload
that put lexicons live, and the first \`hearken lint --audit\` with a version. Guard
audit rows name the version that judged them (its first 12 hex digits).

Options:
  --limit N             at most the newest N (default 50)
  --data-dir DIR        SQLite directory (default $HEARKEN_DATA_DIR or ./data)
  --database-url URL    PostgreSQL instead of SQLite (default $DATABASE_URL)
  --json                print the list as JSON
  -h, --help            show this help

Exit codes: 0 listed (possibly none), 2 usage or storage error.`;

const OPTIONS = {
  limit: { type: 'string' }, json: { type: 'boolean' },
  'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  const { values, positionals } = parseCommandArgs('lexicon versions', argv, OPTIONS);
  if (values.help) { console.log(HELP); return EXIT.ok; }
  if (positionals.length > 0) throw new UsageError(`hearken lexicon versions: takes no folder; the versions come from the store\n\n${HELP}`);
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`hearken lexicon versions: --limit "${values.limit}" is not a positive whole number`);
  const { openStore } = await import('../../store/open.js');
  let store;
  try { store = await openStore(storeOptionsOf(cli, values)); } catch (error) {
    console.error(`hearken lexicon versions: cannot open the store: ${(error as Error).message}`);
    return EXIT.usage;
  }
  try {
    const versions = await store.lexiconVersions.list({ limit });
    if (values.json) { console.log(JSON.stringify(versions, null, 2)); return EXIT.ok; }
    if (versions.length === 0) { console.log(`no lexicon version went live in this store yet`); return EXIT.ok; }
    for (const v of versions) {
      console.log(`${v.at}  ${v.version}  ${String(v.ruleCount).padStart(4)} rules  learned layer ${v.learnedLayer ? 'on ' : 'off'}  ${v.by}${v.folder ? `  ${v.folder}` : ''}`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
