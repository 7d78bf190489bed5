import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHearkenBot, type HearkenBot } from '../../src/bot/index.js';
import { conversationOf } from '../../src/complaints/index.js';
import { LISTEN_TIMEOUT_EVENT } from '../../src/contracts/chat.js';
import { createComplaintDesk } from '../../src/desk/complaint-desk.js';
import { fillTemplate } from '../../src/bot/wording.js';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { postgresHarness } from '../store/backends.js';
import { RecordingLogger, scriptedTriage, triageResult, words } from './fixtures.js';
import { SCRIPTS } from './scripts.js';

// A Monday morning in Shanghai, so deadlines fall on working days.
const NOW = new Date('2026-11-23T02:00:00Z');
const guard = loadGuardFromDir();

interface Rig { store: Store; bot: HearkenBot; adapter: TestAdapter; logger: RecordingLogger; say(input: string | Partial<Activity>): Promise<Activity[]>; drain(): Activity[] }

let dir: string;
let stores: Store[] = [];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hearken-bot-')); });
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rig(options: { triage: ReturnType<typeof scriptedTriage>; store?: Store; clock?: () => Date }): Promise<Rig> {
  const clock = options.clock ?? (() => NOW);
  const store = options.store ?? await openSqliteStore({ dataDir: dir });
  if (!options.store) stores.push(store);
  const logger = new RecordingLogger();
  let adapter!: TestAdapter;
  const bot = createHearkenBot({
    storage: store.botStorage,
    desk: createComplaintDesk(store, { clock }),
    triage: options.triage,
    guard: (t) => guard.lint(t),
    // TestAdapter has no continueConversation; this does what CloudAdapter's does:
    // a ContinueConversation event addressed by the stored reference.
    host: {
      continueConversation: async (ref, logic) => {
        const activity = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, ref, true);
        await logic(new TurnContext(adapter, activity));
      },
    },
    logger, clock,
  });
  adapter = new TestAdapter(async (ctx) => { await bot.handler.run(ctx); }).use(bot.guardMiddleware);
  const drain = () => adapter.activeQueue.splice(0) as Activity[];
  const say = async (input: string | Partial<Activity>) => {
    await adapter.receiveActivity(typeof input === 'string' ? { type: 'message', text: input } : input);
    return drain();
  };
  return { store, bot, adapter, logger, say, drain };
}

const texts = (activities: Activity[]) => activities.map((a) => a.text).filter((t): t is string => !!t);

describe('the bot handler on the real store (SQLite)', () => {
  it('records a complaint taken in Chinese with every fact, the story, the contact and the transcript', async () => {
    const locale = 'zh-Hans';
    const s = SCRIPTS[locale];
    const w = words(locale);
    const triage = scriptedTriage(triageResult({ lang: locale, category: 'delivery', intent: 'refund', emotion: { label: 'anger', intensity: 0.7 } }));
    const r = await rig({ triage });
    expect(texts(await r.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'User' }], locale: 'zh-CN' }))).toEqual([w.greeting.intro, w.greeting.privacy, w.greeting.choose]);
    expect(texts(await r.say(w.menu.lodge.label))).toEqual([w.listen.ask]);
    expect(await r.say(s.story[0])).toEqual([]);
    expect(await r.say(s.story[1])).toEqual([]);
    await r.say(s.done);
    await r.say(s.affected);
    await r.say(s.when);
    await r.say(s.order);
    await r.say(s.address);
    await r.say(s.contact);
    await r.say(w.readback.confirm.label);
    const done = texts(await r.say(w.resolution.choices.refund.label));

    const [record, ...others] = await r.store.complaints.list();
    expect(others).toHaveLength(0);
    // What they asked for is said back, then the reference, owner and the promised time with its zone.
    expect(done[0]).toBe(fillTemplate(w.record.wanted, { wanted: w.resolution.said.refund }) + fillTemplate(w.record.done, {
      id: record!.id, owner: w.record.owners.default,
      date: `${new Intl.DateTimeFormat('zh-CN', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(new Date(record!.ackBy))} (GMT+8)`,
    }));
    expect(record).toMatchObject({
      channel: 'web_chat', locale, status: 'received', owner: 'queue:web_chat', severity: 'normal', category: 'delivery',
      desiredResolution: 'refund', description: `${s.story[0]}\n${s.story[1]}`, customer: { phone: s.contact },
    });
    expect(Object.fromEntries(record!.facts.map((f) => [f.key, f.value]))).toEqual({
      affected: s.affected, when: s.when, incident_date: '2026-11-16', order_number: s.order, delivery_address: s.address, phone: s.contact,
    });
    expect(record!.triage?.category.label).toBe('delivery');
    expect(record!.history.map((h) => h.event)).toContain('intake_conversation');
    // The conversation that lodged it is linked in the same write (test/server checks its transcript).
    expect(conversationOf(record!)).toBe(r.adapter.conversation.conversation.id);
    expect(r.logger.warnings).toEqual([]);
  });

  it('checks status against the stored contact detail', async () => {
    const w = words('en');
    const r = await rig({ triage: scriptedTriage(triageResult()) });
    const { id } = await createComplaintDesk(r.store, { clock: () => NOW }).lodge({
      locale: 'en', story: 'The heater stopped working.', triage: triageResult(), facts: [], contact: { kind: 'phone', value: '+86 138 0013 8000' },
      desiredResolution: 'repair', conversationId: 'elsewhere',
    });
    expect(texts(await r.say(`Where is my complaint ${id}?`))).toEqual([w.status.askContact]);
    expect(texts(await r.say('13900139000'))).toEqual([w.status.notFound, w.status.askId]);
    await r.say(id);
    const shown = texts(await r.say('8613800138000'));
    expect(shown[0]).toContain(id);
    expect(shown[0]).toContain(w.status.names.received);
  });

  it('keeps a suggestion as feedback in the store, with the contact it gave, and no complaint (zh-Hant)', async () => {
    const locale = 'zh-Hant';
    const w = words(locale);
    const triage = scriptedTriage(triageResult({ lang: locale, kind: 'complaint', category: 'other', motive: { label: 'suggestion', confidence: 0.95 } }));
    const r = await rig({ triage });
    await r.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'User' }], locale: 'zh-TW' });
    const story = '建議你們週末也開放線上客服，平日上班很難打進來。手機 0912345678';
    await r.say(story);
    expect(texts(await r.say('說完了'))).toEqual([`${w.feedback.suggestion}${w.feedback.suggestionNoted}`, w.closing.done]);
    const [kept] = await r.store.feedback.list();
    expect(kept).toMatchObject({ kind: 'suggestion', locale, text: story, customer: { phone: '0912345678' }, createdAt: NOW.toISOString() });
    expect(kept!.conversationId).toBe(r.adapter.conversation.conversation.id);
    expect(kept!.triage?.motive).toEqual({ label: 'suggestion', confidence: 0.95 });
    expect(await r.store.complaints.list()).toEqual([]);
  });

  it('hands an escalation to a person, acknowledges while the customer waits, relays the reply, is quiet once a person talks, and answers again once released', async () => {
    const locale = 'zh-Hant';
    const w = words(locale);
    const triage = scriptedTriage(triageResult({ lang: locale, category: 'product_quality', emotion: { label: 'anger', intensity: 0.95 }, escalate: { value: true, reasons: ['media', 'safety'] } }));
    const r = await rig({ triage });
    await r.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'User' }], locale: 'zh-TW' });
    await r.say('我家的電熱水壺冒煙了，差點起火，我要找記者。');
    const handed = texts(await r.say('說完了'));
    const [record] = await r.store.complaints.list();
    expect(record).toMatchObject({ severity: 'major', owner: 'queue:supervisors', description: '我家的電熱水壺冒煙了，差點起火，我要找記者。' });
    const handoffEvent = record!.history.find((h) => h.event === 'handoff_requested');
    expect(handoffEvent?.detail).toMatchObject({ reason: 'escalation', escalationReasons: ['media', 'safety'] });
    expect(handed).toHaveLength(3);
    expect(handed[2]).toBe(w.handoff.askWant);
    expect(handed[0]).toContain(w.empathy.apology);
    // Safety advice first, then who will contact them and when, then a way to reach them if they leave,
    // and (a product, no order number yet) the order number, asked this once.
    expect(handed[1]!.startsWith(w.handoff.safety)).toBe(true);
    expect(handed[1]).toContain(record!.id);
    expect(handed[1]!.endsWith(`${w.handoff.askContact}${w.handoff.askOrder}`)).toBe(true);

    // While a person has the conversation each message is acknowledged, and the agents' channel is told.
    expect(texts(await r.say('請問主管什麼時候來？'))).toEqual([w.handoff.stillWaiting]);
    expect(texts(await r.say('幫助'))).toEqual([w.handoff.stillWaiting]);
    // A way to reach them, given while they wait, goes onto the complaint.
    expect(texts(await r.say('我要出門了，電話 0912345678'))).toEqual([w.handoff.notedAndWaiting]);
    expect((await r.store.complaints.require(record!.id)).customer.phone).toBe('0912345678');
    // The answer to "what would you like us to do?" (a tapped choice) goes onto the complaint.
    expect(texts(await r.say(w.resolution.choices.repair.label))).toEqual([w.handoff.notedAndWaiting]);
    expect((await r.store.complaints.require(record!.id)).desiredResolutions).toEqual(['repair']);
    // So does an order number or a wanted outcome said later: unconfirmed, nothing was read back.
    expect(texts(await r.say('訂單編號 TW55550000，我只想要退款'))).toEqual([w.handoff.notedAndWaiting]);
    const amended = await r.store.complaints.require(record!.id);
    expect(amended.facts.find((f) => f.key === 'order_number')).toEqual({ key: 'order_number', value: 'TW55550000', confirmed: false });
    expect(amended.desiredResolutions).toEqual(['repair', 'refund']);
    const conversationId = conversationOf(record!)!;
    expect((await r.store.outbox.list({ topic: 'customer_message_during_handoff' })).map((m) => m.payload)).toEqual(
      ['請問主管什麼時候來？', '幫助', '我要出門了，電話 0912345678', w.resolution.choices.repair.label, '訂單編號 TW55550000，我只想要退款'].map((text) => ({ complaintId: record!.id, conversationId, text, at: NOW.toISOString(), locale: 'zh-Hant' })),
    );
    // A person's reply (checked and audited by the desk's agent relay, test/desk) is sent as theirs.
    expect(await r.bot.conversation.sendAgentMessage(conversationId, '您好，我是值班主管陳經理，我現在就來處理。')).toBe('sent');
    expect(r.drain().map((a) => [a.text, (a.channelData as Record<string, unknown> | undefined)?.hearkenRelayed])).toEqual([['您好，我是值班主管陳經理，我現在就來處理。', true]]);
    expect(await r.bot.conversation.sendAgentMessage('no-such-conversation', 'hello')).toBe('unknown_conversation');
    // A person is talking now: the customer's messages reach them without the bot's acknowledgement, details still noted.
    expect(texts(await r.say('好的，謝謝你。我姓黃。'))).toEqual([]);
    expect((await r.store.outbox.list({ topic: 'customer_message_during_handoff' })).map((m) => (m.payload as { text: string }).text).at(-1)).toBe('好的，謝謝你。我姓黃。');
    expect((await r.store.complaints.require(record!.id)).customer.name).toBe('黃');

    expect(await r.bot.conversation.releaseToBot(conversationId)).toBe('sent');
    expect(texts(await r.say('幫助'))).toEqual([w.help.general, w.greeting.choose]);
  });

  it('asks for satisfaction proactively once resolved, and records a low score with an appeal', async () => {
    const locale = 'en';
    const w = words(locale);
    const s = SCRIPTS[locale];
    const r = await rig({ triage: scriptedTriage(triageResult({ category: 'billing', entities: [{ type: 'email', value: 'me@example.com', start: 0, end: 1 }] })) });
    await r.say('I was charged twice for the same bill');
    await r.say(s.done);
    await r.say(s.affected);
    await r.say(s.when);
    await r.say(s.billMonth);
    await r.say(s.name);
    await r.say(w.readback.confirm.label);
    await r.say(w.resolution.choices.refund.label);
    const [lodged] = await r.store.complaints.list();
    // The company works the complaint to resolution.
    const agent = { actor: 'agent:li', channel: 'slack' as const, now: NOW };
    await r.store.complaints.transition(lodged!.id, { type: 'acknowledge' }, agent);
    await r.store.complaints.transition(lodged!.id, { type: 'start_investigation' }, agent);
    await r.store.complaints.transition(lodged!.id, { type: 'propose_solution', resolution: { type: 'explanation', detail: 'The second charge was a pre-authorisation.' } }, agent);
    await r.store.complaints.transition(lodged!.id, { type: 'resolve' }, agent);

    expect(await r.bot.conversation.askSatisfaction(conversationOf(lodged!)!, lodged!.id)).toBe('asked');
    const ask = r.drain();
    expect(ask[0]!.text).toBe(fillTemplate(w.satisfaction.ask, { id: lodged!.id }));
    expect(await r.bot.conversation.askSatisfaction('no-such-conversation', 'C-20991231-0001')).toBe('unknown_conversation');
    await r.say('1');
    expect(texts(await r.say('Nobody explained anything to me.'))).toEqual([w.satisfaction.sorry, w.appeal.offer]);
    // They already said why they are unhappy: the appeal is recorded with it, not asked again.
    const appealed = texts(await r.say(w.appeal.yes.label));
    const record = await r.store.complaints.require(lodged!.id);
    expect(record).toMatchObject({
      status: 'appealed', owner: 'queue:appeals',
      satisfaction: { score: 1, comment: 'Nobody explained anything to me.' },
      appeal: { reason: 'Nobody explained anything to me.', previousOwner: 'agent:li' },
    });
    expect(appealed[0]).toContain(w.record.owners.appeals);
    // The sentence starts with a capital, not with the team's name.
    expect(appealed[0]).toMatch(/^Your appeal is recorded\. Complaint C-/);
  });

  it('waits with the survey while the customer is busy in another flow, and asks once that flow is stale', async () => {
    const w = words('en');
    let now = NOW;
    const r = await rig({ triage: scriptedTriage(triageResult({ entities: [{ type: 'email', value: 'me@example.com', start: 0, end: 1 }] })), clock: () => now });
    await r.say('The lid of my kettle broke.');
    await r.say("that's all");
    await r.say('my kettle');
    await r.say('yesterday');
    await r.say('Sam Okafor');
    await r.say(w.readback.confirm.label);
    await r.say(w.resolution.choices.repair.label);
    const [first] = await r.store.complaints.list();
    // A second complaint is being told right now.
    await r.say(w.menu.lodge.label);
    await r.say('And the toaster sparks.');
    expect(await r.bot.conversation.askSatisfaction(conversationOf(first!)!, first!.id)).toBe('busy');
    expect(r.drain()).toEqual([]);
    now = new Date(NOW.getTime() + 31 * 60_000);
    expect(await r.bot.conversation.askSatisfaction(conversationOf(first!)!, first!.id)).toBe('asked');
    expect(texts(r.drain())).toEqual([fillTemplate(w.satisfaction.ask, { id: first!.id })]);
  });

  it('survives a restart mid-conversation: a new bot on the same database continues where the customer was', async () => {
    const w = words('en');
    const s = SCRIPTS.en;
    const triage = scriptedTriage(triageResult({ category: 'delivery' }));
    const first = await rig({ triage });
    await first.say(s.story[0]);
    await first.say(s.done);
    expect(texts(await first.say(s.affected))).toEqual([w.facts.when!.ask]);
    await first.store.close();
    stores = stores.filter((x) => x !== first.store);

    const reopened = await openSqliteStore({ dataDir: dir });
    stores.push(reopened);
    const second = await rig({ triage, store: reopened });
    expect(texts(await second.say(s.when))).toEqual([w.facts.order_number!.ask]);
  });

  it('a turn that fails tells the customer, keeps the last good state, and the next message retries it', async () => {
    const w = words('en');
    const working = scriptedTriage(triageResult());
    let failures = 1;
    const flaky = Object.assign((text: string) => {
      if (failures-- > 0) throw new Error('model file is being replaced');
      return working(text);
    }, { stories: working.stories });
    const r = await rig({ triage: flaky });
    await r.say('My kettle leaks');
    expect(texts(await r.say("that's all"))).toEqual([w.errors.generic]);
    expect(r.logger.errors[0]!.message).toMatch(/bot turn failed; state not saved/);
    const retried = texts(await r.say("that's all"));
    expect(retried[1]).toBe(w.facts.affected!.ask);
    expect(working.stories).toEqual(['My kettle leaks']);
  });

  it('ends listening when the transport says the customer paused (the transport owns the timer)', async () => {
    const w = words('en');
    const r = await rig({ triage: scriptedTriage(triageResult()) });
    await r.say('My kettle leaks');
    await r.say('It has happened three times');
    expect(r.drain()).toEqual([]);
    const after = texts(await r.say({ type: 'event', name: LISTEN_TIMEOUT_EVENT }));
    expect(after[1]).toBe(w.facts.affected!.ask);
  });
});

// Without DATABASE_URL this is skipped; test/store/backends.ts prints why.
describe.skipIf(!process.env.DATABASE_URL)('the bot handler on PostgreSQL', () => {
  it('records a complaint and survives a restart on the same database', async () => {
    const backend = postgresHarness();
    const w = words('zh-Hant');
    const s = SCRIPTS['zh-Hant'];
    const triage = scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'delivery' }));
    const firstStore = await backend.open();
    try {
      const first = await rig({ triage, store: firstStore });
      await first.say({ type: 'conversationUpdate', membersAdded: [{ id: 'user', name: 'User' }], locale: 'zh-TW' });
      await first.say(w.menu.lodge.label);
      await first.say(s.story[0]);
      await first.say(s.done);
      expect(texts(await first.say(s.affected))).toEqual([w.facts.when!.ask]);
    } finally {
      await firstStore.close();
    }
    const store = await backend.open();
    try {
      const second = await rig({ triage, store });
      expect(texts(await second.say(s.when))).toEqual([w.facts.order_number!.ask]);
      await second.say(s.order);
      await second.say(s.address);
      await second.say(s.contact);
      await second.say(w.readback.confirm.label);
      await second.say(w.resolution.choices.replacement.label);
      const [record] = await store.complaints.list();
      expect(Object.fromEntries(record!.facts.map((f) => [f.key, f.value]))).toEqual({
        affected: s.affected, when: s.when, incident_date: '2026-11-16', order_number: s.order, delivery_address: s.address, phone: s.contact,
      });
      expect(record).toMatchObject({ locale: 'zh-Hant', desiredResolution: 'replacement', description: s.story[0] });
    } finally {
      await store.close();
      await backend.cleanup();
    }
  });
});
