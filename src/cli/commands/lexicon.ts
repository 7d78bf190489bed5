// `hearken lexicon <subcommand>`: what supervisors do with the lexicon folder. One module per
// subcommand under src/cli/lexicon/, loaded lazily like the commands themselves.
import { EXIT, PLAIN_CONTEXT, runCommand, UsageError, type CliContext } from '../command.js';

type Subcommand = { run(argv: string[], cli: CliContext): Promise<number> };

/** Every `hearken lexicon` subcommand: its summary and its module (src/cli/lexicon/<name>.ts), loaded when used. */
export const LEXICON_SUBCOMMANDS: Record<string, { summary: string; load(): Promise<Subcommand> }> = {
  check: { summary: 'validate the lexicons, run their self-tests, and check that they block no bot message and no polite reply', load: () => import('../lexicon/check.js') },
  train: { summary: 'retrain the learned layer on the lexicons (seconds; never required after an edit)', load: () => import('../lexicon/train.js') },
  versions: { summary: 'list the lexicon versions that went live, as guard audit rows name them', load: () => import('../lexicon/versions.js') },
  impact: { summary: 'what an edit would newly block or pass, replayed on past drafts and the polite corpus', load: () => import('../lexicon/impact.js') },
  stats: { summary: 'top rules, blocks per day, suggestions taken and "this block is wrong" per rule', load: () => import('../lexicon/stats.js') },
};

const HELP = `Usage: hearken lexicon <subcommand> [DIR] [options]

Subcommands:
${Object.entries(LEXICON_SUBCOMMANDS).map(([name, { summary }]) => `  ${name.padEnd(9)} ${summary}`).join('\n')}

DIR is the lexicon folder (one holding guard/, triage/, polite-corpus/) or its guard/
folder; default HEARKEN_LEXICONS, else ./lexicons. A supervisor's guide: docs/lexicons.md.
Run \`hearken lexicon <subcommand> --help\` for the options of one subcommand.`;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const at = argv.findIndex((a) => !a.startsWith('-'));
    const sub = at >= 0 ? argv[at]! : undefined;
    if (sub === undefined && (argv.includes('--help') || argv.includes('-h'))) { console.log(HELP); return EXIT.ok; }
    if (sub === undefined || !Object.hasOwn(LEXICON_SUBCOMMANDS, sub)) {
      throw new UsageError(`hearken lexicon: ${sub === undefined ? 'missing subcommand' : `unknown subcommand "${sub}"`}; expected one of ${Object.keys(LEXICON_SUBCOMMANDS).join(', ')}\n\n${HELP}`);
    }
    const module = await LEXICON_SUBCOMMANDS[sub]!.load();
    return module.run([...argv.slice(0, at), ...argv.slice(at + 1)], cli);
  });
}
