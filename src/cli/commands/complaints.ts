// `hearken complaints …`: list, show, export and move complaints, for staff
// without Slack. A thin shell: every rule lives in src/complaints, every query
// in src/store. The database drivers load lazily, inside the subcommands.
import { createWriteStream } from 'node:fs';
import { userInfo } from 'node:os';
import { EXIT, PLAIN_CONTEXT, UsageError, parseCommandArgs, runCommand, topLevelHelp, type CliContext } from '../command.js';
import { progressBar } from '../progress.js';
import { withStore } from '../store-options.js';
import type { ClosingMessage, DeadlineStanding } from '../../complaints/index.js';
import type {
  Channel, ComplaintEvent, ComplaintRecord, ComplaintStatus,
} from '../../contracts/complaint.js';
import type { ComplaintFilter, TranscriptMessage } from '../../store/types.js';

const STATUSES = ['received', 'acknowledged', 'investigating', 'solution_proposed', 'awaiting_approval', 'approved', 'resolved', 'closed', 'rejected', 'appealed'];
const EVENTS = ['acknowledge', 'start_investigation', 'propose_solution', 'request_approval', 'approve', 'decline_approval', 'resolve', 'close', 'reject', 'appeal'];
const RESOLUTION_TYPES = ['refund', 'replacement', 'repair', 'discount', 'compensation', 'apology', 'explanation'];
const CHANNELS = ['web_chat', 'slack', 'phone', 'email', 'letter', 'walk_in', 'system'];

const HELP = `Usage: hearken complaints <subcommand> [options]

Subcommands:
  list [FILTERS] [--sort id|due|created|severity] [--limit N] [--json]
  show ID [--json]                       the record, its deadlines, the bot's closing message,
                                         its history and its transcript
  export --format csv|jsonl [--out FILE] [FILTERS]
                                         CSV with a UTF-8 BOM (spreadsheets read Chinese right)
                                         and the running deadline: due, overdue, working days

Filters (list and export):
  --status S[,S…]  --overdue  --owner O  --department D  --category C[,C…]
  --channel C[,C…] (the channel the complaint came in by)  --since 30d|2w|DATE (created since)

Deadlines are shown on the business calendar's clock (its time zone, from the complaint
configuration), with the working days left or overdue.
  transition ID EVENT [--actor A] [--reason R] [--owner O] [--type T --detail D --amount N]
                      [--score N --comment C] [--note N] [--expected-version V] [--json]
  reassign ID NEW_OWNER --reason R [--actor A] [--expected-version V] [--json]

Events: ${EVENTS.join(', ')}
  reject, decline_approval and appeal need --reason; propose_solution needs --type and --detail
  (--amount in the smallest currency unit); close takes an optional --score 1-5 and --comment;
  start_investigation after an appeal takes --owner (someone other than the first owner).

Common options:
  --data-dir DIR        SQLite directory (default $HEARKEN_DATA_DIR or ./data)
  --database-url URL    PostgreSQL instead of SQLite (default $DATABASE_URL)
  --actor A             who is acting (default $HEARKEN_ACTOR, else staff:<login>)
  --channel C           channel recorded in the history (default system); with list and
                        export, a filter instead
  -h, --help

Exit codes: 0 done; 1 the lifecycle refused the change (invalid event, missing reason,
version conflict); 2 usage, configuration or data error (unknown complaint id).`;

const COMMON = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  actor: { type: 'string' },
  channel: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[], cli: CliContext = PLAIN_CONTEXT): Promise<number> {
  return runCommand(async () => {
    const [sub, ...rest] = argv;
    const helped = topLevelHelp(sub, HELP);
    if (helped !== null) return helped;
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(HELP);
      return EXIT.ok;
    }
    switch (sub) {
      case 'list': return list(rest, cli);
      case 'show': return show(rest, cli);
      case 'export': return exportComplaints(rest, cli);
      case 'transition': return transition(rest, cli);
      case 'reassign': return reassign(rest, cli);
      default: throw new UsageError(`hearken complaints: unknown subcommand "${sub}"; use list, show, export, transition or reassign (see --help)`);
    }
  });
}

type Common = { 'data-dir'?: string; 'database-url'?: string; actor?: string; channel?: string };

function actorOf(values: Common, cli: CliContext): { actor: string; channel: Channel | 'system' } {
  const channel = values.channel ?? 'system';
  if (!CHANNELS.includes(channel)) throw new UsageError(`hearken complaints: --channel must be one of ${CHANNELS.join(', ')}, got "${channel}"`);
  let login = 'unknown';
  try { login = userInfo().username; } catch { /* no passwd entry in some containers */ }
  return { actor: values.actor ?? cli.actor ?? `staff:${login}`, channel: channel as Channel | 'system' };
}

function parseStatuses(value: string | undefined): ComplaintStatus[] | undefined {
  if (value === undefined) return undefined;
  const statuses = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = statuses.filter((s) => !STATUSES.includes(s));
  if (unknown.length > 0) throw new UsageError(`hearken complaints: unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; statuses are ${STATUSES.join(', ')}`);
  return statuses as ComplaintStatus[];
}

function parseCount(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`hearken complaints: --${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${value}"`);
  return n;
}

function requireId(id: string | undefined, command: string): string {
  if (!id) throw new UsageError(`hearken complaints ${command}: give a complaint id, e.g. C-20261123-0042`);
  return id.trim().toUpperCase();
}

// ---------------------------------------------------------------------- list

const SORTS = ['id', 'due', 'created', 'severity'] as const;

const FILTER_OPTIONS = {
  status: { type: 'string' }, overdue: { type: 'boolean' }, owner: { type: 'string' }, department: { type: 'string' },
  category: { type: 'string' }, since: { type: 'string' },
} as const;

/** A comma list whose every item is one of `allowed`. */
function parseChoices<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (unknown.length > 0 || items.length === 0) throw new UsageError(`hearken complaints: unknown --${name} ${unknown.map((s) => `"${s}"`).join(', ') || '(empty)'}; use ${allowed.join(', ')}`);
  return items as T[];
}

/** The store filter the list and export flags ask for. */
async function filterOf(values: { status?: string; overdue?: boolean; owner?: string; department?: string; category?: string; channel?: string; since?: string }, now: Date): Promise<ComplaintFilter> {
  const { CATEGORY_LABELS } = await import('../../contracts/triage.js');
  const { ChannelSchema } = await import('../../contracts/complaint.js');
  const { parseSince } = await import('../period.js');
  const status = parseStatuses(values.status);
  const category = parseChoices('category', values.category, CATEGORY_LABELS);
  const channel = parseChoices('channel', values.channel, ChannelSchema.options);
  return {
    ...(status ? { status } : {}),
    ...(values.overdue ? { dueBefore: now } : {}),
    ...(values.owner ? { owner: values.owner } : {}),
    ...(values.department ? { department: values.department } : {}),
    ...(category ? { category } : {}),
    ...(channel ? { channel } : {}),
    ...(values.since !== undefined ? { createdFrom: parseSince(values.since, now) } : {}),
  };
}

async function businessCalendar(cli: CliContext) {
  const { loadComplaintConfig } = await import('../../lexicon-files/complaint-files.js');
  return (await loadComplaintConfig(cli.store.complaintsConfig)).calendar;
}

async function list(argv: string[], cli: CliContext): Promise<number> {
  const { values } = parseCommandArgs('complaints list', argv, { ...COMMON, ...FILTER_OPTIONS, sort: { type: 'string' }, limit: { type: 'string' } }, false);
  const now = new Date();
  const filter = await filterOf(values, now);
  const sort = parseChoices('sort', values.sort, SORTS)?.[0];
  const limit = parseCount('limit', values.limit, 1);
  const calendar = await businessCalendar(cli);
  return withStore(cli, values, async (store) => {
    const records = await store.complaints.list({ ...filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) });
    const { deadlineStanding, describeStanding } = await import('../../complaints/index.js');
    const standings = records.map((r) => deadlineStanding(r, now, calendar));
    if (values.json) {
      console.log(JSON.stringify(records.map((r, i) => ({
        ...summary(r), due: standings[i] ? { kind: standings[i]!.kind, dueAt: standings[i]!.dueAt } : null, deadline: standings[i] ?? null, overdue: standings[i]?.overdue ?? false,
      })), null, 2));
      return EXIT.ok;
    }
    if (records.length === 0) {
      console.log('No complaints match.');
      return EXIT.ok;
    }
    const rows = records.map((r, i) => {
      const standing = standings[i];
      return [r.id, r.status, r.severity, `${r.category}→${r.department}`, r.channel, r.owner,
        standing ? `${standing.kind} by ${standing.dueLocal}` : '-',
        standing ? (standing.overdue ? `OVERDUE ${describeStanding(standing).replace(/^overdue /, '')}` : describeStanding(standing)) : '-',
        truncate(r.subject, 30)];
    });
    printTable(['ID', 'STATUS', 'SEVERITY', 'CATEGORY→DEPT', 'CHANNEL', 'OWNER', `DUE (${calendar.timeZone})`, 'STANDING', 'SUBJECT'], rows);
    console.log(`\n${records.length} complaint${records.length === 1 ? '' : 's'}`);
    return EXIT.ok;
  });
}

function summary(r: ComplaintRecord) {
  return { id: r.id, status: r.status, severity: r.severity, category: r.category, department: r.department, channel: r.channel, owner: r.owner, subject: r.subject, createdAt: r.createdAt, version: r.version };
}

function truncate(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return [...flat].length > width ? `${[...flat].slice(0, width - 1).join('')}…` : flat;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------- show

async function show(argv: string[], cli: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('complaints show', argv, COMMON);
  const id = requireId(positionals[0], 'show');
  const calendar = await businessCalendar(cli);
  return withStore(cli, values, async (store) => {
    const record = await store.complaints.get(id);
    if (!record) {
      console.error(`hearken complaints show: complaint ${id} does not exist; list ids with \`hearken complaints list\``);
      return EXIT.usage;
    }
    const transcript = await store.transcripts.listByComplaint(id);
    const { closingMessageOf, deadlineStanding } = await import('../../complaints/index.js');
    const deadline = deadlineStanding(record, new Date(), calendar) ?? null;
    const closingMessage = closingMessageOf(record) ?? null;
    if (values.json) {
      console.log(JSON.stringify({ complaint: record, deadline, closingMessage, transcript }, null, 2));
      return EXIT.ok;
    }
    const { zoneReader, toLocal, describeStanding } = await import('../../complaints/index.js');
    const reader = zoneReader(calendar.timeZone);
    const local = (iso: string) => {
      const t = toLocal(new Date(iso), calendar.timeZone, reader);
      return `${t.day} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
    };
    console.log(renderComplaint(record, transcript, {
      timeZone: calendar.timeZone, local,
      running: deadline ? `${deadline.kind}, ${describeStanding(deadline)}` : undefined,
      closing: closingMessage ?? undefined,
    }));
    return EXIT.ok;
  });
}

interface ShowExtras {
  timeZone: string;
  /** An instant on the business calendar's clock. */
  local(iso: string): string;
  /** The running deadline and its standing, e.g. "ack, 2 working days left". */
  running: string | undefined;
  closing: ClosingMessage | undefined;
}

function renderComplaint(r: ComplaintRecord, transcript: TranscriptMessage[], extras: ShowExtras): string {
  const customer = [r.customer.name, r.customer.phone, r.customer.email, r.customer.externalRef && `ref ${r.customer.externalRef}`].filter(Boolean).join(', ') || '-';
  const lines = [
    `${r.id}  ${r.status}  (${r.severity}, version ${r.version})`,
    `  channel      ${r.channel} (${r.locale})`,
    `  customer     ${customer}`,
    `  subject      ${r.subject}`,
    `  category     ${r.category} → ${r.department}`,
    `  owner        ${r.owner}`,
    `  wants        ${r.desiredResolution}`,
    `  deadlines    ack by ${extras.local(r.ackBy)}, investigate by ${extras.local(r.investigateBy)}, resolve by ${extras.local(r.resolveBy)} (${extras.timeZone})`,
    `  running      ${extras.running ?? 'none (finished)'}`,
    `  description  ${r.description.replace(/\n/g, '\n               ')}`,
  ];
  if (r.facts.length > 0) lines.push('  facts', ...r.facts.map((f) => `    ${f.confirmed ? '✓' : '?'} ${f.key}: ${f.value}`));
  if (r.resolution) lines.push(`  resolution   ${r.resolution.type}: ${r.resolution.detail}${r.resolution.amount !== undefined ? ` (amount ${r.resolution.amount})` : ''}${r.resolution.approvedBy ? `, approved by ${r.resolution.approvedBy}` : ''}`);
  if (r.rejectionReason) lines.push(`  rejected     ${r.rejectionReason}`);
  if (r.appeal) lines.push(`  appeal       ${r.appeal.at}: ${r.appeal.reason} (first owner ${r.appeal.previousOwner})`);
  if (r.satisfaction) lines.push(`  satisfaction ${r.satisfaction.score}/5${r.satisfaction.comment ? ` "${r.satisfaction.comment}"` : ''}`);
  if (extras.closing) {
    const c = extras.closing;
    lines.push(`  told         "${c.text.replace(/\s+/g, ' ')}"`,
      `               (${c.kind} message, ${extras.local(c.at)}: reference ${c.reference}, promised by ${extras.local(c.promisedBy)}${c.activityId ? `, transcript message ${c.activityId}` : ''})`);
  }
  lines.push('', 'History:');
  for (const h of r.history) {
    const move = h.from && h.to ? ` ${h.from} → ${h.to}` : '';
    lines.push(`  ${h.at}  ${h.event}${move}  by ${h.actor} via ${h.channel}${h.detail ? `  ${JSON.stringify(h.detail)}` : ''}`);
  }
  lines.push('', transcript.length > 0 ? 'Transcript:' : 'Transcript: (none recorded)');
  for (const m of transcript) lines.push(`  ${m.at}  ${m.role}: ${m.text}`);
  return lines.join('\n');
}

// -------------------------------------------------------------------- export

const CSV_COLUMNS: [string, (r: ComplaintRecord) => unknown][] = [
  ['id', (r) => r.id], ['created_at', (r) => r.createdAt], ['channel', (r) => r.channel], ['locale', (r) => r.locale],
  ['status', (r) => r.status], ['severity', (r) => r.severity], ['category', (r) => r.category], ['department', (r) => r.department],
  ['owner', (r) => r.owner], ['customer_name', (r) => r.customer.name], ['customer_phone', (r) => r.customer.phone],
  ['customer_email', (r) => r.customer.email], ['customer_ref', (r) => r.customer.externalRef], ['subject', (r) => r.subject],
  ['description', (r) => r.description], ['desired_resolution', (r) => r.desiredResolution],
  ['ack_by', (r) => r.ackBy], ['investigate_by', (r) => r.investigateBy], ['resolve_by', (r) => r.resolveBy],
  ['resolution_type', (r) => r.resolution?.type], ['resolution_detail', (r) => r.resolution?.detail],
  ['resolution_amount', (r) => r.resolution?.amount], ['approved_by', (r) => r.resolution?.approvedBy],
  ['rejection_reason', (r) => r.rejectionReason], ['appeal_reason', (r) => r.appeal?.reason],
  ['satisfaction_score', (r) => r.satisfaction?.score], ['satisfaction_comment', (r) => r.satisfaction?.comment],
  ['updated_at', (r) => r.updatedAt], ['version', (r) => r.version],
];

/** The running deadline as staff read it: on the business calendar's clock, overdue or not, and by how many working days. */
const STANDING_COLUMNS: [string, (s: DeadlineStanding | undefined) => unknown][] = [
  ['running_deadline', (s) => s?.kind], ['due_local', (s) => s?.dueLocal], ['overdue', (s) => (s ? (s.overdue ? 'yes' : 'no') : '')],
  ['working_days_left', (s) => (s && !s.overdue ? s.workingDays : undefined)], ['working_days_overdue', (s) => (s?.overdue ? s.workingDays : undefined)],
];

/** Spreadsheet programs read a CSV file as UTF-8 (Chinese text and all) only when it starts with this mark. */
export const UTF8_BOM = '\uFEFF';

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run customer text as a formula. */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function exportComplaints(argv: string[], cli: CliContext): Promise<number> {
  const { values } = parseCommandArgs('complaints export', argv, {
    ...COMMON, ...FILTER_OPTIONS, format: { type: 'string' }, out: { type: 'string', short: 'o' },
  }, false);
  const format = values.format;
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('hearken complaints export: --format must be csv or jsonl');
  const now = new Date();
  const filter = await filterOf(values, now);
  const calendar = await businessCalendar(cli);
  const { deadlineStanding, zoneReader } = await import('../../complaints/index.js');
  const reader = zoneReader(calendar.timeZone);
  return withStore(cli, values, async (store) => {
    const total = await store.complaints.count(filter);
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    const write = (text: string) => new Promise<void>((resolve, reject) => {
      // Respect back-pressure so a large export does not buffer in memory.
      if (out.write(text)) resolve();
      else { out.once('drain', resolve); out.once('error', reject); }
    });
    const bar = progressBar(`export ${format}`, total);
    if (format === 'csv') await write(`${UTF8_BOM}${[...CSV_COLUMNS, ...STANDING_COLUMNS].map(([name]) => name).join(',')}\r\n`);
    let done = 0;
    for await (const record of store.complaints.iterate(filter)) {
      if (format === 'csv') {
        const standing = deadlineStanding(record, now, calendar, reader);
        await write(`${[...CSV_COLUMNS.map(([, get]) => csvField(get(record))), ...STANDING_COLUMNS.map(([, get]) => csvField(get(standing)))].join(',')}\r\n`);
      } else {
        await write(`${JSON.stringify(record)}\n`);
      }
      bar.tick(++done);
    }
    bar.finish();
    if (values.out) {
      await new Promise<void>((resolve, reject) => (out as ReturnType<typeof createWriteStream>).end((error?: Error | null) => (error ? reject(error) : resolve())));
      console.error(`exported ${done} complaint${done === 1 ? '' : 's'} to ${values.out}`);
    }
    return EXIT.ok;
  });
}

// ---------------------------------------------------------------- transition

async function transition(argv: string[], cli: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('complaints transition', argv, {
    ...COMMON, reason: { type: 'string' }, owner: { type: 'string' }, type: { type: 'string' }, detail: { type: 'string' },
    amount: { type: 'string' }, score: { type: 'string' }, comment: { type: 'string' }, note: { type: 'string' },
    'expected-version': { type: 'string' },
  });
  const id = requireId(positionals[0], 'transition');
  const name = positionals[1];
  if (!name || !EVENTS.includes(name)) {
    throw new UsageError(`hearken complaints transition: ${name ? `unknown event "${name}"` : 'give an event'}; events are ${EVENTS.join(', ')}`);
  }
  const event = buildEvent(name, values);
  const expectedVersion = parseCount('expected-version', values['expected-version'], 1);
  return withStore(cli, values, (store) => applyChange(values, () =>
    store.complaints.transition(id, event, { ...actorOf(values, cli), ...(expectedVersion ? { expectedVersion } : {}) })));
}

function buildEvent(name: string, values: Record<string, string | boolean | undefined>): ComplaintEvent {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : undefined);
  const need = (key: string) => {
    const value = text(key);
    if (!value || value.trim() === '') throw new UsageError(`hearken complaints transition: ${name} needs --${key}`);
    return value;
  };
  switch (name) {
    case 'reject': case 'appeal': case 'decline_approval':
      return { type: name, reason: need('reason') } as ComplaintEvent;
    case 'propose_solution': {
      const type = need('type');
      if (!RESOLUTION_TYPES.includes(type)) throw new UsageError(`hearken complaints transition: --type must be one of ${RESOLUTION_TYPES.join(', ')} (to refuse a complaint use the reject event)`);
      const amount = parseCount('amount', text('amount'), 0);
      return { type: 'propose_solution', resolution: { type: type as never, detail: need('detail'), ...(amount !== undefined ? { amount } : {}) } };
    }
    case 'close': {
      const score = parseCount('score', text('score'), 1, 5);
      return { type: 'close', ...(score !== undefined ? { satisfaction: { score, ...(text('comment') ? { comment: text('comment') } : {}) } } : {}) };
    }
    case 'resolve':
      return { type: 'resolve', ...(text('note') ? { note: text('note') } : {}) };
    case 'start_investigation':
      return { type: 'start_investigation', ...(text('owner') ? { owner: text('owner') } : {}) };
    default:
      return { type: name } as ComplaintEvent;
  }
}

async function reassign(argv: string[], cli: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('complaints reassign', argv, { ...COMMON, reason: { type: 'string' }, 'expected-version': { type: 'string' } });
  const id = requireId(positionals[0], 'reassign');
  const to = positionals[1];
  if (!to) throw new UsageError('hearken complaints reassign: give the new owner, e.g. `hearken complaints reassign C-20261123-0042 agent:li --reason "on leave"`');
  if (!values.reason) throw new UsageError('hearken complaints reassign: --reason is required, because reassignment is logged');
  const expectedVersion = parseCount('expected-version', values['expected-version'], 1);
  return withStore(cli, values, (store) => applyChange(values, () =>
    store.complaints.reassign(id, to, { ...actorOf(values, cli), reason: values.reason!, ...(expectedVersion ? { expectedVersion } : {}) })));
}

/** Runs a change and maps domain refusals to exit 1 and unknown ids to exit 2, with the error's own words. */
async function applyChange(values: { json?: boolean }, change: () => Promise<ComplaintRecord>): Promise<number> {
  const { ComplaintRuleError } = await import('../../complaints/errors.js');
  const { ComplaintNotFoundError, VersionConflictError } = await import('../../store/errors.js');
  try {
    const record = await change();
    const last = record.history.at(-1)!;
    if (values.json) console.log(JSON.stringify(record, null, 2));
    else console.log(`${record.id}: ${last.event}${last.from ? ` ${last.from} → ${last.to}` : ''}; now ${record.status}, owner ${record.owner}, version ${record.version}`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ComplaintRuleError || error instanceof VersionConflictError) {
      if (values.json) console.log(JSON.stringify({ error: error.name, message: error.message }));
      console.error(`hearken complaints: ${error.message}`);
      return EXIT.failed;
    }
    if (error instanceof ComplaintNotFoundError) {
      console.error(`hearken complaints: ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
