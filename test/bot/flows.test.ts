import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/contracts/complaint.js';
import { LodgeDialog } from '../../src/bot/dialogs/lodge.js';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { SatisfactionDialog } from '../../src/bot/dialogs/satisfaction.js';
import { StatusDialog } from '../../src/bot/dialogs/status.js';
import { fillTemplate } from '../../src/bot/wording.js';
import { storageGuessCounter } from '../../src/bot/status-guesses.js';
import { buttonsOf, channelLocale, data, harness, MemoryDesk, NOW, scriptedTriage, triageResult, words } from './fixtures.js';
import { SCRIPTS } from './scripts.js';

const LOCALES: Locale[] = ['en', 'zh-Hans', 'zh-Hant'];
/** 2026-11-23T04:00Z (the supervisor's contact-by time) in Asia/Shanghai, per locale. */
const NOON: Record<Locale, string> = { en: '12:00', 'zh-Hans': '12:00', 'zh-Hant': '中午12:00' };

async function deskWithComplaint(locale: Locale): Promise<{ desk: MemoryDesk; id: string }> {
  const desk = new MemoryDesk();
  const contact = locale === 'en' ? { kind: 'email' as const, value: SCRIPTS.en.contact } : { kind: 'phone' as const, value: SCRIPTS[locale].contact };
  const { id } = await desk.lodge({
    locale, story: SCRIPTS[locale].story[0], triage: triageResult(), facts: [], contact, desiredResolution: 'refund', conversationId: 'earlier',
  });
  return { desk, id };
}

describe.each(LOCALES)('flows in %s', (locale) => {
  const s = SCRIPTS[locale];
  const w = words(locale);

  describe('status check', () => {
    it('shows status and next deadline only after the contact detail matches', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new MainDialog(sv), { desk });
      expect(await h.texts(s.whereIs(id))).toEqual([w.status.askContact]);
      expect(await h.texts(s.badContact)).toEqual([w.status.contactRetry]);
      const shown = await h.texts(s.contact);
      expect(shown[0]).toContain(id);
      expect(shown[0]).toContain(w.status.names.received);
      expect(shown[0]).toContain(locale === 'en' ? '26 November 2026' : '2026年11月26日');
      expect(shown[1]).toBe(w.closing.done);
    });

    it('never shows a complaint to a wrong contact, and offers a person after repeated failures', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new StatusDialog(sv), { desk });
      expect(await h.texts(w.menu.status.label)).toEqual([w.status.askId]);
      expect(await h.texts('C-123')).toEqual([w.status.idRetry]);
      expect(await h.texts(id)).toEqual([w.status.askContact]);
      const denied = await h.texts(s.wrongContact);
      expect(denied).toEqual([w.status.notFound, w.status.askId]);
      expect(denied.join(' ')).not.toContain(w.status.names.received);
      // A right contact on someone else's id is denied the same way.
      await h.texts('C-20261123-0099');
      expect(await h.texts(s.contact)).toEqual([w.status.notFound, w.status.askId]);
      await h.texts(id);
      expect(await h.texts(s.wrongContact)).toEqual([w.status.tooMany]);
      expect(h.client.dialogTurnResult.result).toEqual({ shown: false });
    });
  });

  describe('handoff', () => {
    it('hands an escalated story to a supervisor at once, with a time, and keeps what was said', async () => {
      const triage = scriptedTriage(triageResult({ category: 'product_quality', emotion: { label: 'anger', intensity: 0.9 }, escalate: { value: true, reasons: ['media'] } }));
      const h = harness((sv) => new MainDialog(sv), { triage });
      await h.say(s.story[0]);
      const replies = await h.texts(s.done);
      // Empathy, the hand-over, and (nobody knows yet what they want) the question of what would put it right.
      expect(replies).toEqual([expect.any(String), expect.any(String), w.handoff.askWant]);
      expect(replies[0]).toBe(w.empathy.anger.high + (locale === 'en' ? ' ' : '') + w.empathy.apology);
      expect(replies[1]).toContain(h.desk.handoffs[0]!.complaintId);
      expect(replies[1]).toContain(NOON[locale]);
      expect(replies[1]!.startsWith(w.handoff.escalation.slice(0, 6))).toBe(true);
      expect(h.desk.handoffs[0]).toMatchObject({ reason: 'escalation', story: s.story[0], locale });
      expect(h.desk.closingMessages).toEqual([expect.objectContaining({ complaintId: h.desk.handoffs[0]!.complaintId, text: replies[1], kind: 'handoff', promisedBy: '2026-11-23T04:00:00.000Z' })]);
      expect(h.desk.complaints).toHaveLength(0);
      expect((await h.stored()).hearkenHandoff).toMatchObject({ active: true, complaintId: h.desk.handoffs[0]!.complaintId });
    });

    it('hands over when the customer asks for a person mid-flow, passing the facts so far', async () => {
      const triage = scriptedTriage(triageResult({ category: 'delivery' }));
      const h = harness((sv) => new MainDialog(sv), { triage });
      await h.say(s.hello);
      await h.say(w.menu.lodge.label);
      await h.say(s.story[0]);
      await h.say(s.done);
      await h.say(s.affected);
      const replies = await h.texts(s.human);
      expect(replies).toEqual([expect.any(String), w.handoff.askWant]);
      expect(replies[0]).toContain(h.desk.handoffs[0]!.complaintId);
      expect(replies[0]!.startsWith(w.handoff.request.slice(0, 4))).toBe(true);
      expect(h.desk.handoffs[0]).toMatchObject({ reason: 'customer_request', story: s.story[0] });
      // Nothing was read back yet: the facts go to the person as heard, not confirmed.
      expect(h.desk.handoffs[0]!.facts).toEqual([{ key: 'affected', value: s.affected, confirmed: false }]);
      expect(h.client.dialogContext.stack).toHaveLength(0);
    });

    it('hands over from the menu button, with nothing told yet', async () => {
      const h = harness((sv) => new MainDialog(sv));
      await h.say(s.hello);
      const replies = await h.texts(w.menu.human.label);
      expect(replies[0]).toContain(h.desk.handoffs[0]!.complaintId);
      expect(h.desk.handoffs[0]).toMatchObject({ reason: 'customer_request', story: '', facts: [] });
    });
  });

  describe('interruptions', () => {
    it('help while listening explains how to finish without re-asking; help at a question repeats it', async () => {
      const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triageResult({ category: 'delivery' })) });
      await h.say(s.hello);
      await h.say(w.menu.lodge.label);
      await h.say(s.story[0]);
      expect(await h.texts(s.help)).toEqual([w.help.listening]);
      await h.say(s.done);
      expect(await h.texts(s.help)).toEqual([w.help.general, w.facts.affected!.ask]);
      // The story kept going: help was not added to it.
      await h.say(s.affected);
      await h.say(s.when);
      await h.say(s.order);
      await h.say(s.address);
      await h.say(s.contact);
      await h.say(w.readback.confirm.label);
      await h.say(w.resolution.choices.refund.label);
      expect(h.desk.complaints[0]!.story).toBe(s.story[0]);
    });

    it('cancel stops cleanly and records nothing', async () => {
      const h = harness((sv) => new MainDialog(sv));
      await h.say(s.hello);
      await h.say(w.menu.lodge.label);
      await h.say(s.story[0]);
      await h.say(s.done);
      expect(await h.texts(s.cancel)).toEqual([w.cancel.done]);
      expect(h.client.dialogContext.stack).toHaveLength(0);
      expect(h.desk.complaints).toHaveLength(0);
      expect(h.desk.handoffs).toHaveLength(0);
      // The next message starts afresh at the menu, without the whole intro again.
      expect(await h.texts(s.hello)).toEqual([w.greeting.again]);
    });

    it('start over goes back to the menu from deep inside a flow', async () => {
      const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triageResult({ category: 'billing' })) });
      await h.say(s.hello);
      await h.say(w.menu.lodge.label);
      await h.say(s.story[0]);
      await h.say(s.done);
      await h.say(s.affected);
      expect(await h.texts(s.startOver)).toEqual([w.startOver.done, w.greeting.choose]);
      expect(await h.texts(w.menu.lodge.label)).toEqual([w.listen.ask]);
    });

    it('start over inside a single flow restarts that flow', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new StatusDialog(sv), { desk, options: { complaintId: id }, locale: channelLocale(locale) });
      expect(await h.texts(w.menu.status.label)).toEqual([w.status.askContact]);
      expect(await h.texts(s.startOver)).toEqual([w.startOver.done, w.status.askId]);
    });
  });

  describe('satisfaction and appeal', () => {
    it('a high score with a comment is recorded and thanked, with no appeal offered', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new SatisfactionDialog(sv), { desk, options: { complaintId: id }, locale: channelLocale(locale) });
      const ask = await h.say({ type: 'event', name: 'survey' });
      expect(ask[0]!.text).toBe(fillTemplate(w.satisfaction.ask, { id }));
      expect(buttonsOf(ask[0])).toEqual(w.satisfaction.scores);
      expect(await h.texts('9')).toEqual([w.satisfaction.retry]);
      expect(await h.texts(w.satisfaction.scores[4]!)).toEqual([w.satisfaction.askComment]);
      expect(await h.texts(s.comment)).toEqual([w.satisfaction.thanks]);
      expect(desk.complaints[0]!.satisfaction).toEqual({ score: 5, comment: s.comment });
      expect(h.client.dialogTurnResult.result).toEqual({ score: 5, comment: s.comment, appealed: false });
    });

    it('a low score is met with an apology and the offer of an appeal, which is recorded with its reason', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new SatisfactionDialog(sv), { desk, options: { complaintId: id }, locale: channelLocale(locale) });
      await h.say({ type: 'event', name: 'survey' });
      expect(await h.texts(locale === 'en' ? '1' : '一分')).toEqual([w.satisfaction.askComment]);
      expect(await h.texts(w.satisfaction.skip.label)).toEqual([w.satisfaction.sorry, w.appeal.offer]);
      expect(await h.texts(w.appeal.yes.label)).toEqual([w.appeal.askReason]);
      const done = await h.texts(s.appealReason);
      expect(done[0]).toContain(id);
      expect(done[0]).toContain(locale === 'en' ? '30 November 2026' : '2026年11月30日');
      expect(desk.complaints[0]).toMatchObject({ satisfaction: { score: 1, comment: undefined }, appeal: s.appealReason, status: 'appealed' });
      expect(h.client.dialogTurnResult.result).toEqual({ score: 1, appealed: true });
    });

    it('a low score can decline the appeal', async () => {
      const { desk, id } = await deskWithComplaint(locale);
      const h = harness((sv) => new SatisfactionDialog(sv), { desk, options: { complaintId: id }, locale: channelLocale(locale) });
      await h.say({ type: 'event', name: 'survey' });
      await h.say('2');
      await h.say(s.comment);
      expect(await h.texts('??')).toEqual([w.appeal.choiceRetry]);
      expect(await h.texts(w.appeal.no.label)).toEqual([w.appeal.declined]);
      expect(desk.complaints[0]!.appeal).toBeUndefined();
      expect(desk.complaints[0]!.satisfaction).toEqual({ score: 2, comment: s.comment });
    });
  });
});

describe('lodge flow when started directly', () => {
  it('an empty done signal asks for the story again instead of recording nothing', async () => {
    const h = harness((sv) => new LodgeDialog(sv));
    await h.say(words('en').menu.lodge.label);
    expect(await h.texts("that's all")).toEqual([words('en').listen.askAgain]);
  });
});

describe('a request for a person inside a story', () => {
  it('is story while listening, but a request when it is the whole message or comes at a question', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult()) });
    await h.say(w.menu.lodge.label);
    expect(await h.say('I asked to talk to a person at the shop and they refused.')).toEqual([]);
    expect(h.desk.handoffs).toHaveLength(0);
    await h.say("that's all");
    const replies = await h.texts('can I talk to a person please');
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]!.story).toBe('I asked to talk to a person at the shop and they refused.');
    expect(replies[0]).toContain(h.desk.handoffs[0]!.complaintId);
  });
});

describe('a greeting followed by a request', () => {
  it.each([
    ['en', 'Hi, make a complaint', 'lodge'],
    ['zh-Hans', '你好，我要投诉', 'lodge'],
    ['zh-Hant', '您好，我要轉人工', 'human'],
  ] as const)('%s: "%s" goes straight to %s', async (locale, text, route) => {
    const w = words(locale);
    const h = harness((sv) => new MainDialog(sv), { locale: channelLocale(locale) });
    const replies = await h.texts(text);
    if (route === 'lodge') expect(replies).toEqual([w.listen.ask]);
    else expect(h.desk.handoffs).toHaveLength(1);
  });

  it('a story that starts with a greeting keeps the story without it', async () => {
    const triage = scriptedTriage(triageResult());
    const h = harness((sv) => new MainDialog(sv), { triage });
    expect(await h.texts('Hello, my washing machine floods the kitchen')).toEqual([words('en').help.listening]);
    await h.say("that's all");
    expect(triage.stories).toEqual(['my washing machine floods the kitchen']);
  });
});

describe('asking for a person as the first message', () => {
  it('a short request hands over; a story that mentions one is told', async () => {
    const request = harness((sv) => new MainDialog(sv));
    await request.say('can I talk to a human please');
    expect(request.desk.handoffs).toHaveLength(1);
    const story = harness((sv) => new MainDialog(sv));
    expect(await story.texts('I asked to talk to a person at the shop on Friday and they just refused to help me')).toEqual([words('en').help.listening]);
    expect(story.desk.handoffs).toHaveLength(0);
    const zh = harness((sv) => new MainDialog(sv));
    expect(await zh.texts('上周五我在门店说要找你们经理，店员直接拒绝了，还让我自己回家等电话')).toEqual([words('zh-Hans').help.listening]);
  });
});

describe('guessing contact details', () => {
  it('after too many wrong pairs in one conversation, status checks stop, even after start over', async () => {
    const { desk, id } = await deskWithComplaint('en');
    const w = words('en');
    const h = harness((sv) => new MainDialog(sv), { desk });
    const guesses = ['13900000001', '13900000002', '13900000003', '13900000004', '13900000005', '13900000006'];
    await h.say(`Where is my complaint ${id}?`);
    for (const [i, guess] of guesses.entries()) {
      if (i > 0 && i % 3 === 0) await h.say(`Where is my complaint ${id}?`);
      else if (i > 0) await h.say(id);
      await h.say(guess);
    }
    await h.say('start over');
    // Even the right contact is no longer checked in this conversation.
    expect(await h.texts(`Where is my complaint ${id}?`)).toEqual([w.status.tooMany, w.closing.done]);
    expect((await h.stored()).hearkenStatusFailures).toBe(6);
  });

  it('counts wrong pairs per complaint id across conversations: a new chat does not reset them', async () => {
    const { desk, id } = await deskWithComplaint('en');
    const other = (await desk.lodge({
      locale: 'en', story: SCRIPTS.en.story[0], triage: triageResult(), facts: [], contact: { kind: 'email', value: SCRIPTS.en.contact }, desiredResolution: 'refund', conversationId: 'earlier',
    })).id;
    const w = words('en');
    let now = NOW.getTime();
    const limits = data.flows.status;
    const statusGuesses = storageGuessCounter(new MemoryStorage(), limits.complaintLockHours * 3600_000, () => new Date(now));
    const chat = () => harness((sv) => new MainDialog(sv), { desk, statusGuesses });
    // Two wrong pairs per chat stays under the per-conversation limits; ten chats' worth is not.
    const guessers = Math.ceil(limits.maxFailuresPerComplaint / 2);
    let last = chat();
    for (let c = 0; c < guessers; c++) {
      last = chat();
      for (let g = 0; g < 2; g++) {
        await last.say(`Where is my complaint ${id}?`);
        const reply = await last.texts(`guess${c}-${g}@example.com`);
        // The wrong pair that reaches the limit is told it cannot be matched, and offered a person.
        expect(reply[0]).toBe(c * 2 + g + 1 >= limits.maxFailuresPerComplaint ? w.status.tooMany : w.status.notFound);
      }
    }
    expect(await statusGuesses.failures(id)).toBe(guessers * 2);
    expect(last.logger.warnings.map((x) => x.detail?.complaintId)).toContain(id);
    // The next chat is refused even with the right contact, and nothing about the complaint is shown.
    const owner = chat();
    expect(await owner.texts(`Where is my complaint ${id}?`)).toEqual([w.status.askContact]);
    const refused = await owner.texts(SCRIPTS.en.contact);
    expect(refused[0]).toBe(w.status.tooMany);
    expect(refused.join(' ')).not.toContain(w.status.names.received);
    // Another complaint id is not affected.
    const neighbour = chat();
    await neighbour.say(`Where is my complaint ${other}?`);
    expect((await neighbour.texts(SCRIPTS.en.contact))[0]).toContain(other);
    // Once the window from the first wrong pair has passed, the right contact works again.
    now += limits.complaintLockHours * 3600_000;
    const later = chat();
    await later.say(`Where is my complaint ${id}?`);
    expect((await later.texts(SCRIPTS.en.contact))[0]).toContain(w.status.names.received);
  });
});
