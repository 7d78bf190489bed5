import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComplaintRecordSchema, type ComplaintEvent } from '../../src/contracts/complaint.js';
import { ComplaintRuleError, TRANSITIONS, applyEvent, reassignComplaint } from '../../src/complaints/index.js';
import { MONDAY_10, defaultConfig, fresh } from './fixtures.js';

const actor = fc.constantFrom('alice', 'bob', 'supervisor:li', 'bot:web', 'system', 'customer:wang');
const event: fc.Arbitrary<ComplaintEvent> = fc.oneof(
  fc.constant<ComplaintEvent>({ type: 'acknowledge' }),
  fc.option(fc.constantFrom('bob', 'carol'), { nil: undefined }).map((owner): ComplaintEvent => (owner ? { type: 'start_investigation', owner } : { type: 'start_investigation' })),
  fc.record({ type: fc.constantFrom('refund', 'apology', 'compensation', 'replacement'), amount: fc.integer({ min: 0, max: 200_000 }) })
    .map(({ type, amount }): ComplaintEvent => ({ type: 'propose_solution', resolution: { type: type as 'refund', detail: 'x', amount } })),
  fc.constant<ComplaintEvent>({ type: 'request_approval' }),
  fc.constant<ComplaintEvent>({ type: 'approve' }),
  fc.constant<ComplaintEvent>({ type: 'decline_approval', reason: 'no' }),
  fc.constant<ComplaintEvent>({ type: 'resolve' }),
  fc.constant<ComplaintEvent>({ type: 'close', satisfaction: { score: 3 } }),
  fc.constant<ComplaintEvent>({ type: 'reject', reason: 'invalid' }),
  fc.constant<ComplaintEvent>({ type: 'appeal', reason: 'unfair' }),
);
const step = fc.oneof(
  { weight: 9, arbitrary: fc.record({ kind: fc.constant('event' as const), event, actor }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reassign' as const), to: fc.constantFrom('alice', 'bob', 'dave', 'queue:quality', 'bot:web', 'customer:wang'), actor }) },
);

describe('lifecycle properties', () => {
  it('any sequence of events keeps a valid record: only table moves, an owner, an append-only history', () => {
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, major) => {
      let record = fresh({ severity: major ? 'major' : 'normal' });
      steps.forEach((s, i) => {
        const now = new Date(MONDAY_10.getTime() + (i + 1) * 3600_000);
        const before = record;
        try {
          record = s.kind === 'event'
            ? applyEvent(record, s.event, { actor: s.actor, channel: 'slack', now, config: defaultConfig })
            : reassignComplaint(record, s.to, 'rebalancing', { actor: s.actor, channel: 'slack', now });
        } catch (error) {
          // A refusal is a domain error and leaves the record as it was.
          expect(error).toBeInstanceOf(ComplaintRuleError);
          expect(record).toBe(before);
          return;
        }
        expect(record.history.slice(0, before.history.length)).toEqual(before.history);
        expect(record.history.length).toBe(before.history.length + 1);
        if (s.kind === 'event') expect(TRANSITIONS[before.status][s.event.type]).toBe(record.status);
        else expect(record.status).toBe(before.status);
        expect(record.owner.length).toBeGreaterThan(0);
        expect(record.owner === 'system' || record.owner.startsWith('bot:') || record.owner.startsWith('customer:')).toBe(false);
        if (record.status === 'resolved' && record.resolution && before.status === 'approved') expect(record.resolution.approvedBy).toBeDefined();
        expect(ComplaintRecordSchema.safeParse(record).success).toBe(true);
      });
    }), { numRuns: 300 });
  });
});
