// `hearken feedback list`: the suggestions and praise the bot thanked and recorded instead of
// lodging a complaint (src/contracts/feedback.ts), for supervisors to read and pass on. A thin shell
// over store.feedback; the database drivers load lazily.
import { EXIT, PLAIN_CONTEXT, UsageError, parseCommandArgs, runCommand, topLevelHelp, type CliContext } from '../command.js';
import { STORE_HELP, STORE_OPTIONS, withStore } from '../store-options.js';
import type { FeedbackKind, FeedbackRecord } from '../../contracts/feedback.js';

const KINDS: readonly FeedbackKind[] = ['suggestion', 'compliment'];

const HELP = `Usage: hearken feedback list [--kind suggestion|compliment] [--since 30d|2w|DATE] [--limit N] [--json]

Suggestions and praise customers gave the bot: thanked, recorded as feedback and passed on
here instead of being taken through the complaint flow. Oldest first; the newest N (default 200).

Options:
  --kind K              only suggestions or only compliments
  --since P             recorded since: a length back from now (30d, 12h, 2w) or a date
  --limit N             at most N, the newest (1-1000)
  --json                the records as a JSON array (id, conversationId, customer, locale, kind,
                        text, triage {kind, motive, category, emotion}, createdAt)
${STORE_HELP}
  -h, --help

Exit codes: 0 done (also when there is none); 2 usage or configuration error.`;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const [sub, ...rest] = argv;
    const helped = topLevelHelp(sub, HELP);
    if (helped !== null) return helped;
    if (sub !== 'list') throw new UsageError(`hearken feedback: unknown subcommand "${sub}"; use list (see --help)`);
    return list(rest, cli);
  });
}

async function list(argv: string[], cli: CliContext): Promise<number> {
  const { values } = parseCommandArgs('feedback list', argv, {
    ...STORE_OPTIONS, kind: { type: 'string' }, since: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  }, false);
  if (values.help) {
    console.log(HELP);
    return EXIT.ok;
  }
  const kind = values.kind?.trim();
  if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(`hearken feedback list: --kind must be ${KINDS.join(' or ')}, got "${values.kind}"`);
  }
  const limit = values.limit === undefined ? 200 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`hearken feedback list: --limit must be a whole number from 1 to 1000, got "${values.limit}"`);
  const { parseSince } = await import('../period.js');
  const since = values.since !== undefined ? parseSince(values.since, new Date()) : undefined;
  return withStore(cli, values, async (store) => {
    const records = await store.feedback.list({ ...(kind ? { kind: kind as FeedbackKind } : {}), ...(since ? { since } : {}), limit });
    if (values.json) {
      console.log(JSON.stringify(records, null, 2));
      return EXIT.ok;
    }
    if (records.length === 0) {
      console.log('No feedback matches.');
      return EXIT.ok;
    }
    for (const record of records) console.log(`${describe(record)}\n`);
    const suggestions = records.filter((r) => r.kind === 'suggestion').length;
    const compliments = records.length - suggestions;
    console.log(`${records.length} feedback: ${suggestions} suggestion${suggestions === 1 ? '' : 's'}, ${compliments} compliment${compliments === 1 ? '' : 's'}`);
    return EXIT.ok;
  });
}

/** One record as a supervisor reads it: when, what kind, from whom, their words, and triage's reading. */
function describe(record: FeedbackRecord): string {
  const who = [record.customer?.name, record.customer?.phone, record.customer?.email].filter(Boolean).join(' ');
  const t = record.triage;
  const reading = t
    ? [t.motive ? `motive ${t.motive.label} ${Math.round(t.motive.confidence * 100)}%` : undefined, `category ${t.category.label}`, `emotion ${t.emotion.label}`].filter(Boolean).join(' · ')
    : undefined;
  return [
    `#${record.id}  ${record.createdAt.slice(0, 16).replace('T', ' ')} UTC  ${record.kind}  ${record.locale}  ${who || '(no name or contact)'}  conversation ${record.conversationId}`,
    ...record.text.split('\n').map((line) => `    ${line}`),
    ...(reading ? [`    triage: ${reading}`] : []),
  ].join('\n');
}
