import { describe, expect, it } from 'vitest';
import { ComplaintRecordSchema } from '../../src/contracts/complaint.js';
import { ComplaintDraftError, amendComplaint, newComplaint } from '../../src/complaints/index.js';
import { MONDAY_10, defaultConfig, draft, fresh, recordIn } from './fixtures.js';

describe('newComplaint', () => {
  it('numbers, routes, queues, sets deadlines and logs receipt', () => {
    const record = fresh({ category: 'billing' });
    expect(ComplaintRecordSchema.safeParse(record).success).toBe(true);
    expect(record).toMatchObject({
      id: 'C-20261123-0007', department: 'billing', owner: 'queue:billing', status: 'received', version: 1,
      severity: 'normal', desiredResolution: 'other', facts: [], description: '快递三天没到,客服也不回。',
      ackBy: '2026-11-25T10:00:00.000Z', createdAt: MONDAY_10.toISOString(),
    });
    expect(record.history).toEqual([{ at: MONDAY_10.toISOString(), actor: 'bot:web', channel: 'web_chat', event: 'received', to: 'received', detail: { department: 'billing', owner: 'queue:billing' } }]);
  });

  it('keeps a known first responder as owner', () => {
    expect(newComplaint(draft({ channel: 'phone', owner: 'agent:zhang' }), { now: MONDAY_10, config: defaultConfig, sequence: 1, actor: 'agent:zhang' }).owner).toBe('agent:zhang');
  });

  it('refuses an invalid draft with every problem listed', () => {
    let error: ComplaintDraftError | undefined;
    try {
      newComplaint({ ...draft(), description: '', category: 'weather' as never }, { now: MONDAY_10, config: defaultConfig, sequence: 1, actor: 'x' });
    } catch (e) { error = e as ComplaintDraftError; }
    expect(error).toBeInstanceOf(ComplaintDraftError);
    expect(error!.message).toMatch(/nothing was stored/);
    expect(error!.issues.some((i) => i.startsWith('description'))).toBe(true);
    expect(error!.issues.some((i) => i.startsWith('category'))).toBe(true);
  });
});

describe('amendComplaint', () => {
  const ctx = { actor: 'alice', channel: 'slack' as const, now: new Date(MONDAY_10.getTime() + 3600_000), config: defaultConfig };
  it('re-routes a new category and logs what changed', () => {
    const amended = amendComplaint(fresh(), { category: 'billing' }, ctx);
    expect(amended.department).toBe('billing');
    expect(amended.owner).toBe('queue:billing');
    expect(amended.history.at(-1)).toMatchObject({ event: 'amend', detail: { fields: ['category'], before: { category: 'delivery' }, department: { from: 'logistics', to: 'billing' } } });
  });
  it('escalating to major tightens deadlines; downgrading never loosens them', () => {
    const major = amendComplaint(fresh(), { severity: 'major' }, ctx);
    // Escalated at 11:00 local: acknowledged within two hours.
    expect(major.ackBy).toBe('2026-11-23T05:00:00.000Z');
    const back = amendComplaint(major, { severity: 'normal' }, ctx);
    expect(back.ackBy).toBe('2026-11-23T05:00:00.000Z');
  });
  it('refuses to edit lifecycle fields or the customer\'s words, and closed complaints', () => {
    expect(() => amendComplaint(fresh(), { status: 'closed' } as never, ctx)).toThrow(/cannot change status by amending/);
    expect(() => amendComplaint(fresh(), { description: 'nicer words' } as never, ctx)).toThrow(/cannot change description/);
    expect(() => amendComplaint(recordIn('closed'), { subject: 'x' }, ctx)).toThrow(/closed complaint/);
  });
  it('returns the same record when nothing changes', () => {
    const record = fresh();
    expect(amendComplaint(record, { subject: record.subject }, ctx)).toBe(record);
  });
});
