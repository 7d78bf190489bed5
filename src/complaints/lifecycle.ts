import {
  ComplaintEventSchema,
  type Channel, type ComplaintEvent, type ComplaintEventType, type ComplaintRecord, type ComplaintStatus, type HistoryEvent,
} from '../contracts/complaint.js';
import { needsApproval } from './approval.js';
import type { ComplaintConfig } from './config.js';
import { deadlinesFor } from './deadlines.js';
import { InvalidTransitionError, TransitionGuardError } from './errors.js';
import { isQueueOwner } from './routing.js';

/** Who acts, through which channel, when, and under which configuration. */
export interface TransitionContext {
  actor: string;
  channel: Channel | 'system';
  now: Date;
  config: ComplaintConfig;
}

/**
 * The lifecycle as data: for each state, the events it accepts and where they
 * lead. Guards (reasons, approvals, owners) are checked in `applyEvent`.
 */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, Readonly<Partial<Record<ComplaintEventType, ComplaintStatus>>>>> = {
  received: { acknowledge: 'acknowledged', reject: 'rejected' },
  acknowledged: { start_investigation: 'investigating', reject: 'rejected' },
  investigating: { propose_solution: 'solution_proposed', reject: 'rejected' },
  // A proposal may be revised (the customer disagreed) before it goes on.
  solution_proposed: { propose_solution: 'solution_proposed', request_approval: 'awaiting_approval', resolve: 'resolved' },
  awaiting_approval: { approve: 'approved', decline_approval: 'investigating' },
  approved: { resolve: 'resolved' },
  resolved: { close: 'closed', appeal: 'appealed' },
  rejected: { appeal: 'appealed', close: 'closed' },
  closed: { appeal: 'appealed' },
  // Second handling: investigation starts again under a different owner.
  appealed: { start_investigation: 'investigating' },
};

const CLAIMING_EVENTS: ReadonlySet<ComplaintEventType> = new Set(['acknowledge', 'start_investigation', 'propose_solution', 'reject']);

/**
 * Only staff become owners. By convention `system`, queues (`queue:<dept>`),
 * bots (`bot:<name>`) and customers (`customer:<ref>`) are not staff; every
 * other actor name is a staff person.
 */
export function isPersonActor(actor: string): boolean {
  return actor.trim() !== '' && actor !== 'system' && !isQueueOwner(actor) && !actor.startsWith('bot:') && !actor.startsWith('customer:');
}

/** The events accepted from a state, in lifecycle order. */
export function allowedEvents(status: ComplaintStatus): ComplaintEventType[] {
  return Object.keys(TRANSITIONS[status]) as ComplaintEventType[];
}

/**
 * Applies one lifecycle event and returns the new record with a history entry.
 * Throws InvalidTransitionError when the state does not accept the event and
 * TransitionGuardError when its condition fails; the input is never modified.
 * The version is left as is: the store increments it when it writes.
 */
export function applyEvent(record: ComplaintRecord, input: ComplaintEvent, ctx: TransitionContext): ComplaintRecord {
  const type = (input as { type?: unknown }).type;
  const target = typeof type === 'string' ? TRANSITIONS[record.status][type as ComplaintEventType] : undefined;
  if (target === undefined) throw new InvalidTransitionError(record.id, record.status, String(type), allowedEvents(record.status));
  const parsed = ComplaintEventSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'event'}: ${issue.message}`).join('; ');
    throw new TransitionGuardError(record.id, record.status, String(type), `invalid event data (${problems})`);
  }
  const event = parsed.data;
  const guard = (reason: string): never => { throw new TransitionGuardError(record.id, record.status, event.type, reason); };
  const at = ctx.now.toISOString();
  const next: ComplaintRecord = { ...record, status: target, updatedAt: at };
  const detail: Record<string, unknown> = {};
  // The first person to work on a queued complaint becomes its owner until it is closed.
  if (CLAIMING_EVENTS.has(event.type) && record.status !== 'appealed' && isQueueOwner(record.owner) && isPersonActor(ctx.actor)) {
    next.owner = ctx.actor;
    detail.owner = ctx.actor;
    detail.firstResponder = true;
  }

  switch (event.type) {
    case 'acknowledge':
      break;
    case 'start_investigation':
      if (record.status === 'appealed') {
        // Second handling: the owner named in the event, else whoever the appeal
        // was reassigned to, else the person acting, but never the first handler.
        const previous = record.appeal?.previousOwner ?? record.owner;
        const candidate = event.owner ?? (record.owner !== previous ? record.owner : ctx.actor);
        const owner = isQueueOwner(candidate) && isPersonActor(ctx.actor) ? ctx.actor : candidate;
        if (owner === previous) guard(`an appeal is handled by a different owner than "${previous}", who handled it first: pass another owner`);
        if (!isPersonActor(owner) && !isQueueOwner(owner)) guard(`"${owner}" cannot own a complaint; name a staff person or a queue`);
        next.owner = owner;
        detail.owner = owner;
        detail.previousOwner = previous;
      } else if (event.owner && event.owner !== next.owner) {
        guard(`owner is "${next.owner}"; use reassign (with a reason) to change it`);
      }
      break;
    case 'propose_solution':
      if (event.resolution.type === 'rejected') guard('a rejection is not a solution: use the "reject" event with a reason');
      next.resolution = { ...event.resolution };
      detail.resolution = event.resolution;
      detail.needsApproval = needsApproval(event.resolution, record.severity, ctx.config.approval);
      break;
    case 'request_approval':
      if (!record.resolution) guard('no solution has been proposed');
      if (!needsApproval(record.resolution!, record.severity, ctx.config.approval)) guard('this solution does not need approval: use "resolve"');
      break;
    case 'approve':
      if (ctx.config.approval.approverMustDifferFromOwner && ctx.actor === record.owner) {
        guard(`the owner "${record.owner}" proposed this solution and cannot approve it; a supervisor must`);
      }
      next.resolution = { ...record.resolution!, approvedBy: ctx.actor };
      detail.approvedBy = ctx.actor;
      break;
    case 'decline_approval':
      // The declined proposal stays in the history; the record waits for a new one.
      next.resolution = undefined;
      detail.reason = event.reason;
      detail.declinedResolution = record.resolution;
      break;
    case 'resolve':
      if (!record.resolution) guard('no solution has been proposed');
      if (record.status === 'solution_proposed' && needsApproval(record.resolution!, record.severity, ctx.config.approval)) {
        guard('this solution needs a supervisor\'s approval first: use "request_approval"');
      }
      if (event.note) detail.note = event.note;
      break;
    case 'close':
      if (event.satisfaction) {
        next.satisfaction = { ...event.satisfaction };
        detail.satisfaction = event.satisfaction;
      }
      break;
    case 'reject':
      next.rejectionReason = event.reason;
      next.resolution = { type: 'rejected', detail: event.reason };
      detail.reason = event.reason;
      break;
    case 'appeal': {
      if (record.appeal) guard(`it was already appealed on ${record.appeal.at}; a further appeal goes outside the company (e.g. a regulator)`);
      next.appeal = { reason: event.reason, at, previousOwner: record.owner };
      // Second handling gets fresh deadlines from the appeal, with the same policy as the first.
      Object.assign(next, deadlinesFor({ category: record.category, severity: record.severity, start: ctx.now }, ctx.config.deadlines, ctx.config.calendar));
      detail.reason = event.reason;
      break;
    }
  }

  const entry: HistoryEvent = {
    at, actor: ctx.actor, channel: ctx.channel, event: event.type, from: record.status, to: target,
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
  next.history = [...record.history, entry];
  return next;
}
