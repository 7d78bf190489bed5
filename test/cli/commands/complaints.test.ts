import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { csvField, run } from '../../../src/cli/commands/complaints.js';
import { cliContextFrom } from '../../../src/cli/context.js';
import { ComplaintRecordSchema } from '../../../src/contracts/complaint.js';
import { ChatLog } from '../../../src/store/chat-log.js';
import { openSqliteStore } from '../../../src/store/index.js';
import { defaultConfig, draft } from '../../complaints/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'hearken-cli-'));
const saved = { data: process.env.HEARKEN_DATA_DIR, url: process.env.DATABASE_URL, actor: process.env.HEARKEN_ACTOR };
let first = '';
let second = '';

/** Runs the command in-process, with the context the CLI entry builds from this environment, and captures what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => { out.push(args.join(' ')); });
  const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { err.push(args.join(' ')); });
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => { out.push(String(chunk)); return true; }) as never);
  try {
    const code = await run(argv, cliContextFrom(process.env, false));
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
  }
}

beforeAll(async () => {
  process.env.HEARKEN_DATA_DIR = dir;
  delete process.env.DATABASE_URL; // the CLI would otherwise use PostgreSQL
  delete process.env.HEARKEN_ACTOR;
  const store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
  // One complaint long overdue (received a week ago), one fresh.
  const old = await store.complaints.create(draft({ subject: 'order 88231, "express"', description: '=SUM(A1)\n快递三天没到' }), {
    actor: 'bot:web', channel: 'web_chat', now: new Date('2026-11-09T02:00:00Z'), notes: [{ event: 'intake_conversation', detail: { conversationId: 'conv-1' } }],
  });
  const fresh = await store.complaints.create(draft({ subject: 'bill', category: 'billing', locale: 'en' }), { actor: 'bot:web', channel: 'web_chat', now: new Date(Date.now() + 86_400_000) });
  // The web chat's log of the conversation that lodged it (the transcript is read from it).
  await new ChatLog(store.botStorage).saveConversation(
    { conversationId: 'conv-1', userId: 'dl_1', createdAt: '2026-11-09T01:59:00.000Z', started: true, activityCount: 2, lastTimestampMs: 0 },
    [
      { index: 0, activity: { type: 'message', from: { id: 'dl_1', role: 'user' }, text: '我的快递呢?', timestamp: '2026-11-09T01:59:30.000Z' } },
      { index: 1, activity: { type: 'message', from: { id: 'hearken', role: 'bot' }, text: '已为您登记投诉。', timestamp: '2026-11-09T02:00:00.000Z' } },
    ],
  );
  // The bot's closing message of the first one, as the desk links it once sent.
  const { createComplaintDesk } = await import('../../../src/desk/index.js');
  await createComplaintDesk(store, { clock: () => new Date('2026-11-09T02:00:05Z') }).recordClosingMessage(old.id, {
    text: `已为您登记投诉，编号 ${old.id}，我们会在11月11日18:00前回复您。`, promisedBy: old.ackBy, kind: 'lodged', conversationId: 'conv-1', activityId: 'conv-1|1',
  });
  first = old.id;
  second = fresh.id;
  await store.close();
});

afterAll(() => {
  for (const [key, value] of [['HEARKEN_DATA_DIR', saved.data], ['DATABASE_URL', saved.url], ['HEARKEN_ACTOR', saved.actor]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('hearken complaints', () => {
  it('--help lists the subcommands and events; no subcommand is a usage error', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('transition ID EVENT');
    expect(help.out).toContain('start_investigation');
    expect((await cli()).code).toBe(2);
    expect((await cli('list', '--help')).code).toBe(0);
  });

  it('list shows every complaint, --overdue only the late one, --json is machine-readable', async () => {
    const all = await cli('list');
    expect(all.code).toBe(0);
    expect(all.out).toContain(first);
    expect(all.out).toContain(second);
    expect(all.out).toMatch(new RegExp(`${first}.*OVERDUE`));
    const overdue = await cli('list', '--overdue', '--json');
    const rows = JSON.parse(overdue.out) as { id: string; overdue: boolean; due: { kind: string } }[];
    expect(rows.map((r) => r.id)).toEqual([first]);
    expect(rows[0]).toMatchObject({ overdue: true, due: { kind: 'ack' }, deadline: { kind: 'ack', timeZone: 'Asia/Shanghai', dueLocal: '2026-11-11 18:00', overdue: true } });
    expect((rows[0] as unknown as { deadline: { workingDays: number } }).deadline.workingDays).toBeGreaterThan(0);
    expect(all.out).toContain('DUE (Asia/Shanghai)');
    expect(all.out).toMatch(new RegExp(`${first}.*ack by 2026-11-11 18:00\\s+OVERDUE \\d+ working days?`));
    const billing = JSON.parse((await cli('list', '--status', 'received', '--department', 'billing', '--json')).out) as { id: string }[];
    expect(billing.map((r) => r.id)).toEqual([second]);
  });

  it('list filters by category, channel and creation time, and sorts', async () => {
    const ids = async (...args: string[]) => (JSON.parse((await cli('list', ...args, '--json')).out) as { id: string }[]).map((r) => r.id);
    expect(await ids('--category', 'billing')).toEqual([second]);
    expect(await ids('--category', 'delivery,billing')).toEqual([first, second]);
    expect(await ids('--channel', 'web_chat')).toEqual([first, second]);
    expect(await ids('--channel', 'phone,email')).toEqual([]);
    expect(await ids('--since', '7d')).toEqual([second]);
    expect(await ids('--since', '2026-11-01')).toEqual([first, second]);
    expect(await ids('--sort', 'created')).toEqual([second, first]);
    expect(await ids('--sort', 'due', '--limit', '1')).toEqual([first]);
    const bad = await cli('list', '--category', 'weather');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown --category "weather"; use product_quality/);
    expect((await cli('list', '--sort', 'mood')).code).toBe(2);
    expect((await cli('list', '--since', 'yesterday')).code).toBe(2);
  });

  it('list refuses an unknown status or bad limit with exit 2', async () => {
    const bad = await cli('list', '--status', 'done');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown status "done"; statuses are received/);
    expect((await cli('list', '--limit', '0')).code).toBe(2);
    expect((await cli('list', '--bogus')).code).toBe(2);
  });

  it('show prints the record, history and transcript; --json gives both', async () => {
    const text = await cli('show', first);
    expect(text.code).toBe(0);
    expect(text.out).toContain('History:');
    expect(text.out).toContain('received  by bot:web via web_chat');
    expect(text.out).toContain('customer: 我的快递呢?');
    expect(text.out).toContain('bot: 已为您登记投诉。');
    // Deadlines on the business calendar's clock, the running one with its standing, and what the customer was told.
    expect(text.out).toContain('ack by 2026-11-11 18:00');
    expect(text.out).toContain('(Asia/Shanghai)');
    expect(text.out).toMatch(/running\s+ack, overdue \d+ working days?/);
    expect(text.out).toContain(`told         "已为您登记投诉，编号 ${first}，我们会在11月11日18:00前回复您。"`);
    expect(text.out).toContain(`reference ${first}, promised by 2026-11-11 18:00, transcript message conv-1|1`);
    const json = JSON.parse((await cli('show', first.toLowerCase(), '--json')).out) as {
      complaint: unknown; transcript: { role: string }[]; closingMessage: { reference: string; promisedBy: string }; deadline: { overdue: boolean };
    };
    expect(json.closingMessage).toMatchObject({ reference: first, kind: 'lodged' });
    expect(json.deadline.overdue).toBe(true);
    expect(ComplaintRecordSchema.safeParse(json.complaint).success).toBe(true);
    expect(json.transcript.map((m) => m.role)).toEqual(['customer', 'bot']);
    const missing = await cli('show', 'C-20990101-0001');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('C-20990101-0001 does not exist');
  });

  it('transition moves a complaint, refuses invalid events with exit 1 and names state and allowed events', async () => {
    const refused = await cli('transition', first, 'resolve', '--actor', 'alice');
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`complaint ${first} is "received": event "resolve" is not allowed there. Allowed next events: acknowledge, reject.`);
    const ok = await cli('transition', first, 'acknowledge', '--actor', 'alice', '--channel', 'phone');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('received → acknowledged; now acknowledged, owner alice, version 3');
    expect((await cli('transition', first, 'start_investigation', '--actor', 'alice')).code).toBe(0);
    const noDetail = await cli('transition', first, 'propose_solution', '--type', 'refund');
    expect(noDetail.code).toBe(2);
    expect(noDetail.err).toContain('propose_solution needs --detail');
    const proposed = await cli('transition', first, 'propose_solution', '--type', 'refund', '--detail', '全额退款', '--amount', '90000', '--actor', 'alice', '--json');
    expect(JSON.parse(proposed.out)).toMatchObject({ status: 'solution_proposed', resolution: { type: 'refund', amount: 90000 } });
    const direct = await cli('transition', first, 'resolve', '--actor', 'alice');
    expect(direct.code).toBe(1);
    expect(direct.err).toContain('request_approval');
    expect((await cli('transition', first, 'request_approval', '--actor', 'alice')).code).toBe(0);
    const self = await cli('transition', first, 'approve', '--actor', 'alice');
    expect(self.code).toBe(1);
    expect((await cli('transition', first, 'approve', '--actor', 'supervisor:li')).code).toBe(0);
    const stale = await cli('transition', first, 'resolve', '--actor', 'alice', '--expected-version', '2');
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/was changed by someone else: you read version 2/);
    expect((await cli('transition', first, 'resolve', '--actor', 'alice')).code).toBe(0);
    const closed = await cli('transition', first, 'close', '--score', '4', '--comment', 'ok', '--json');
    expect(JSON.parse(closed.out)).toMatchObject({ status: 'closed', satisfaction: { score: 4, comment: 'ok' } });
    expect((await cli('transition', first, 'close', '--score', '9')).code).toBe(2);
    expect((await cli('transition', first, 'fly')).code).toBe(2);
  });

  it('reject needs a reason; reassign is logged with one', async () => {
    const noReason = await cli('transition', second, 'reject');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('reject needs --reason');
    expect((await cli('reassign', second, 'agent:li')).code).toBe(2);
    const moved = await cli('reassign', second, 'agent:li', '--reason', 'billing expert', '--actor', 'supervisor:li', '--json');
    expect(moved.code).toBe(0);
    expect(JSON.parse(moved.out).history.at(-1)).toMatchObject({ event: 'reassign', detail: { to: 'agent:li', reason: 'billing expert' } });
  });

  it('export writes CSV (quoted, formula-safe) and JSONL with every record', async () => {
    // The first complaint is closed by now; a third one, long overdue, joins.
    const store = await openSqliteStore({ dataDir: dir, config: defaultConfig });
    const late = await store.complaints.create(draft({ subject: 'late' }), { actor: 'bot:web', channel: 'web_chat', now: new Date('2026-11-02T02:00:00Z') });
    await store.close();
    const csvPath = join(dir, 'out.csv');
    const csv = await cli('export', '--format', 'csv', '--out', csvPath);
    expect(csv.code).toBe(0);
    expect(csv.err).toContain('exported 3 complaints');
    const text = readFileSync(csvPath, 'utf8');
    // A UTF-8 byte order mark first, so spreadsheet programs read the Chinese right.
    expect(readFileSync(csvPath).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...lines] = text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toMatch(/^id,created_at,channel,.*,running_deadline,due_local,overdue,working_days_left,working_days_overdue$/);
    const overdueColumn = header!.split(',').indexOf('overdue');
    const byId = (id: string) => lines.find((l) => l.startsWith(id))!;
    const overdueOf = (id: string) => byId(id).split(',').at(overdueColumn - header!.split(',').length);
    expect([overdueOf(first), overdueOf(second), overdueOf(late.id)]).toEqual(['', 'no', 'yes']);
    expect(byId(late.id)).toMatch(/,ack,2026-11-04 18:00,yes,,\d+$/);
    expect((await cli('export', '--format', 'csv', '--out', csvPath, '--overdue')).code).toBe(0);
    expect(readFileSync(csvPath, 'utf8').split('\r\n').filter((l) => l.startsWith('C-')).map((l) => l.slice(0, 15))).toEqual([late.id]);
    expect(text).toContain('"order 88231, ""express"""');
    expect(text).toContain(`"'=SUM(A1)\n快递三天没到"`);
    const jsonl = await cli('export', '--format', 'jsonl');
    const records = jsonl.out.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
    expect(records.map((r) => r.id)).toEqual([late.id, first, second]);
    expect(records.every((r) => ComplaintRecordSchema.safeParse(r).success)).toBe(true);
    expect((await cli('export', '--format', 'xml')).code).toBe(2);
  });

  it('csvField quotes separators and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField(undefined)).toBe('');
    expect(csvField(-5)).toBe('-5');
  });
});

if (!saved.url) console.warn('test/cli/commands/complaints: DATABASE_URL is not set, so the PostgreSQL CLI test is SKIPPED.');

describe.skipIf(!saved.url)('hearken complaints on PostgreSQL', () => {
  it('uses DATABASE_URL and HEARKEN_DB_SCHEMA', async () => {
    const { openPostgresStore } = await import('../../../src/store/index.js');
    const pg = (await import('pg')).default;
    const schema = `hk_cli_${process.pid}`;
    const store = await openPostgresStore({ databaseUrl: saved.url!, schema, config: defaultConfig });
    const made = await store.complaints.create(draft({ subject: 'on postgres' }), { actor: 'bot:web', channel: 'web_chat', now: new Date('2026-11-23T02:00:00Z') });
    await store.close();
    process.env.DATABASE_URL = saved.url;
    process.env.HEARKEN_DB_SCHEMA = schema;
    try {
      const listed = JSON.parse((await cli('list', '--json')).out) as { id: string; subject: string }[];
      expect(listed).toEqual([expect.objectContaining({ id: made.id, subject: 'on postgres' })]);
      expect((await cli('transition', made.id, 'acknowledge', '--actor', 'alice')).code).toBe(0);
      expect(JSON.parse((await cli('show', made.id, '--json')).out).complaint.owner).toBe('alice');
    } finally {
      delete process.env.DATABASE_URL;
      delete process.env.HEARKEN_DB_SCHEMA;
      const client = new pg.Client({ connectionString: saved.url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  });
});
