// Whether each deadline of a complaint's current handling was met, from its lifecycle moves.
import { describe, expect, it } from 'vitest';
import { deadlineOutcomes } from '../../src/complaints/index.js';
import { fresh, step } from './fixtures.js';

describe('deadline outcomes', () => {
  it('counts a step done before its deadline as on time, after it as late, and an undone one by the clock', () => {
    let c = fresh();
    c = step(c, { type: 'acknowledge' });
    c = step(c, { type: 'start_investigation' });
    const soon = new Date(Date.parse(c.history.at(-1)!.at) + 60_000);
    expect(deadlineOutcomes(c, c.history, soon)).toEqual({
      ack: { outcome: 'on_time', dueAt: c.ackBy, doneAt: c.history[1]!.at },
      investigate: { outcome: 'open', dueAt: c.investigateBy },
      resolve: { outcome: 'open', dueAt: c.resolveBy },
    });
    // Long after every deadline, with nothing more done: both open ones are late.
    const later = new Date(Date.parse(c.resolveBy) + 86_400_000);
    expect(Object.values(deadlineOutcomes(c, c.history, later)).map((o) => o.outcome)).toEqual(['on_time', 'late', 'late']);
    // Acknowledged after its deadline.
    const tardy = { ...c, ackBy: new Date(Date.parse(c.history[1]!.at) - 1).toISOString() };
    expect(deadlineOutcomes(tardy, c.history, soon).ack.outcome).toBe('late');
  });

  it('takes a rejection as the end of every step, and judges an appealed complaint by its second handling only', () => {
    const rejected = step(fresh(), { type: 'reject', reason: 'no such order' });
    expect(Object.values(deadlineOutcomes(rejected, rejected.history, new Date(Date.parse(rejected.resolveBy) + 1))).map((o) => o.outcome)).toEqual(['on_time', 'on_time', 'on_time']);
    const appealed = step(rejected, { type: 'appeal', reason: 'there is: HK123' });
    const now = new Date(Date.parse(appealed.appeal!.at) + 60_000);
    // The first handling's steps are before the appeal: the fresh deadlines are still open.
    expect(Object.values(deadlineOutcomes(appealed, appealed.history, now)).map((o) => o.outcome)).toEqual(['open', 'open', 'open']);
  });
});
