import type { ComplaintRecord } from '../contracts/complaint.js';
import { TransitionGuardError } from './errors.js';
import { isPersonActor, type TransitionContext } from './lifecycle.js';
import { isQueueOwner } from './routing.js';

/**
 * Gives a complaint to another owner. This is the only way besides an appeal
 * that the owner changes, so it needs a reason and is written to the history.
 */
export function reassignComplaint(record: ComplaintRecord, to: string, reason: string, ctx: Omit<TransitionContext, 'config'>): ComplaintRecord {
  const guard = (why: string): never => { throw new TransitionGuardError(record.id, record.status, 'reassign', why); };
  if (record.status === 'closed') guard('a closed complaint keeps its owner; appeal to reopen it');
  if (to.trim() === '') guard('name the new owner');
  if (!isPersonActor(to) && !isQueueOwner(to)) guard(`"${to}" cannot own a complaint; name a staff person or a queue (queue:<department>)`);
  if (to === record.owner) guard(`"${to}" already owns it`);
  if (reason.trim() === '') guard('a reason is required, because reassignment is logged');
  const at = ctx.now.toISOString();
  return {
    ...record,
    owner: to,
    updatedAt: at,
    history: [...record.history, {
      at, actor: ctx.actor, channel: ctx.channel, event: 'reassign',
      detail: { from: record.owner, to, reason, ...(isQueueOwner(record.owner) ? { claimedFromQueue: true } : {}) },
    }],
  };
}
