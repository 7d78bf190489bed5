import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/contracts/complaint.js';
import { LodgeDialog } from '../../src/bot/dialogs/lodge.js';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { LISTEN_TIMEOUT_EVENT } from '../../src/contracts/chat.js';
import { fillTemplate } from '../../src/bot/wording.js';
import { buttonsOf, cardItems, harness, scriptedTriage, triageResult, words } from './fixtures.js';
import { SCRIPTS } from './scripts.js';

const LOCALES: Locale[] = ['en', 'zh-Hans', 'zh-Hant'];
/** The reply-by date 2026-11-24T10:00Z as each locale writes it in Asia/Shanghai. */
const REPLY_BY: Record<Locale, string> = { en: 'Tuesday, 24 November 2026', 'zh-Hans': '2026年11月24日星期二', 'zh-Hant': '2026年11月24日 星期二' };

const angryDelivery = triageResult({ category: 'delivery', intent: 'replacement', emotion: { label: 'anger', intensity: 0.8 } });

describe.each(LOCALES)('lodging a complaint in %s', (locale) => {
  const s = SCRIPTS[locale];
  const w = words(locale);

  it('greets, listens without interrupting, empathises once, asks every missing fact, reads back and records it all', async () => {
    const triage = scriptedTriage(angryDelivery);
    const h = harness((sv) => new MainDialog(sv), { triage });

    const greeting = await h.say(s.hello);
    expect(greeting.map((r) => r.text)).toEqual([w.greeting.intro, w.greeting.privacy, w.greeting.choose]);
    expect(buttonsOf(greeting[2])).toEqual([w.menu.lodge.label, w.menu.status.label, w.menu.human.label]);

    expect(await h.texts(w.menu.lodge.label)).toEqual([w.listen.ask]);
    // Listening: two story messages get no reply at all.
    expect(await h.say(s.story[0])).toEqual([]);
    expect(await h.say(s.story[1])).toEqual([]);

    const afterStory = await h.texts(s.done);
    expect(triage.stories).toEqual([`${s.story[0]}\n${s.story[1]}`]);
    expect(afterStory).toHaveLength(2);
    expect(afterStory[0]).toContain(w.empathy.anger.high);
    expect(afterStory[0]).toContain(w.empathy.apology);
    expect(afterStory[1]).toBe(w.facts.affected!.ask);

    expect(await h.texts(s.affected)).toEqual([w.facts.when!.ask]);
    expect(await h.texts(s.when)).toEqual([w.facts.order_number!.ask]);
    expect(await h.texts(s.badOrder)).toEqual([w.facts.order_number!.retry]);
    expect(await h.texts(s.order)).toEqual([w.facts.delivery_address!.ask]);
    // The name is asked with the contact details.
    expect(await h.texts(s.address)).toEqual([w.facts.contact!.ask]);
    expect(await h.texts(s.badContact)).toEqual([w.facts.contact!.retry]);

    const readBack = await h.say(s.contact);
    const facts = cardItems(readBack[0]);
    expect(facts.map((f) => f.value)).toEqual([`${s.story[0]}\n${s.story[1]}`, s.affected, expect.stringContaining(s.when), s.order, s.address, s.contact]);
    expect(facts[0]!.title).toBe(w.readback.story);
    expect(facts.map((f) => f.title)).toContain(w.facts.delivery_address!.label);
    expect(readBack[1]!.text).toBe(w.readback.intro);
    expect(buttonsOf(readBack[1])[0]).toBe(w.readback.confirm.label);

    const resolution = await h.say(w.readback.confirm.label);
    expect(resolution[0]!.text).toBe(w.resolution.ask);
    // The triage guess (replacement) comes first; "other" stays last.
    expect(buttonsOf(resolution[0])).toEqual(['replacement', 'refund', 'repair', 'compensation', 'apology', 'explanation', 'other']
      .map((k) => w.resolution.choices[k as keyof typeof w.resolution.choices].label));

    const recorded = await h.texts(w.resolution.choices.refund.label);
    expect(h.desk.complaints).toHaveLength(1);
    // One apology for the whole conversation, not one per message.
    expect(h.sent().filter((t) => t.includes(w.empathy.apology))).toHaveLength(1);
    const complaint = h.desk.complaints[0]!;
    expect(recorded[0]).toContain(complaint.id);
    expect(recorded[0]).toContain(w.record.owners.default);
    expect(recorded[0]).toContain(REPLY_BY[locale]);
    expect(recorded[1]).toBe(w.closing.done);
    // The closing message, word for word, is linked to the complaint with the promised date.
    expect(h.desk.closingMessages).toEqual([expect.objectContaining({ complaintId: complaint.id, text: recorded[0], promisedBy: '2026-11-24T10:00:00.000Z', kind: 'lodged' })]);
    expect(complaint).toMatchObject({
      locale, story: `${s.story[0]}\n${s.story[1]}`, desiredResolution: 'refund',
      contact: locale === 'en' ? { kind: 'email', value: s.contact } : { kind: 'phone', value: s.contact },
    });
    expect(Object.fromEntries(complaint.facts.map((f) => [f.key, f.value]))).toEqual({
      affected: s.affected, when: s.when, incident_date: '2026-11-16', order_number: s.order, delivery_address: s.address,
      [locale === 'en' ? 'email' : 'phone']: s.contact,
    });
    expect(complaint.facts.every((f) => f.confirmed)).toBe(true);
  });

  it('takes the order number, the date and the phone from the story, asks only what is missing, and reads them back', async () => {
    const triage = scriptedTriage(triageResult({
      category: 'delivery', emotion: { label: 'frustration', intensity: 0.5 },
      entities: [{ type: 'product', value: 'kettle', start: 0, end: 6 }],
    }));
    const h = harness((sv) => new LodgeDialog(sv), { triage });
    // The first message starts the flow, as the "make a complaint" button does.
    expect(await h.texts(w.menu.lodge.label)).toEqual([w.listen.ask]);
    await h.say(s.storyWithValues);
    const afterStory = await h.texts(s.done);
    expect(afterStory[0]).toContain(w.empathy.frustration.mid);
    // Only the delivery address was not in the story.
    expect(afterStory[1]).toBe(w.facts.delivery_address!.ask);
    // The phone came with the story, so the name is asked once on its own.
    expect(await h.texts(s.address)).toEqual([w.facts.name!.ask]);
    const readBack = await h.say(s.name);
    const values = cardItems(readBack[0]).map((f) => f.value);
    expect(values).toEqual(expect.arrayContaining([s.storyWithValues, 'kettle', 'HK87654321', s.address, '13800138000', s.nameAs]));
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.replacement.label);
    const recorded = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(recorded).toMatchObject({
      affected: 'kettle', incident_date: '2026-11-20', order_number: 'HK87654321', delivery_address: s.address, phone: '13800138000',
    });
    expect(recorded.when).toMatch(/20/);
    expect(h.client.dialogTurnResult.status).toBe('complete');
    expect(h.client.dialogTurnResult.result).toEqual({ complaintId: h.desk.complaints[0]!.id });
  });

  it('lets the customer correct an item at read-back, re-validating the new value', async () => {
    const triage = scriptedTriage(triageResult({ category: 'delivery', entities: [{ type: 'order_number', value: 'HK11112222', start: 0, end: 10 }] }));
    const h = harness((sv) => new LodgeDialog(sv), { triage });
    await h.say(w.menu.lodge.label);
    await h.say(`${s.story[0]} HK11112222 a@example.com`);
    // The order number also names what was affected, so only when and where are asked.
    expect((await h.texts(s.done))[1]).toBe(w.facts.when!.ask);
    expect(await h.texts(s.when)).toEqual([w.facts.delivery_address!.ask]);
    expect(await h.texts(s.address)).toEqual([w.facts.name!.ask]);
    const first = await h.say(s.name);
    const changeOrder = fillTemplate(w.readback.change, { label: w.facts.order_number!.label });
    expect(buttonsOf(first[1])).toContain(changeOrder);
    expect(await h.texts(changeOrder)).toEqual([fillTemplate(w.readback.newValue, { label: w.facts.order_number!.label })]);
    expect(await h.texts(s.badOrder)).toEqual([w.facts.order_number!.retry]);
    const updated = await h.say('HK99990000');
    expect(updated[0]!.text).toBe(w.readback.updated);
    expect(JSON.stringify(updated[1]!.attachments![0]!.content)).toContain('HK99990000');
    // The customer may also type just the item's label.
    expect(await h.texts(w.facts.delivery_address!.label)).toEqual([fillTemplate(w.readback.newValue, { label: w.facts.delivery_address!.label })]);
    await h.say(s.newAddress);
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.refund.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts).toMatchObject({ order_number: 'HK99990000', delivery_address: s.newAddress, email: 'a@example.com' });
  });

  it('re-prompts helpfully for a bill month and for an unclear resolution, and takes "other" in the customer\'s words', async () => {
    const triage = scriptedTriage(triageResult({ category: 'billing', intent: 'explanation', emotion: { label: 'anxiety', intensity: 0.2 } }));
    const h = harness((sv) => new LodgeDialog(sv), { triage });
    await h.say(w.menu.lodge.label);
    await h.say(s.story[0]);
    expect((await h.texts(s.done))[0]).toContain(w.empathy.anxiety.low);
    await h.say(s.affected);
    expect(await h.texts(s.when)).toEqual([w.facts.bill_period!.ask]);
    expect(await h.texts(s.badBillMonth)).toEqual([w.facts.bill_period!.retry]);
    expect(await h.texts(s.billMonth)).toEqual([w.facts.contact!.ask]);
    await h.say(s.contact);
    const resolution = await h.say(w.readback.confirm.label);
    expect(buttonsOf(resolution[0])[0]).toBe(w.resolution.choices.explanation.label);
    expect(await h.texts('???!')).toEqual([w.resolution.retry]);
    expect(await h.texts(w.resolution.choices.other.label)).toEqual([w.resolution.other]);
    await h.say(s.otherResolution);
    expect(h.desk.complaints[0]).toMatchObject({ desiredResolution: 'other', desiredResolutionDetail: s.otherResolution });
    expect(h.desk.complaints[0]!.facts.find((f) => f.key === 'bill_period')!.value).toBe('2026-10');
  });

  it('ends listening on a done signal inside the last message, or on the pause event', async () => {
    const triage = scriptedTriage(triageResult());
    const h = harness((sv) => new LodgeDialog(sv), { triage });
    await h.say(w.menu.lodge.label);
    await h.say(s.story[0]);
    const replies = await h.texts(s.storyWithDone);
    expect(replies[1]).toBe(w.facts.affected!.ask);
    expect(triage.stories[0]).toBe(`${s.story[0]}\n${s.storyWithDoneRest}`);

    const paused = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult()) });
    await paused.say(w.menu.lodge.label);
    // The pause with nothing told yet changes nothing; after a message it ends the story.
    expect(await paused.say({ type: 'event', name: LISTEN_TIMEOUT_EVENT })).toEqual([]);
    expect(await paused.say(s.story[1])).toEqual([]);
    const after = await paused.texts({ type: 'event', name: LISTEN_TIMEOUT_EVENT });
    expect(after[1]).toBe(w.facts.affected!.ask);
  });

  it('keeps everything and offers a retry when recording fails', async () => {
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ entities: [{ type: 'phone', value: '13800138000', start: 0, end: 1 }] })) });
    await h.say(w.menu.lodge.label);
    await h.say(s.story[0]);
    await h.say(s.done);
    await h.say(s.affected);
    expect(await h.texts(s.when)).toEqual([w.facts.name!.ask]);
    await h.say(s.name);
    await h.say(w.readback.confirm.label);
    h.desk.failNextLodge = true;
    const failed = await h.say(w.resolution.choices.apology.label);
    expect(failed[0]!.text).toBe(w.record.failed);
    expect(buttonsOf(failed[0])).toEqual([w.record.retry.label]);
    expect(h.logger.errors[0]!.message).toMatch(/recording a complaint failed/);
    const ok = await h.texts(w.record.retry.label);
    expect(ok[0]).toContain(h.desk.complaints[0]!.id);
    expect(h.desk.complaints[0]).toMatchObject({ story: s.story[0], desiredResolution: 'apology' });
  });
});

describe('language follows the customer', () => {
  it('switches from English to Simplified and then Traditional Chinese mid-conversation', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triageResult()) });
    // Starting to tell straight away skips the menu and keeps that message.
    expect(await h.texts('My kettle leaks')).toEqual([words('en').help.listening]);
    const replies = await h.texts('就这些');
    expect(replies[0]).toContain(words('zh-Hans').empathy.apology);
    expect(replies[1]).toBe(words('zh-Hans').facts.affected!.ask);
    // A reply with no language signal keeps the current language.
    expect(await h.texts('HK12345678')).toEqual([words('zh-Hans').facts.when!.ask]);
    // A short message in the shared characters keeps the script; a Traditional sentence switches it.
    expect(await h.texts('上週一，打電話過去都沒有人接')).toEqual([words('zh-Hant').facts.contact!.ask]);
    // The retry after a switch is in the new language too.
    expect(await h.texts('no idea what you mean')).toEqual([words('en').facts.contact!.retry]);
  });

  it('uses the channel locale for the greeting before the customer has typed anything', async () => {
    const h = harness((sv) => new MainDialog(sv), { locale: 'zh-TW' });
    const replies = await h.texts({ type: 'conversationUpdate' });
    expect(replies).toEqual([words('zh-Hant').greeting.intro, words('zh-Hant').greeting.privacy, words('zh-Hant').greeting.choose]);
  });
});

describe('answers inside sentences', () => {
  it('takes a resolution named inside a sentence, but not a "yes" inside a correction at read-back', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ entities: [{ type: 'phone', value: '13800138000', start: 0, end: 1 }] })) });
    await h.say(w.menu.lodge.label);
    await h.say('The lid of my kettle broke off.');
    await h.say("that's all");
    await h.say('my kettle');
    expect(await h.texts('yesterday')).toEqual([w.facts.name!.ask]);
    // Not giving a name is fine: it is not asked again.
    const readBack = await h.texts('rather not say');
    expect(readBack).toEqual([w.readback.intro]);
    expect(await h.texts('yes but the date is wrong')).toEqual([w.readback.whichRetry]);
    await h.say('yes');
    await h.say("I'd really like a replacement please");
    expect(h.desk.complaints[0]!.desiredResolution).toBe('replacement');
  });
});
