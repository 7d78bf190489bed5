import type { ComplaintRecord } from '../contracts/complaint.js';
import { TransitionGuardError } from './errors.js';
import { TRANSITIONS, type TransitionContext } from './lifecycle.js';

const RESERVED = new Set<string>(['received', 'reassign', 'amend', ...Object.values(TRANSITIONS).flatMap((events) => Object.keys(events))]);

/**
 * Appends a history entry that records something without changing the state,
 * e.g. `handoff_requested` or `customer_contacted`. Lifecycle and ownership
 * event names are refused, so the history never shows a state change that the
 * state machine did not make.
 */
export function appendNote(record: ComplaintRecord, event: string, detail: Record<string, unknown>, ctx: Omit<TransitionContext, 'config'>): ComplaintRecord {
  if (!/^[a-z][a-z0-9_]*$/.test(event)) {
    throw new TransitionGuardError(record.id, record.status, 'note', `note names are snake_case words such as "customer_contacted", got "${event}"`);
  }
  if (RESERVED.has(event)) {
    throw new TransitionGuardError(record.id, record.status, 'note', `"${event}" is a lifecycle event; use transition (or reassign/amend) so the state machine checks it`);
  }
  const at = ctx.now.toISOString();
  return { ...record, updatedAt: at, history: [...record.history, { at, actor: ctx.actor, channel: ctx.channel, event, detail }] };
}
