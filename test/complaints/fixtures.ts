import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ComplaintDraft, ComplaintEvent, ComplaintRecord, ComplaintStatus } from '../../src/contracts/complaint.js';
import { applyEvent, newComplaint, parseComplaintConfig, type ComplaintConfig } from '../../src/complaints/index.js';

const defaultsPath = fileURLToPath(new URL('../../src/complaints/defaults.yaml', import.meta.url));
export const defaultConfig: ComplaintConfig = parseComplaintConfig(readFileSync(defaultsPath, 'utf8'), defaultsPath);

/** Monday 23 November 2026, 10:00 in Shanghai. */
export const MONDAY_10 = new Date('2026-11-23T02:00:00Z');

export function draft(overrides: Partial<ComplaintDraft> = {}): ComplaintDraft {
  return {
    channel: 'web_chat', locale: 'zh-Hans', customer: { name: '王女士', phone: '13800000000' },
    subject: 'order 88231', description: '快递三天没到,客服也不回。', category: 'delivery', ...overrides,
  };
}

export function fresh(overrides: Partial<ComplaintDraft> = {}, now = MONDAY_10): ComplaintRecord {
  return newComplaint(draft(overrides), { now, config: defaultConfig, sequence: 7, actor: 'bot:web' });
}

let minute = 0;
export function step(record: ComplaintRecord, event: ComplaintEvent, actor = 'alice'): ComplaintRecord {
  minute += 1;
  return applyEvent(record, event, { actor, channel: 'slack', now: new Date(MONDAY_10.getTime() + minute * 60_000), config: defaultConfig });
}

const APOLOGY = { type: 'apology', detail: '致歉并说明原因' } as const;
const BIG_REFUND = { type: 'refund', detail: '全额退款', amount: 100_000 } as const;

/** A complaint driven through real events into each state; `needsApproval` picks a proposal that needs a supervisor. */
export function recordIn(status: ComplaintStatus, options: { needsApproval?: boolean } = {}): ComplaintRecord {
  const proposal = options.needsApproval ? BIG_REFUND : APOLOGY;
  const investigating = () => step(step(fresh(), { type: 'acknowledge' }), { type: 'start_investigation' });
  const proposed = (resolution: typeof APOLOGY | typeof BIG_REFUND = proposal) => step(investigating(), { type: 'propose_solution', resolution });
  const resolved = () => step(proposed(APOLOGY), { type: 'resolve' });
  switch (status) {
    case 'received': return fresh();
    case 'acknowledged': return step(fresh(), { type: 'acknowledge' });
    case 'investigating': return investigating();
    case 'solution_proposed': return proposed();
    case 'awaiting_approval': return step(proposed(BIG_REFUND), { type: 'request_approval' });
    case 'approved': return step(step(proposed(BIG_REFUND), { type: 'request_approval' }), { type: 'approve' }, 'supervisor:li');
    case 'resolved': return resolved();
    case 'closed': return step(resolved(), { type: 'close' });
    case 'rejected': return step(fresh(), { type: 'reject', reason: '订单不存在' });
    case 'appealed': return step(resolved(), { type: 'appeal', reason: '退款金额不对' });
  }
}
