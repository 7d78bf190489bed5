import type { ComplaintRecord } from '../contracts/complaint.js';
import type { ComplaintConfig } from './config.js';
import { deadlinesFor, earlierOf } from './deadlines.js';
import { TransitionGuardError } from './errors.js';
import type { TransitionContext } from './lifecycle.js';
import { isQueueOwner, queueOwner, routeDepartment } from './routing.js';

/**
 * Fields staff may correct after intake. The customer's `description` is
 * verbatim and never edited; status, owner and deadlines change only through
 * the lifecycle and reassignment.
 */
export type ComplaintPatch = Partial<Pick<ComplaintRecord,
  'customer' | 'subject' | 'facts' | 'triage' | 'desiredResolution' | 'desiredResolutions' | 'category' | 'severity' | 'locale'>>;

const PATCHABLE = new Set<keyof ComplaintPatch>(['customer', 'subject', 'facts', 'triage', 'desiredResolution', 'desiredResolutions', 'category', 'severity', 'locale']);

/**
 * Applies a correction and logs which fields changed. A new category is
 * re-routed; a new category or severity re-computes the deadlines from now but
 * only ever tightens them, so an escalation to `major` speeds a complaint up
 * and a correction can never buy extra time.
 */
export function amendComplaint(record: ComplaintRecord, patch: ComplaintPatch, ctx: TransitionContext & { config: ComplaintConfig }): ComplaintRecord {
  const guard = (why: string): never => { throw new TransitionGuardError(record.id, record.status, 'amend', why); };
  const unknown = Object.keys(patch).filter((key) => !PATCHABLE.has(key as keyof ComplaintPatch));
  if (unknown.length > 0) guard(`cannot change ${unknown.join(', ')} by amending; editable fields are ${[...PATCHABLE].join(', ')}`);
  if (record.status === 'closed') guard('a closed complaint is a record of what happened; appeal to reopen it');
  const changed = (Object.keys(patch) as (keyof ComplaintPatch)[])
    .filter((key) => patch[key] !== undefined && JSON.stringify(patch[key]) !== JSON.stringify(record[key]));
  if (changed.length === 0) return record;

  const at = ctx.now.toISOString();
  const next: ComplaintRecord = { ...record, ...definedOnly(patch), updatedAt: at };
  const detail: Record<string, unknown> = { fields: changed, before: Object.fromEntries(changed.map((key) => [key, record[key]])) };
  if (changed.includes('category')) {
    next.department = routeDepartment(next.category, ctx.config.routing);
    if (next.department !== record.department) {
      detail.department = { from: record.department, to: next.department };
      if (isQueueOwner(record.owner)) next.owner = queueOwner(next.department);
    }
  }
  if (changed.includes('category') || changed.includes('severity')) {
    const fresh = deadlinesFor({ category: next.category, severity: next.severity, start: ctx.now }, ctx.config.deadlines, ctx.config.calendar);
    next.ackBy = earlierOf(record.ackBy, fresh.ackBy);
    next.investigateBy = earlierOf(record.investigateBy, fresh.investigateBy);
    next.resolveBy = earlierOf(record.resolveBy, fresh.resolveBy);
  }
  next.history = [...record.history, { at, actor: ctx.actor, channel: ctx.channel, event: 'amend', detail }];
  return next;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
