import { describe, expect, it } from 'vitest';
import type { ComplaintEvent, ComplaintEventType, ComplaintStatus } from '../../src/contracts/complaint.js';
import { ComplaintStatusSchema } from '../../src/contracts/complaint.js';
import {
  InvalidTransitionError, TRANSITIONS, TransitionGuardError, allowedEvents, applyEvent, reassignComplaint, appendNote,
} from '../../src/complaints/index.js';
import { MONDAY_10, defaultConfig, fresh, recordIn, step } from './fixtures.js';

const ALL_EVENTS: ComplaintEventType[] = [
  'acknowledge', 'start_investigation', 'propose_solution', 'request_approval', 'approve',
  'decline_approval', 'resolve', 'close', 'reject', 'appeal',
];

/** A valid payload, actor and starting record for each event that the state accepts. */
function validCase(status: ComplaintStatus, type: ComplaintEventType): { event: ComplaintEvent; actor: string; needsApproval?: boolean } {
  switch (type) {
    case 'acknowledge': return { event: { type }, actor: 'alice' };
    case 'start_investigation': return { event: status === 'appealed' ? { type, owner: 'bob' } : { type }, actor: status === 'appealed' ? 'supervisor:li' : 'alice' };
    case 'propose_solution': return { event: { type, resolution: { type: 'replacement', detail: '换新' } }, actor: 'alice' };
    case 'request_approval': return { event: { type }, actor: 'alice', needsApproval: true };
    case 'approve': return { event: { type }, actor: 'supervisor:li' };
    case 'decline_approval': return { event: { type, reason: '金额过高' }, actor: 'supervisor:li' };
    case 'resolve': return { event: { type, note: '已退款' }, actor: 'alice' };
    case 'close': return { event: { type, satisfaction: { score: 4 } }, actor: 'alice' };
    case 'reject': return { event: { type, reason: '不属于本公司产品' }, actor: 'alice' };
    case 'appeal': return { event: { type, reason: '处理结果不公' }, actor: 'customer' };
  }
}

describe('lifecycle: every state × every event', () => {
  for (const status of ComplaintStatusSchema.options) {
    for (const type of ALL_EVENTS) {
      const target = TRANSITIONS[status][type];
      if (target !== undefined) {
        it(`${status} --${type}--> ${target}`, () => {
          const { event, actor, needsApproval } = validCase(status, type);
          const before = recordIn(status, { needsApproval });
          expect(before.status).toBe(status);
          const after = applyEvent(before, event, { actor, channel: 'slack', now: new Date(MONDAY_10.getTime() + 3600_000), config: defaultConfig });
          expect(after.status).toBe(target);
          const last = after.history.at(-1)!;
          expect(last).toMatchObject({ event: type, from: status, to: target, actor, channel: 'slack' });
          expect(after.history.length).toBe(before.history.length + 1);
          expect(before.status).toBe(status); // input untouched
        });
      } else {
        it(`${status} refuses ${type}`, () => {
          const before = recordIn(status);
          const { event } = validCase(status, type);
          let error: unknown;
          try { applyEvent(before, event, { actor: 'alice', channel: 'slack', now: MONDAY_10, config: defaultConfig }); } catch (e) { error = e; }
          expect(error).toBeInstanceOf(InvalidTransitionError);
          const message = (error as Error).message;
          expect(message).toContain(before.id);
          expect(message).toContain(`"${status}"`);
          expect(message).toContain(`"${type}"`);
          for (const allowed of allowedEvents(status)) expect(message).toContain(allowed);
          expect((error as InvalidTransitionError).allowed).toEqual(allowedEvents(status));
        });
      }
    }
  }

  it('an unknown event names the state and the allowed events', () => {
    expect(() => applyEvent(fresh(), { type: 'teleport' } as never, { actor: 'a', channel: 'slack', now: MONDAY_10, config: defaultConfig }))
      .toThrow(/is "received": event "teleport" is not allowed there\. Allowed next events: acknowledge, reject\./);
  });
});

describe('lifecycle guards', () => {
  const ctx = { actor: 'alice', channel: 'slack' as const, now: MONDAY_10, config: defaultConfig };

  it('reject needs a reason', () => {
    expect(() => applyEvent(fresh(), { type: 'reject', reason: '' }, ctx)).toThrow(TransitionGuardError);
    expect(() => applyEvent(fresh(), { type: 'reject' } as never, ctx)).toThrow(/reason/);
    const rejected = applyEvent(fresh(), { type: 'reject', reason: '重复投诉' }, ctx);
    expect(rejected.rejectionReason).toBe('重复投诉');
    expect(rejected.resolution).toEqual({ type: 'rejected', detail: '重复投诉' });
  });

  it('the first person to acknowledge becomes the owner; a bot does not', () => {
    const queued = fresh();
    expect(queued.owner).toBe('queue:logistics');
    expect(applyEvent(queued, { type: 'acknowledge' }, { ...ctx, actor: 'bot:web' }).owner).toBe('queue:logistics');
    const claimed = applyEvent(queued, { type: 'acknowledge' }, ctx);
    expect(claimed.owner).toBe('alice');
    expect(claimed.history.at(-1)!.detail).toMatchObject({ owner: 'alice', firstResponder: true });
    // Later events by others do not take it over.
    expect(applyEvent(claimed, { type: 'start_investigation' }, { ...ctx, actor: 'bob' }).owner).toBe('alice');
  });

  it('start_investigation cannot silently change the owner', () => {
    const acknowledged = recordIn('acknowledged');
    expect(() => applyEvent(acknowledged, { type: 'start_investigation', owner: 'bob' }, ctx)).toThrow(/use reassign/);
  });

  it('a solution that needs approval cannot be resolved directly, and one that does not cannot be sent for approval', () => {
    const big = recordIn('solution_proposed', { needsApproval: true });
    expect(() => applyEvent(big, { type: 'resolve' }, ctx)).toThrow(/needs a supervisor's approval first: use "request_approval"/);
    const small = recordIn('solution_proposed');
    expect(() => applyEvent(small, { type: 'request_approval' }, ctx)).toThrow(/does not need approval: use "resolve"/);
  });

  it('a major complaint always goes to a supervisor', () => {
    let major = fresh({ severity: 'major' });
    major = step(step(step(major, { type: 'acknowledge' }), { type: 'start_investigation' }), { type: 'propose_solution', resolution: { type: 'apology', detail: 'x' } });
    expect(() => applyEvent(major, { type: 'resolve' }, ctx)).toThrow(/approval/);
  });

  it('the owner cannot approve their own proposal; the approver is recorded', () => {
    const waiting = recordIn('awaiting_approval');
    expect(() => applyEvent(waiting, { type: 'approve' }, { ...ctx, actor: waiting.owner })).toThrow(/cannot approve it; a supervisor must/);
    const approved = applyEvent(waiting, { type: 'approve' }, { ...ctx, actor: 'supervisor:li' });
    expect(approved.resolution?.approvedBy).toBe('supervisor:li');
  });

  it('declining an approval sends it back to investigation without a resolution', () => {
    const declined = applyEvent(recordIn('awaiting_approval'), { type: 'decline_approval', reason: '先核实金额' }, { ...ctx, actor: 'supervisor:li' });
    expect(declined.status).toBe('investigating');
    expect(declined.resolution).toBeUndefined();
    expect(declined.history.at(-1)!.detail).toMatchObject({ reason: '先核实金额', declinedResolution: { type: 'refund' } });
  });

  it('a rejection is not a solution', () => {
    expect(() => applyEvent(recordIn('investigating'), { type: 'propose_solution', resolution: { type: 'rejected', detail: 'no' } }, ctx)).toThrow(/use the "reject" event/);
  });

  it('an appeal is handled by a different owner, with fresh deadlines, and only once', () => {
    const resolved = recordIn('resolved');
    const thursday = new Date(MONDAY_10.getTime() + 3 * 86_400_000);
    const appealed = applyEvent(resolved, { type: 'appeal', reason: '退款金额不对' }, { ...ctx, actor: 'customer', now: thursday });
    expect(appealed.appeal).toEqual({ reason: '退款金额不对', at: thursday.toISOString(), previousOwner: 'alice' });
    // Thursday + 7 working days is the Monday after next, not the original Wednesday.
    expect(resolved.resolveBy).toBe('2026-12-02T10:00:00.000Z');
    expect(appealed.resolveBy).toBe('2026-12-07T10:00:00.000Z');
    expect(appealed.ackBy).toBe('2026-11-30T10:00:00.000Z');
    expect(() => applyEvent(appealed, { type: 'start_investigation', owner: 'alice' }, { ...ctx, actor: 'supervisor:li' })).toThrow(/different owner than "alice"/);
    // The first owner acting without naming someone else is refused too.
    expect(() => applyEvent(appealed, { type: 'start_investigation' }, ctx)).toThrow(/different owner/);
    const second = applyEvent(appealed, { type: 'start_investigation' }, { ...ctx, actor: 'bob' });
    expect(second.owner).toBe('bob');
    expect(second.history.at(-1)!.detail).toMatchObject({ owner: 'bob', previousOwner: 'alice' });
    const resolvedAgain = step(step(second, { type: 'propose_solution', resolution: { type: 'apology', detail: 'y' } }, 'bob'), { type: 'resolve' }, 'bob');
    expect(() => applyEvent(resolvedAgain, { type: 'appeal', reason: 'again' }, ctx)).toThrow(/already appealed/);
  });

  it('satisfaction is kept on close', () => {
    const closed = applyEvent(recordIn('resolved'), { type: 'close', satisfaction: { score: 5, comment: '满意' } }, ctx);
    expect(closed.satisfaction).toEqual({ score: 5, comment: '满意' });
    expect(() => applyEvent(recordIn('resolved'), { type: 'close', satisfaction: { score: 9 } }, ctx)).toThrow(/invalid event data/);
  });
});

describe('reassignment and notes', () => {
  const ctx = { actor: 'supervisor:li', channel: 'slack' as const, now: MONDAY_10 };
  it('is explicit and logged with a reason', () => {
    const record = recordIn('investigating');
    const moved = reassignComplaint(record, 'bob', 'alice is on leave', ctx);
    expect(moved.owner).toBe('bob');
    expect(moved.status).toBe('investigating');
    expect(moved.history.at(-1)).toMatchObject({ event: 'reassign', actor: 'supervisor:li', detail: { from: 'alice', to: 'bob', reason: 'alice is on leave' } });
    expect(() => reassignComplaint(record, 'bob', '  ', ctx)).toThrow(/reason is required/);
    expect(() => reassignComplaint(record, 'alice', 'x', ctx)).toThrow(/already owns it/);
    expect(() => reassignComplaint(record, 'bot:web', 'x', ctx)).toThrow(/cannot own a complaint/);
    expect(reassignComplaint(record, 'queue:quality', 'wrong department', ctx).owner).toBe('queue:quality');
    expect(() => reassignComplaint(recordIn('closed'), 'bob', 'x', ctx)).toThrow(/closed complaint keeps its owner/);
  });
  it('notes never masquerade as lifecycle events', () => {
    const record = recordIn('received');
    expect(appendNote(record, 'handoff_requested', { to: 'supervisor:on-duty' }, ctx).history.at(-1)).toMatchObject({ event: 'handoff_requested' });
    expect(appendNote(record, 'handoff_requested', {}, ctx).status).toBe('received');
    expect(() => appendNote(record, 'resolve', {}, ctx)).toThrow(/lifecycle event/);
    expect(() => appendNote(record, 'Bad Name', {}, ctx)).toThrow(/snake_case/);
  });
});
