import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactMatches, createStoreDesk } from '../../src/bot/store-desk.js';
import type { ComplaintDesk } from '../../src/bot/ports.js';
import type { Store } from '../../src/store/index.js';
import { harnesses } from '../store/backends.js';
import { triageResult } from './fixtures.js';

const NOW = new Date('2026-11-23T02:00:00Z');

describe.each(harnesses())('the store-backed complaint desk on $name', (backend) => {
  let store: Store;
  let desk: ComplaintDesk;
  beforeAll(async () => {
    if (backend.skip) return;
    store = await backend.open();
    desk = createStoreDesk(store, { clock: () => NOW });
  });
  afterAll(async () => {
    if (backend.skip) return;
    await store.close();
    await backend.cleanup();
  });

  it.skipIf(backend.skip)('lodges with every fact, the contact and the desired-resolution detail, owned by the bot queue', async () => {
    const triage = triageResult({ category: 'delivery', intent: 'replacement' });
    const lodged = await desk.lodge({
      locale: 'zh-Hant', story: '包裹沒送到。\n等了一個禮拜。', triage,
      facts: [{ key: 'order_number', value: 'HK12345678', confirmed: true }, { key: 'phone', value: '0912345678', confirmed: true }],
      contact: { kind: 'phone', value: '0912345678' }, desiredResolution: 'other', desiredResolutionDetail: '週末重送', conversationId: 'conv-1',
    });
    const record = await store.complaints.require(lodged.id);
    expect(lodged).toEqual({ id: record.id, owner: 'queue:web_chat', replyBy: record.ackBy, severity: 'normal' });
    expect(record).toMatchObject({ subject: '包裹沒送到。', description: '包裹沒送到。\n等了一個禮拜。', category: 'delivery', customer: { phone: '0912345678' }, desiredResolution: 'other' });
    expect(record.facts.map((f) => f.key)).toEqual(['order_number', 'phone', 'desired_resolution_detail']);
    expect(record.history.find((h) => h.event === 'intake_conversation')?.detail).toMatchObject({ conversationId: 'conv-1' });
    expect(Date.parse(record.ackBy)).toBeGreaterThan(NOW.getTime());

    expect(await desk.status(lodged.id, { kind: 'phone', value: '0912-345-678' })).toMatchObject({ id: lodged.id, status: 'received', nextDeadlineKind: 'ack', nextDeadline: record.ackBy });
    expect(await desk.status(lodged.id, { kind: 'phone', value: '0987654321' })).toBeNull();
    expect(await desk.status(lodged.id, { kind: 'email', value: 'someone@example.com' })).toBeNull();
    expect(await desk.status('C-20991231-0001', { kind: 'phone', value: '0912345678' })).toBeNull();
  });

  it.skipIf(backend.skip)('a handoff is a major complaint owned by supervisors, with a handoff event even when nothing was told', async () => {
    const ticket = await desk.requestHandoff({ locale: 'en', reason: 'customer_request', story: '', facts: [], conversationId: 'conv-2' });
    const record = await store.complaints.require(ticket.complaintId);
    expect(record).toMatchObject({ severity: 'major', owner: 'queue:supervisors', category: 'other' });
    expect(ticket.contactBy).toBe(record.ackBy);
    expect(record.history.find((h) => h.event === 'handoff_requested')?.detail).toMatchObject({ conversationId: 'conv-2', reason: 'customer_request' });
  });

  it.skipIf(backend.skip)('satisfaction closes a resolved complaint; an appeal goes to a different owner with fresh deadlines', async () => {
    const { id } = await desk.lodge({
      locale: 'en', story: 'Charged twice.', triage: triageResult({ category: 'billing' }), facts: [],
      contact: { kind: 'email', value: 'me@example.com' }, desiredResolution: 'refund', conversationId: 'conv-3',
    });
    const agent = { actor: 'agent:li', channel: 'slack' as const, now: NOW };
    await store.complaints.transition(id, { type: 'acknowledge' }, agent);
    await store.complaints.transition(id, { type: 'start_investigation' }, agent);
    await store.complaints.transition(id, { type: 'propose_solution', resolution: { type: 'explanation', detail: 'A pre-authorisation.' } }, agent);
    await store.complaints.transition(id, { type: 'resolve' }, agent);
    await desk.recordSatisfaction(id, 2, 'Not convinced');
    expect(await store.complaints.require(id)).toMatchObject({ status: 'closed', satisfaction: { score: 2, comment: 'Not convinced' } });
    const appeal = await desk.appeal(id, 'The second charge is still on my card.');
    const record = await store.complaints.require(id);
    expect(appeal).toEqual({ id, owner: 'queue:appeals', replyBy: record.ackBy });
    expect(record).toMatchObject({ status: 'appealed', owner: 'queue:appeals', appeal: { previousOwner: 'agent:li' } });
    expect(await desk.status(id, { kind: 'email', value: 'ME@example.com' })).toMatchObject({ status: 'appealed', owner: 'queue:appeals' });
    // A second appeal is refused by the lifecycle, with the reason.
    await expect(desk.appeal(id, 'again')).rejects.toThrow(/is "appealed"/);
  });
});

describe('contactMatches', () => {
  it('compares phones by digits and emails case-insensitively, never an empty detail', () => {
    expect(contactMatches({ phone: '+86 138-0013-8000' }, { kind: 'phone', value: '+8613800138000' })).toBe(true);
    expect(contactMatches({ phone: '138' }, { kind: 'phone', value: '138' })).toBe(false);
    expect(contactMatches({}, { kind: 'phone', value: '13800138000' })).toBe(false);
    expect(contactMatches({ email: 'A@B.com' }, { kind: 'email', value: 'a@b.com' })).toBe(true);
    expect(contactMatches({ phone: '13800138000' }, { kind: 'email', value: '13800138000' })).toBe(false);
  });
});

describe('a failing follow-up write after create', () => {
  it('warns but returns the lodged complaint, so the customer is not asked to lodge it again', async () => {
    const backend = harnesses()[0]!;
    const store = await backend.open();
    try {
      const broken: Store = { ...store, backend: store.backend, complaints: store.complaints, botStorage: store.botStorage, close: () => store.close(),
        transcripts: { ...store.transcripts, linkConversation: async () => { throw new Error('disk I/O error'); } } };
      const warnings: string[] = [];
      const desk = createStoreDesk(broken, { clock: () => NOW, warn: (m) => warnings.push(m) });
      const lodged = await desk.lodge({
        locale: 'en', story: 'Broken lid.', triage: triageResult(), facts: [], contact: { kind: 'email', value: 'a@b.com' }, desiredResolution: 'repair', conversationId: 'c',
      });
      expect(await store.complaints.count()).toBe(1);
      expect(lodged.id).toMatch(/^C-\d{8}-\d{4}$/);
      expect(warnings[0]).toMatch(new RegExp(`complaint ${lodged.id} \\(received\\) is stored, but .*disk I/O error`));
    } finally {
      await store.close();
      await backend.cleanup();
    }
  });
});
