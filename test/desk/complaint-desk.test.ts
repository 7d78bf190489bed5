import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closingMessageOf, conversationOf } from '../../src/complaints/index.js';
import { contactMatches, createComplaintDesk, type ComplaintDesk } from '../../src/desk/complaint-desk.js';
import type { Store } from '../../src/store/index.js';
import { harnesses } from '../store/backends.js';
import { triageResult } from '../bot/fixtures.js';

const NOW = new Date('2026-11-23T02:00:00Z');

describe.each(harnesses())('the complaint desk on $name', (backend) => {
  let store: Store;
  let desk: ComplaintDesk;
  beforeAll(async () => {
    if (backend.skip) return;
    store = await backend.open();
    desk = createComplaintDesk(store, { clock: () => NOW });
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

  it.skipIf(backend.skip)('links the bot\'s closing message to its complaint: the words, the reference and the promised date', async () => {
    const lodged = await desk.lodge({
      locale: 'en', story: 'The parcel never came.', triage: triageResult({ category: 'delivery' }), facts: [],
      contact: { kind: 'email', value: 'a@example.com' }, desiredResolution: 'refund', conversationId: 'conv-close',
    });
    const text = `Your reference is ${lodged.id}; we will reply by Tuesday 24 November.`;
    await desk.recordClosingMessage(lodged.id, { text, promisedBy: lodged.replyBy, kind: 'lodged', conversationId: 'conv-close', activityId: 'conv-close|7' });
    const record = await store.complaints.require(lodged.id);
    expect(closingMessageOf(record)).toEqual({
      text, reference: lodged.id, promisedBy: lodged.replyBy, kind: 'lodged', conversationId: 'conv-close', activityId: 'conv-close|7', at: NOW.toISOString(),
    });
    // A note: the complaint's state does not move.
    expect(record.status).toBe('received');
    await expect(desk.recordClosingMessage('C-20991231-0001', { text, promisedBy: lodged.replyBy, kind: 'lodged', conversationId: 'x' })).rejects.toThrow(/C-20991231-0001/);
  });

  it.skipIf(backend.skip)('a handoff is a major complaint owned by supervisors, with a handoff event even when nothing was told', async () => {
    const ticket = await desk.requestHandoff({ locale: 'en', reason: 'customer_request', story: '', facts: [], conversationId: 'conv-2' });
    const record = await store.complaints.require(ticket.complaintId);
    expect(record).toMatchObject({ severity: 'major', owner: 'queue:supervisors', category: 'other' });
    expect(ticket.contactBy).toBe(record.ackBy);
    expect(record.history.find((h) => h.event === 'handoff_requested')?.detail).toMatchObject({ conversationId: 'conv-2', reason: 'customer_request' });
  });

  it.skipIf(backend.skip)('records a suggestion as feedback, not a complaint: the customer when known, the triage in short, at the desk\'s clock', async () => {
    const before = (await store.complaints.list()).length;
    const triage = triageResult({ kind: 'complaint', category: 'delivery', motive: { label: 'suggestion', confidence: 0.96 } });
    const recorded = await desk.recordFeedback({
      kind: 'suggestion', locale: 'en', text: 'You should add a Sunday delivery slot.', conversationId: 'conv-fb',
      contact: { kind: 'email', value: 'pat@example.com' }, name: 'Pat Lee', triage,
    });
    expect(recorded).toEqual({ id: expect.any(Number), createdAt: NOW.toISOString() });
    const [row] = (await store.feedback.list()).filter((f) => f.id === recorded.id);
    expect(row).toEqual({
      id: recorded.id, conversationId: 'conv-fb', customer: { name: 'Pat Lee', email: 'pat@example.com' }, locale: 'en', kind: 'suggestion',
      text: 'You should add a Sunday delivery slot.', createdAt: NOW.toISOString(),
      triage: { kind: triage.kind, motive: triage.motive, category: { label: 'delivery', confidence: triage.category.confidence }, emotion: triage.emotion },
    });
    // Praise from someone who gave no name or contact: no customer.
    const praise = await desk.recordFeedback({ kind: 'compliment', locale: 'zh-Hans', text: '快递小哥服务很好', conversationId: 'conv-fb2' });
    expect((await store.feedback.list({ kind: 'compliment' })).find((f) => f.id === praise.id)).not.toHaveProperty('customer');
    expect((await store.complaints.list()).length).toBe(before);
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

describe.each(harnesses())('the desk\'s messages for other channels on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    if (backend.skip) return;
    store = await backend.open();
  });
  afterAll(async () => {
    if (backend.skip) return;
    await store.close();
    await backend.cleanup();
  });

  it.skipIf(backend.skip)('queues a hand-over for the agents with the complaint, and a customer\'s message during it in the turn\'s outbox', async () => {
    const turnOutbox: unknown[] = [];
    const desk = createComplaintDesk(store, { clock: () => NOW, turnOutbox: { addOutbox: async (messages) => { turnOutbox.push(...messages); } } });
    const ticket = await desk.requestHandoff({ locale: 'zh-Hans', reason: 'escalation', story: '热水壶冒烟了', facts: [], conversationId: 'conv-h', triage: triageResult({ escalate: { value: true, reasons: ['safety'] } }) });
    const record = await store.complaints.require(ticket.complaintId);
    expect(conversationOf(record)).toBe('conv-h');
    const [handoff] = await store.outbox.list({ topic: 'handoff_requested' });
    expect(handoff!.payload).toEqual({ complaintId: ticket.complaintId, conversationId: 'conv-h', reason: 'escalation', locale: 'zh-Hans', escalationReasons: ['safety'] });
    // The post that opens the agents' thread goes first; the customer's later messages queue behind it.
    expect(handoff!.orderingKey).toBe(`agents:${ticket.complaintId}`);
    await desk.customerWroteDuringHandoff({ complaintId: ticket.complaintId, conversationId: 'conv-h', text: '还要等多久？', at: NOW.toISOString(), locale: 'zh-Hans' });
    expect(turnOutbox).toEqual([{
      topic: 'customer_message_during_handoff', orderingKey: `agents:${ticket.complaintId}`,
      payload: { complaintId: ticket.complaintId, conversationId: 'conv-h', text: '还要等多久？', at: NOW.toISOString(), locale: 'zh-Hans' },
    }]);
    // Without a turn to join, the message goes to the store's outbox on its own.
    await createComplaintDesk(store).customerWroteDuringHandoff({ complaintId: ticket.complaintId, conversationId: 'conv-h', text: '喂？', at: NOW.toISOString(), locale: 'zh-Hans' });
    expect((await store.outbox.list({ topic: 'customer_message_during_handoff' })).map((m) => [(m.payload as { text: string }).text, m.orderingKey])).toEqual([['喂？', `agents:${ticket.complaintId}`]]);
  });

  it.skipIf(backend.skip)('lodges the customer\'s name, both contact details and every wanted outcome', async () => {
    const desk = createComplaintDesk(store, { clock: () => NOW });
    const lodged = await desk.lodge({
      locale: 'en', story: 'The kettle sparked.', triage: triageResult({ category: 'product_quality' }),
      facts: [{ key: 'when', value: 'this morning', confirmed: true }, { key: 'incident_date', value: '2026-11-23', confirmed: true }],
      contact: { kind: 'phone', value: '07700900461' }, alsoContact: { kind: 'email', value: 'priya.raman@example.com' }, name: 'Priya Raman',
      desiredResolution: 'refund', desiredResolutions: ['refund', 'compensation'], conversationId: 'conv-n',
    });
    const record = await store.complaints.require(lodged.id);
    expect(record).toMatchObject({
      customer: { name: 'Priya Raman', phone: '07700900461', email: 'priya.raman@example.com' },
      desiredResolution: 'refund', desiredResolutions: ['refund', 'compensation'],
    });
    expect(record.facts.find((f) => f.key === 'incident_date')?.value).toBe('2026-11-23');
    // Either contact detail proves it is theirs.
    expect(await desk.status(lodged.id, { kind: 'email', value: 'Priya.Raman@example.com' })).not.toBeNull();
  });

  it.skipIf(backend.skip)('an escalated complaint keeps what the customer wants, every reason found, and contact details given later', async () => {
    const desk = createComplaintDesk(store, { clock: () => NOW });
    const triage = triageResult({ intent: 'refund', escalate: { value: true, reasons: ['regulator'] } });
    const ticket = await desk.requestHandoff({
      locale: 'en', reason: 'escalation', story: 'Third time writing. BBC and Trading Standards next.', facts: [{ key: 'order_number', value: 'HK20261128', confirmed: false }],
      triage, name: 'Sam Taylor', desiredResolutions: ['refund', 'compensation'], escalationReasons: ['media', 'repeat'], conversationId: 'conv-e',
    });
    const record = await store.complaints.require(ticket.complaintId);
    expect(record).toMatchObject({ severity: 'major', desiredResolution: 'refund', desiredResolutions: ['refund', 'compensation'], customer: { name: 'Sam Taylor' } });
    expect(record.triage?.escalate.reasons).toEqual(['regulator', 'media', 'repeat']);
    expect(record.facts[0]!.confirmed).toBe(false);
    expect(record.history.find((h) => h.event === 'handoff_requested')?.detail).toMatchObject({ escalationReasons: ['regulator', 'media', 'repeat'] });
    // "If you may leave, how can we reach you?": the answer goes onto the complaint.
    expect(await desk.addCustomerDetails(ticket.complaintId, { phone: '07700900461' })).toBe(true);
    expect(await desk.addCustomerDetails(ticket.complaintId, { phone: '07700900461' })).toBe(false);
    expect((await store.complaints.require(ticket.complaintId)).customer).toEqual({ name: 'Sam Taylor', phone: '07700900461' });
  });
});
