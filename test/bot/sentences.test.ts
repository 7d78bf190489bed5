/**
 * Issue 15's examples, each as the customer typed it, in its language, through
 * the real dialogs (DialogTestClient): values inside sentences, dates as dates,
 * names, wanted outcomes with changes of mind, requests anywhere in a sentence,
 * the customer's script, endings and hand-overs, empathy that fits. Replies are
 * compared with the wording files, never with copied strings.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/contracts/complaint.js';
import { LodgeDialog } from '../../src/bot/dialogs/lodge.js';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { fillTemplate } from '../../src/bot/wording.js';
import { buttonsOf, cardItems, data, harness, scriptedTriage, triageResult, words, type Harness } from './fixtures.js';

/** The clock: Wednesday 2 December 2026, 10:00 in Shanghai. */
const DEC_2 = new Date('2026-12-02T02:00:00Z');

/** Tells a story and ends it, so the next reply is the first question (or the hand-over). */
async function tell(h: Harness, story: string, done: string): Promise<string[]> {
  await h.say(story);
  return h.texts(done);
}

const productStory = triageResult({ category: 'product_quality', emotion: { label: 'frustration', intensity: 0.5 } });
const deliveryStory = triageResult({ category: 'delivery', emotion: { label: 'frustration', intensity: 0.5 } });

describe('values with words around them are taken at the question that asked for them', () => {
  const cases: Array<{ locale: Locale; answer: string; order?: string }> = [
    { locale: 'en', answer: 'receipt no 55128873', order: '55128873' },
    { locale: 'en', answer: "it's HK73920115", order: 'HK73920115' },
    { locale: 'zh-Hans', answer: '订单号是HK61009912', order: 'HK61009912' },
    { locale: 'en', answer: "not JD20261128, it's HK20261128", order: 'HK20261128' },
  ];
  it.each(cases)('order reference: "$answer" ($locale)', async ({ locale, answer, order }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    const asked = await tell(h, locale === 'en' ? 'My blender stopped working after a day.' : '我的搅拌机用了一天就坏了。', locale === 'en' ? "that's all" : '就这些');
    expect(asked[1]).toBe(w.facts.affected!.ask);
    await h.say(locale === 'en' ? 'the blender' : '搅拌机');
    await h.say(locale === 'en' ? 'yesterday' : '昨天');
    // The order number is taken from the sentence; the next question is the contact, not the order again.
    expect(await h.texts(answer)).toEqual([w.facts.contact!.ask]);
    expect(h.sent().filter((t) => t === w.facts.order_number!.retry)).toEqual([]);
    await h.say(locale === 'en' ? 'me@example.com' : '13800138000');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.repair.label);
    expect(h.desk.complaints[0]!.facts.find((f) => f.key === 'order_number')?.value).toBe(order);
  });

  it.each([
    { locale: 'en' as Locale, answer: 'order number HK20261125', when: '3 days ago' },
    { locale: 'zh-Hant' as Locale, answer: '單號 HK20261125', when: '上個禮拜六' },
  ])('an order number sent at the date question goes to its own fact and is not taken as the date: "$answer" ($locale)', async ({ locale, answer, when }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, locale === 'en' ? 'My blender stopped working after a day.' : '我部攪拌機用咗一日就壞咗。', locale === 'en' ? "that's all" : '講完');
    await h.say(locale === 'en' ? 'the blender' : '攪拌機');
    // Asked when; the customer sends the order number instead: kept as the order, and "when" is asked
    // again plainly (the answer was understood, so no "for example…" retry).
    expect(await h.texts(answer)).toEqual([w.facts.when!.ask]);
    expect(await h.texts(when)).toEqual([w.facts.contact!.ask]);
    await h.say(locale === 'en' ? 'me@example.com' : '91234567');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.repair.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts).toMatchObject({ order_number: 'HK20261125', when });
  });

  it.each([
    // A bare "Sam Lee," is not read as a name at the order question, so the name is asked for at the end.
    { locale: 'en' as Locale, answer: 'Sam Lee, 07700 900123', order: 'HK73920115', phone: '07700900123', name: 'Sam Lee', nameAsked: true },
    { locale: 'zh-Hans' as Locale, answer: '我叫王芳，电话13957112468', order: '订单号HK61009912', phone: '13957112468', name: '王芳', nameAsked: false },
  ])('a phone sent at the order question is kept and the order is asked again without "that doesn\'t look like…" ($locale)', async ({ locale, answer, order, phone, name, nameAsked }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, locale === 'en' ? 'My blender stopped working after a day.' : '我的搅拌机用了一天就坏了。', locale === 'en' ? "that's all" : '就这些');
    await h.say(locale === 'en' ? 'the blender' : '搅拌机');
    expect(await h.texts(locale === 'en' ? 'yesterday' : '昨天')).toEqual([w.facts.order_number!.ask]);
    expect(await h.texts(answer)).toEqual([w.facts.order_number!.ask]);
    // The contact came with that answer: it is not asked for again.
    const next = await h.texts(order);
    expect(next).not.toContain(w.facts.contact!.ask);
    expect(next).not.toContain(w.facts.order_number!.retry);
    if (nameAsked) {
      expect(next).toEqual([w.facts.name!.ask]);
      await h.say(name);
    }
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.repair.label);
    const complaint = h.desk.complaints[0]!;
    expect(complaint.name).toBe(name);
    expect(complaint.contact).toEqual({ kind: 'phone', value: phone });
    expect(complaint.facts.find((f) => f.key === 'order_number')?.value).toBe(order.replace('订单号', ''));
  });

  it.each([
    { locale: 'zh-Hans' as Locale, answer: '订单号HK38820156，电话18922223333', affected: '订单号HK38820156', phone: '18922223333' },
    { locale: 'en' as Locale, answer: 'the kettle, and my number is 07700 900123', affected: 'the kettle', phone: '07700900123' },
  ])('a phone given with "what was affected" goes to the contact, not into the affected item ($locale)', async ({ locale, answer, affected, phone }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    const asked = await tell(h, locale === 'en' ? 'It stopped working after a day.' : '用了一天就坏了。', locale === 'en' ? "that's all" : '就这些');
    expect(asked.at(-1)).toBe(w.facts.affected!.ask);
    await h.say(answer);
    await h.say(locale === 'en' ? 'yesterday' : '昨天');
    await h.say(locale === 'en' ? 'HK73920115' : 'HK73920115');
    await h.say(locale === 'en' ? 'Sam Lee' : '王芳');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.repair.label);
    const complaint = h.desk.complaints[0]!;
    expect(complaint.facts.find((f) => f.key === 'affected')?.value).toBe(affected);
    expect(complaint.contact).toEqual({ kind: 'phone', value: phone });
  });

  const contacts: Array<{ locale: Locale; answer: string; phone?: string; email?: string }> = [
    { locale: 'en', answer: 'ring me on 07700 900461', phone: '07700900461' },
    { locale: 'en', answer: 'Email is priya.raman@example.com please.', email: 'priya.raman@example.com' },
    { locale: 'zh-Hans', answer: '手机13957112468', phone: '13957112468' },
    { locale: 'zh-Hant', answer: '電郵 chan.taiman@example.com.hk，或者打 9123 4567', phone: '91234567', email: 'chan.taiman@example.com.hk' },
  ];
  it.each(contacts)('contact: "$answer" ($locale)', async ({ locale, answer, phone, email }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ category: 'other' })) });
    await h.say(w.menu.lodge.label);
    await tell(h, locale === 'en' ? 'The shop was closed during its opening hours.' : locale === 'zh-Hans' ? '门店营业时间却关着门。' : '門市營業時間卻關著門。', locale === 'en' ? "that's all" : locale === 'zh-Hans' ? '就这些' : '說完了');
    await h.say(locale === 'en' ? 'the shop on Main Street' : locale === 'zh-Hans' ? '中山路门店' : '信義門市');
    expect(await h.texts(locale === 'en' ? 'last Saturday' : locale === 'zh-Hans' ? '上周六' : '上週六')).toEqual([w.facts.contact!.ask]);
    const readBack = await h.say(answer);
    // No re-ask: the read-back comes next, with every contact detail given.
    expect(readBack[1]!.text).toBe(w.readback.intro);
    const values = cardItems(readBack[0]).map((i) => i.value);
    for (const v of [phone, email]) if (v) expect(values).toContain(v);
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.explanation.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect({ phone: facts.phone, email: facts.email }).toEqual({ phone, email });
  });

  it('several values in one message: an order number and a phone at the order question fill both (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, 'The toaster burns one side only.', "that's all");
    await h.say('the toaster');
    await h.say('on Monday');
    const readBack = await h.say('Order HK55501234, and you can ring me on 07700 900461. This is Priya Raman.');
    // Nothing left to ask: the read-back holds the order, the phone and the name.
    expect(readBack[1]!.text).toBe(w.readback.intro);
    expect(cardItems(readBack[0]).map((i) => i.value)).toEqual(expect.arrayContaining(['HK55501234', '07700900461', 'Priya Raman']));
  });

  it('"I don\'t have an order number" and "help" at that question offer where and when it was bought, or skip (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, 'The kettle lid snapped off.', "that's all");
    await h.say('the kettle');
    await h.say('last Friday');
    const offer = await h.say("I don't have an order number");
    expect(offer[0]!.text).toBe(w.facts.order_number!.without);
    expect(buttonsOf(offer[0])).toEqual([w.facts.order_number!.skip!.label]);
    expect(await h.texts('Argos in Leeds, about three weeks ago')).toEqual([w.facts.contact!.ask]);
    await h.say('Sam Taylor, sam@example.com');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.replacement.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts.purchase).toBe('Argos in Leeds, about three weeks ago');
    expect(facts.order_number).toBeUndefined();

    const helped = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await helped.say(w.menu.lodge.label);
    await tell(helped, 'The kettle lid snapped off.', "that's all");
    await helped.say('the kettle');
    await helped.say('last Friday');
    expect((await helped.say('help'))[0]!.text).toBe(w.facts.order_number!.without);
    // Skip goes on without it.
    expect(await helped.texts(w.facts.order_number!.skip!.label)).toEqual([w.facts.contact!.ask]);
  });
});

describe('dates are dates, and the right one', () => {
  it('"12月1日晚上發生的，明天就去找消保官": the incident is 1 December, not the threat for tomorrow (zh-Hant)', async () => {
    const w = words('zh-Hant');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'other' })), now: DEC_2 });
    await h.say(w.menu.lodge.label);
    const asked = await tell(h, '店員態度很差。12月1日晚上發生的，明天就去找消保官', '說完了');
    // When is not asked: the story said it.
    expect(asked[1]).not.toBe(w.facts.when!.ask);
    await h.say('信義門市的店員');
    const readBack = await h.say('0912345678');
    expect(cardItems(readBack[0]).find((i) => i.title === w.facts.when!.label)?.value).toContain('12月1日晚上');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.apology.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts).toMatchObject({ when: '12月1日晚上', incident_date: '2026-12-01' });
  });

  it('a kettle that "sparked this morning", bought on 20 November: the incident is today (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory), now: DEC_2 });
    await h.say(w.menu.lodge.label);
    const asked = await tell(h, 'My kettle sparked and tripped the fuse this morning. I bought it on 20 November.', "that's all");
    expect(asked[1]).toBe(w.facts.affected!.ask);
    await h.say('the kettle');
    await h.say('HK12312312');
    await h.say('kim@example.com');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.refund.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts).toMatchObject({ when: 'this morning', incident_date: '2026-12-02' });
  });

  it('"had it barely 2 weeks" is a length of time, not a date: when is asked, and "3 weeks ago" resolves (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory), now: DEC_2 });
    await h.say(w.menu.lodge.label);
    await tell(h, 'I had it barely 2 weeks and the handle came off.', "that's all");
    expect(await h.texts('the frying pan')).toEqual([w.facts.when!.ask]);
    await h.say('3 weeks ago');
    await h.say('HK12312312');
    await h.say('kim@example.com');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.replacement.label);
    const facts = Object.fromEntries(h.desk.complaints[0]!.facts.map((f) => [f.key, f.value]));
    expect(facts).toMatchObject({ when: '3 weeks ago', incident_date: '2026-11-11' });
  });

  it('"上个月" and "昨天晚上" resolve against the conversation\'s clock (zh-Hans)', async () => {
    const w = words('zh-Hans');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hans', category: 'other' })), now: DEC_2 });
    await h.say(w.menu.lodge.label);
    await tell(h, '客服电话一直没人接。', '就这些');
    await h.say('客服热线');
    await h.say('上个月');
    await h.say('13800138000');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.explanation.label);
    expect(h.desk.complaints[0]!.facts.find((f) => f.key === 'incident_date')?.value).toBe('2026-11-01/2026-11-30');
  });
});

describe('who', () => {
  it.each([
    { locale: 'zh-Hans' as const, story: '我姓王，买的耳机左边没声音。', name: '王' },
    { locale: 'en' as const, story: 'Hi, this is Priya Raman. My headphones lost sound on the left.', name: 'Priya Raman' },
    { locale: 'zh-Hans' as const, story: '我姓林，耳机左边没有声音了。', name: '林' },
  ])('a name in the story is recorded and the contact question does not ask for it ($name)', async ({ locale, story, name }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, story, locale === 'en' ? "that's all" : '就这些');
    await h.say(locale === 'en' ? 'my headphones' : '耳机');
    await h.say(locale === 'en' ? 'yesterday' : '昨天');
    expect(await h.texts('HK12312312')).toEqual([w.facts.contact!.askNameKnown]);
    await h.say(locale === 'en' ? 'a@example.com' : '13800138000');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.repair.label);
    expect(h.desk.complaints[0]!.name).toBe(name);
  });

  it('asks for the name with the contact details when it is missing, and takes both from one answer (zh-Hant, Hong Kong)', async () => {
    const w = data.variants.hongKong;
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'other' })), locale: 'zh-HK' });
    await h.say(w.menu.lodge.label);
    await tell(h, '分店職員態度好差。', '講完');
    await h.say('旺角分店');
    expect(await h.texts('上個禮拜六')).toEqual([w.facts.contact!.ask]);
    await h.say('陳太，電話 9123 4567');
    await h.say('啱晒');
    await h.say(w.resolution.choices.apology.label);
    expect(h.desk.complaints[0]).toMatchObject({ name: '陳太', contact: { kind: 'phone', value: '91234567' } });
  });
});

describe('what they want, including changes of mind', () => {
  it.each([
    { locale: 'zh-Hans' as const, said: '不要退款了，重新给我发一台就行', wanted: ['replacement'] },
    { locale: 'zh-Hans' as const, said: '还是换货吧…不用退款了', wanted: ['replacement'] },
    { locale: 'en' as const, said: 'full refund. and someone pays for my floor', wanted: ['refund', 'compensation'] },
    { locale: 'zh-Hant' as const, said: '退返多收嗰$380俾我', wanted: ['refund'] },
  ])('"$said" records $wanted and says it back', async ({ locale, said, wanted }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ category: 'other', intent: 'refund' })) });
    await h.say(w.menu.lodge.label);
    await tell(h, locale === 'en' ? 'The dishwasher flooded my kitchen.' : '洗碗机漏水。', locale === 'en' ? "that's all" : '就这些');
    await h.say(locale === 'en' ? 'the dishwasher' : '洗碗机');
    await h.say(locale === 'en' ? 'yesterday' : '昨天');
    await h.say(locale === 'en' ? 'a@example.com' : '13800138000');
    await h.say(w.readback.confirm.label);
    const recorded = await h.texts(said);
    console.log(JSON.stringify(h.sent().slice(-8)), JSON.stringify(h.desk.complaints[0]));
    const complaint = h.desk.complaints[0]!;
    expect(complaint.desiredResolutions).toEqual(wanted);
    expect(complaint.desiredResolution).toBe(wanted[0]);
    // The closing message says what they asked for.
    const spoken = h.sent().slice(-2).join(' ');
    const sw = locale === 'zh-Hant' ? words('zh-Hant') : words(locale);
    for (const o of wanted) expect(recorded.join(' ') + spoken).toContain(sw.resolution.said[o as keyof typeof sw.resolution.said]);
  });

  it('an outcome said in the story is read back and not asked again; a change of mind at the read-back replaces it (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say(w.menu.lodge.label);
    await tell(h, 'The blender motor burnt out. I want a refund.', "that's all");
    await h.say('the blender');
    await h.say('yesterday');
    await h.say('HK12312312');
    const readBack = await h.say('a@example.com');
    expect(cardItems(readBack[0]).find((i) => i.title === w.readback.resolution)?.value).toBe(w.resolution.said.refund);
    const updated = await h.say("actually I'd rather have a replacement, not a refund");
    expect(updated[0]!.text).toBe(w.readback.updated);
    expect(cardItems(updated[1]).find((i) => i.title === w.readback.resolution)?.value).toBe(w.resolution.said.replacement);
    const recorded = await h.texts(w.readback.confirm.label);
    expect(recorded[0]).toContain(fillTemplate(w.record.wanted, { wanted: w.resolution.said.replacement }));
    expect(h.desk.complaints[0]!.desiredResolutions).toEqual(['replacement']);
  });

  it('an escalated complaint records the wanted outcome too', async () => {
    const triage = scriptedTriage(triageResult({ intent: 'refund', emotion: { label: 'anger', intensity: 0.9 }, escalate: { value: true, reasons: ['regulator', 'repeat'] } }));
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('This is the THIRD time I am writing. I want a full refund and compensation or I go to Trading Standards.');
    await h.say("that's all");
    expect(h.desk.handoffs[0]!.desiredResolutions).toEqual(['refund', 'compensation']);
    expect(h.desk.handoffs[0]!.escalationReasons).toEqual(['regulator', 'repeat']);
    // Nothing was read back: the facts are not marked confirmed.
    expect(h.desk.handoffs[0]!.facts.every((f) => !f.confirmed)).toBe(true);
  });
});

describe('interruptions anywhere in a sentence', () => {
  it('"This is going round in circles. Can I talk to a real person please?" at the address question hands over (en)', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(deliveryStory) });
    const w = words('en');
    await h.say('My parcel never came.');
    await h.say("that's all");
    await h.say('the parcel');
    await h.say('last week');
    expect(await h.texts('HK11112222')).toEqual([w.facts.delivery_address!.ask]);
    await h.say('This is going round in circles. Can I talk to a real person please?');
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]!.reason).toBe('customer_request');
    expect(h.desk.handoffs[0]!.facts.find((f) => f.key === 'delivery_address')).toBeUndefined();
  });

  it('"算了，跟机器说不清楚，麻烦帮我转人工客服" at the order question hands over (zh-Hans)', async () => {
    const w = words('zh-Hans');
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say('吹风机用了两次就不热了。');
    await h.say('就这些');
    await h.say('吹风机');
    expect(await h.texts('上周')).toEqual([w.facts.order_number!.ask]);
    const replies = await h.texts('算了，跟机器说不清楚，麻烦帮我转人工客服');
    expect(h.desk.handoffs).toHaveLength(1);
    expect(replies).not.toContain(w.facts.order_number!.retry);
  });

  it('"actually, cancel. I\'ll call instead" cancels; "can you cancel this please" never becomes a complaint (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say('The fridge is noisy.');
    await h.say("that's all");
    expect(await h.texts("actually, cancel. I'll call instead")).toEqual([w.cancel.done]);
    expect(h.desk.complaints).toHaveLength(0);

    const first = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    await first.say('hello');
    expect(await first.texts('can you cancel this please')).toEqual([w.cancel.done]);
    const fresh = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    expect(await fresh.texts('can you cancel this please')).toEqual([w.closing.goodbye]);
    expect(fresh.desk.complaints).toHaveLength(0);
  });
});

describe('staying in the customer\'s script', () => {
  it('a Hong Kong customer typing "啱晒" at the read-back gets Traditional replies and buttons, in Hong Kong words', async () => {
    const hk = data.variants.hongKong;
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'other' })), locale: 'zh-HK' });
    expect(await h.texts(hk.menu.lodge.label)).toEqual([hk.listen.ask]);
    await tell(h, '部冷氣機壞咗三日都冇人嚟整。', '講完');
    await h.say('冷氣機');
    await h.say('琴日');
    await h.say('9123 4567');
    const resolution = await h.say('啱晒');
    expect(resolution[0]!.text).toBe(hk.resolution.ask);
    expect(buttonsOf(resolution[0])).toContain(hk.resolution.choices.repair.label);
    const recorded = await h.texts(hk.resolution.choices.repair.label);
    // 投訴, not Taiwan's 申訴.
    expect(recorded.join('')).toContain('投訴');
    expect(recorded.join('')).not.toContain('申訴');
  });

  it('"冇問題，全部正確" confirms, and Cantonese is answered in Hong Kong words; a Taiwan customer keeps 申訴', async () => {
    const w = words('zh-Hant');
    const hk = data.variants.hongKong;
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'other' })), locale: 'zh-TW' });
    await h.say(w.menu.lodge.label);
    await tell(h, '門市的店員很不客氣。', '說完了');
    await h.say('信義門市');
    await h.say('上週六');
    await h.say('0912345678');
    expect((await h.say('冇問題，全部正確'))[0]!.text).toBe(hk.resolution.ask);
    expect((await h.texts('道歉')).join('')).toContain('投訴');

    const tw = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: 'zh-Hant', category: 'other' })), locale: 'zh-TW' });
    await tw.say(w.menu.lodge.label);
    await tell(tw, '門市的店員很不客氣。', '說完了');
    await tw.say('信義門市');
    await tw.say('上週六');
    await tw.say('0912345678');
    // "對" alone is a shared character: the conversation stays in Taiwan's Traditional.
    expect((await tw.say('對'))[0]!.text).toBe(w.resolution.ask);
    const recorded = (await tw.texts('道歉')).join('');
    expect(recorded).toContain('申訴');
    expect(recorded).not.toContain('投訴');
  });
});

describe('endings and hand-overs', () => {
  it('"thanks, bye" after the reference ends politely; no new complaint starts (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say('The lamp flickers.');
    await h.say("that's all");
    await h.say('the lamp');
    await h.say('yesterday');
    await h.say('HK12312312');
    await h.say('a@example.com');
    await h.say(w.readback.confirm.label);
    await h.say(w.resolution.choices.replacement.label);
    expect(await h.texts('thanks, bye')).toEqual([w.closing.goodbye]);
    expect(h.desk.complaints).toHaveLength(1);
    expect(h.client.dialogContext.stack).toHaveLength(0);
  });

  it.each([
    { locale: 'en' as const, end: "That's everything, thank you." },
    { locale: 'zh-Hant' as const, end: '大概就是這樣' },
    { locale: 'zh-Hant' as const, end: '講完' },
  ])('"$end" ends the listening at once', async ({ locale, end }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ category: 'other' })) });
    await h.say(w.menu.lodge.label);
    await h.say(locale === 'en' ? 'The courier threw my parcel over the fence.' : '速遞員把包裹丟過圍欄。');
    const replies = await h.texts(end);
    expect(replies[1]).toBe(w.facts.affected!.ask);
  });

  it('a safety hand-over gives the safety advice first and asks for a way to reach them (acknowledgements: handler-store.test.ts) (en)', async () => {
    const w = words('en');
    const triage = scriptedTriage(triageResult({ emotion: { label: 'anxiety', intensity: 0.8 }, escalate: { value: true, reasons: ['safety'] } }));
    const h = harness((sv) => new MainDialog(sv), { triage });
    await h.say('My heater started smoking and there is a burning smell.');
    const handed = await h.texts("that's all");
    expect(handed[0]).toContain(w.empathy.safety);
    expect(handed[1]!.startsWith(w.handoff.safety)).toBe(true);
    expect(handed[1]!.endsWith(w.handoff.askContact)).toBe(true);
  });

  it('"hi" mid-conversation does not repeat the intro and privacy notice (zh-Hans)', async () => {
    const w = words('zh-Hans');
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(productStory) });
    await h.say('你好');
    await h.say(w.menu.lodge.label);
    await tell(h, '电饭煲煮饭会糊。', '就这些');
    expect(await h.texts('你好')).toEqual([w.greeting.hello, w.facts.affected!.ask]);
    expect(h.sent().filter((t) => t === w.greeting.intro)).toHaveLength(1);
    expect(h.sent().filter((t) => t === w.greeting.privacy)).toHaveLength(1);
  });
});

describe('empathy that fits', () => {
  it('a customer who never chased anything is not told "having to chase it"; one who did is (en, zh-Hans)', async () => {
    for (const locale of ['en', 'zh-Hans'] as const) {
      const w = words(locale);
      const once = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ emotion: { label: 'frustration', intensity: 0.5 } })) });
      await once.say(w.menu.lodge.label);
      const first = await tell(once, locale === 'en' ? 'The app logs me out.' : '应用总是把我登出。', locale === 'en' ? "that's all" : '就这些');
      expect(first[0]).toContain(w.empathy.frustration.mid);
      expect(first[0]).not.toContain(w.empathy.repeat);
    }
  });

  it('a customer who felt disrespected hears respect, not "thank you for explaining" (en)', async () => {
    const w = words('en');
    const triage = scriptedTriage(triageResult({ emotion: { label: 'neutral', intensity: 0.2 }, motive: { label: 'respect', confidence: 0.8 } }));
    const h = harness((sv) => new LodgeDialog(sv), { triage });
    await h.say(w.menu.lodge.label);
    const replies = await tell(h, 'The manager talked down to me in front of other customers.', "that's all");
    expect(replies[0]).toContain(w.empathy.respect);
    expect(replies[0]).not.toContain(w.empathy.neutral.low);
  });

  it('😡😡😡 with a cracked microwave door reads as anger, not a nuisance (en)', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ emotion: { label: 'neutral', intensity: 0 } })) });
    await h.say(w.menu.lodge.label);
    const replies = await tell(h, '😡😡😡 the microwave door is cracked', "that's all");
    expect(replies[0]).toContain(w.empathy.anger.high);
    expect(Object.values(w.empathy.frustration).some((line) => replies[0]!.includes(line))).toBe(false);
  });
});

describe('small things', () => {
  it('the read-back card puts each label on its own line, labels the story "What happened", and quotes the customer apart', async () => {
    const w = words('en');
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ category: 'other', entities: [{ type: 'email', value: 'a@example.com', start: 0, end: 1 }] })) });
    await h.say(w.menu.lodge.label);
    await tell(h, 'The shop refused my voucher.', "that's all");
    await h.say('the voucher');
    await h.say('yesterday');
    const readBack = await h.say('Alex Moreno');
    const card = readBack[0]!.attachments![0]!.content as { body: Array<{ type: string; items?: Array<{ text: string; wrap: boolean; id?: string }> }> };
    const containers = card.body.filter((b) => b.type === 'Container');
    expect(containers[0]!.items![0]!.text).toBe(w.readback.story);
    for (const c of containers) {
      expect(c.items![0]!.wrap).toBe(true);
      expect(c.items![1]!.id).toMatch(/^customer-words-/);
    }
  });
});
