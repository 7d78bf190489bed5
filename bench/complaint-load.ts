// Bulk-loads a SQLite data folder with complaints for the report benchmark: a few thousand
// complaints are built and moved through their lifecycle by the pure complaint core (real records
// and history), then copied under fresh ids up to the count asked for and written straight into
// the store's tables in one transaction, because 100,000 stores one by one (each a durable commit,
// each deadline reckoned on the calendar) would take the benchmark's whole budget.
import type { ComplaintRecord } from '../src/contracts/complaint.js';
import type { EscalationReason } from '../src/contracts/triage.js';
import { applyEvent, complaintDay, currentDeadline, formatComplaintId, newComplaint } from '../src/complaints/index.js';
import { loadComplaintConfig, openSqliteStore } from '../src/store/index.js';
import { join } from 'node:path';

const CATEGORIES = ['delivery', 'product_quality', 'billing', 'service_attitude', 'wait_time', 'other'] as const;
const CHANNELS = ['web_chat', 'slack', 'phone', 'email'] as const;
const EMOTIONS = ['anger', 'frustration', 'anxiety', 'neutral'] as const;
const REASONS: EscalationReason[][] = [['repeat'], ['regulator'], ['media', 'repeat'], [], [], []];
const RESOLUTIONS = ['refund', 'replacement', 'repair', 'apology', 'explanation', 'discount'] as const;
/** Complaints built by the core; the rest are copies of them under fresh ids. */
const TEMPLATES = 4000;

/** Complaints spread over the 90 days before `now`, in every state; returns how many were written. */
export async function bulkLoadComplaints(dataDir: string, count: number, now: Date): Promise<number> {
  const config = await loadComplaintConfig();
  // Migrations run on open; then the file is written directly.
  await (await openSqliteStore({ dataDir, config })).close();
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'hearken.db'));
  db.pragma('journal_mode = WAL');
  const insertComplaint = db.prepare(`insert into complaints (id, day, seq, status, owner, department, category, severity, channel, created_at, updated_at, due_kind, due_at, version, record)
    values (@id, @day, @seq, @status, @owner, @department, @category, @severity, @channel, @created_at, @updated_at, @due_kind, @due_at, @version, @record)`);
  const insertHistory = db.prepare(`insert into complaint_history (complaint_id, seq, at, actor, channel, event, from_status, to_status, detail)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const sequences = new Map<string, number>();
  const span = 90 * 86_400_000;
  const templates: ComplaintRecord[] = [];
  const templateCount = Math.min(count, TEMPLATES);
  for (let i = 0; i < templateCount; i++) {
    const created = new Date(now.getTime() - span + Math.floor((i / templateCount) * span));
    const seq = i + 1;
    const category = CATEGORIES[i % CATEGORIES.length]!;
    let record: ComplaintRecord = newComplaint({
      channel: CHANNELS[i % CHANNELS.length]!, locale: i % 3 === 0 ? 'en' : 'zh-Hans', customer: { phone: '13800000000' },
      subject: `order ${i}`, description: '快递三天没到,客服也不回。', category, severity: i % 17 === 0 ? 'major' : 'normal',
      triage: {
        lang: 'zh-Hans', intent: { label: 'refund', confidence: 0.8, runnersUp: [] }, category: { label: category, confidence: 0.8, runnersUp: [] },
        emotion: { label: EMOTIONS[i % EMOTIONS.length]!, intensity: (i % 10) / 10 },
        escalate: { value: REASONS[i % REASONS.length]!.length > 0, reasons: REASONS[i % REASONS.length]! },
        entities: [],
      },
    }, { now: created, config, sequence: seq, actor: 'bot:bench' });
    // Each step a few working hours after the last; some complaints stop early, some run late.
    let at = created.getTime();
    const move = (event: Parameters<typeof applyEvent>[1], hours: number) => {
      at += hours * 3_600_000;
      if (at > now.getTime()) return false;
      record = applyEvent(record, event, { actor: `agent:${i % 25}`, channel: 'slack', now: new Date(at), config });
      return true;
    };
    const approve = () => {
      at += 3_600_000;
      if (at > now.getTime()) return false;
      record = applyEvent(record, { type: 'approve' }, { actor: 'supervisor:li', channel: 'slack', now: new Date(at), config });
      return true;
    };
    const pace = 1 + (i % 7) * 8;
    const stage = i % 10;
    if (stage === 9) move({ type: 'reject', reason: 'not our product' }, pace);
    else if (stage > 0 && move({ type: 'acknowledge' }, pace) && stage > 1 && move({ type: 'start_investigation' }, pace)
      && stage > 2 && move({ type: 'propose_solution', resolution: { type: RESOLUTIONS[i % RESOLUTIONS.length]!, detail: 'as agreed' } }, pace * 2)
      // A major complaint's solution needs a supervisor's approval first.
      && (record.severity !== 'major' || (move({ type: 'request_approval' }, 1) && approve()))
      && stage > 3 && move({ type: 'resolve' }, pace) && stage > 4) {
      if (move({ type: 'close', ...(i % 3 !== 2 ? { satisfaction: { score: 1 + (i % 5) } } : {}) }, pace) && stage === 8) move({ type: 'appeal', reason: 'the refund is short' }, pace);
    }
    templates.push(record);
  }
  const templateDays = templates.map((t) => complaintDay(new Date(t.createdAt), config.calendar.timeZone));
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      // Template i % T: complaint i comes on the same day as its template, under the next id of that day.
      const template = templates[i % templateCount]!;
      const day = templateDays[i % templateCount]!;
      const seq = (sequences.get(day) ?? 0) + 1;
      sequences.set(day, seq);
      const id = formatComplaintId(day, seq);
      const { history, ...rest } = { ...template, id };
      const running = currentDeadline(template);
      insertComplaint.run({
        id, day, seq, status: rest.status, owner: rest.owner, department: rest.department, category: rest.category,
        severity: rest.severity, channel: rest.channel, created_at: rest.createdAt, updated_at: rest.updatedAt,
        due_kind: running?.kind ?? null, due_at: running ? new Date(running.dueAt).toISOString() : null, version: rest.version, record: JSON.stringify(rest),
      });
      history.forEach((h, k) => insertHistory.run(id, k, h.at, h.actor, h.channel, h.event, h.from ?? null, h.to ?? null, h.detail ? JSON.stringify(h.detail) : null));
    }
    for (const [day, last] of sequences) db.prepare('insert into complaint_sequences (day, last) values (?, ?)').run(day, last);
  })();
  db.close();
  return count;
}
