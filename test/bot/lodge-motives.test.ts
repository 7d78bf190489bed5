// Triage's motive (docs/triage.md, "Motive") steers the lodge flow, in every script: a venting
// customer gets room before any question, a compensation-seeker the resolutions first, a suggestion
// or praise is thanked and kept as feedback, a respect-seeker hears an apology and a named owner,
// and a hand-over about an order asks once for its number. Replies are compared with the wording files.
import { describe, expect, it } from 'vitest';
import { LISTEN_TIMEOUT_EVENT } from '../../src/contracts/chat.js';
import type { Locale } from '../../src/contracts/complaint.js';
import type { TriageResult } from '../../src/contracts/triage.js';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { joinSentences } from '../../src/bot/services.js';
import { buttonsOf, data, harness, scriptedTriage, triageResult, words, type Harness } from './fixtures.js';
import { SCRIPTS } from './scripts.js';

const LOCALES: Locale[] = ['en', 'zh-Hans', 'zh-Hant'];

/** What each customer says, per script. */
const SAYS: Record<Locale, {
  vent: string; more: string; nothingMore: string; threat: string;
  broken: string; suggestion: string; suggestionWithEmail: string; rude: string; lateParcel: string;
}> = {
  en: {
    vent: 'Honestly I just need to get this off my chest. Your app logged me out five times.',
    more: 'And every time I had to type the whole address again.',
    nothingMore: 'no',
    threat: 'I am going to the newspapers with this.',
    broken: 'The blender I bought stopped working after a week.',
    suggestion: 'You should add a Sunday delivery slot, it would help people who work weekdays.',
    suggestionWithEmail: 'It would help if the app had a dark mode. pat.lee@example.com',
    rude: 'The manager talked down to me in front of other customers.',
    lateParcel: 'My parcel is a week late and I want to speak to a lawyer.',
  },
  'zh-Hans': {
    vent: '我就是想吐槽一下，你们的App把我登出了五次。',
    more: '每次都要重新输入一遍地址。',
    nothingMore: '没有了',
    threat: '我要找记者曝光。',
    broken: '我买的搅拌机用了一周就坏了。',
    suggestion: '建议你们以后在App里加一个夜间模式。',
    suggestionWithEmail: '希望以后App可以加一个夜间模式。邮箱 pat.lee@example.com',
    rude: '经理当着其他顾客的面对我冷嘲热讽。',
    lateParcel: '我的包裹晚了一周，我要找律师。',
  },
  'zh-Hant': {
    vent: '我只係想呻下，你哋個App成日登出咗我。',
    more: '每次都要重新輸入一次地址。',
    nothingMore: '冇嘢了',
    threat: '我要搵記者爆料。',
    broken: '我買的果汁機用了一週就壞了。',
    suggestion: '建議你們以後在App裡加一個夜間模式。',
    suggestionWithEmail: '希望以後App可以加一個夜間模式。電郵 pat.lee@example.com',
    rude: '經理當著其他客人的面對我冷嘲熱諷。',
    lateParcel: '我的包裹晚了一個禮拜，我要找律師。',
  },
};

/** Triage that answers `base`, and `escalated` once the story holds `trigger`. */
function triageUntil(base: TriageResult, trigger: string, escalated: TriageResult): ((text: string) => TriageResult) & { stories: string[] } {
  const stories: string[] = [];
  return Object.assign((text: string) => { stories.push(text); return text.includes(trigger) ? escalated : base; }, { stories });
}

async function tell(h: Harness, locale: Locale, story: string): Promise<string[]> {
  await h.say(story);
  return h.texts(SCRIPTS[locale].done);
}

/** The wording the customer is answered in: Hong Kong words once they wrote Cantonese (the venting and praise stories here). */
const wordsFor = (locale: Locale, cantonese = false) => (locale === 'zh-Hant' && cantonese ? data.variants.hongKong : words(locale));

describe.each(LOCALES)('a customer who came to vent (%s)', (locale) => {
  const says = SAYS[locale];
  const venting = triageResult({ lang: locale, category: 'other', emotion: { label: 'frustration', intensity: 0.9 }, motive: { label: 'vent', confidence: 0.9 } });

  it('is acknowledged, invited to say more with no question, heard out, and only then asked the details; what they added is on the complaint', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(venting) });
    const w = wordsFor(locale, true);
    const first = await tell(h, locale, says.vent);
    // One message: how they feel, that it is heard, one apology, and room to go on — no question.
    expect(first).toHaveLength(1);
    expect(first[0]).toContain(w.empathy.frustration.high);
    expect(first[0]).toContain(w.empathy.vent);
    expect(first[0]).toContain(w.empathy.apology);
    expect(first[0]!.endsWith(w.empathy.ventRoom)).toBe(true);
    expect(first[0]).not.toContain(w.empathy.next);
    // They go on, and the bot listens without interrupting.
    expect(await h.texts(says.more)).toEqual([]);
    // When they are done: thanks for telling it all, then the first question, one at a time.
    expect(await h.texts(SCRIPTS[locale].done)).toEqual([joinSentences([w.empathy.ventHeard, w.empathy.next], locale), w.facts.affected!.ask]);
    expect(await h.texts(SCRIPTS[locale].affected)).toEqual([w.facts.when!.ask]);
    expect(await h.texts(SCRIPTS[locale].when)).toEqual([w.facts.contact!.ask]);
    const readBack = await h.say(SCRIPTS[locale].contact);
    expect(readBack.at(-1)!.text).toBe(w.readback.intro);
    expect(await h.texts(w.readback.confirm.label)).toEqual([w.resolution.ask]);
    await h.say(w.resolution.choices.apology.label);
    expect(h.desk.complaints).toHaveLength(1);
    expect(h.desk.complaints[0]!.story).toBe(`${says.vent}\n${says.more}`);
    // One apology in the whole conversation.
    expect(h.sent().filter((t) => t.includes(w.empathy.apology))).toHaveLength(1);
  });

  it('"no" to the invitation goes straight on to the details, without thanks for more', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(venting) });
    const w = wordsFor(locale, true);
    await tell(h, locale, says.vent);
    expect(await h.texts(says.nothingMore)).toEqual([w.empathy.next, w.facts.affected!.ask]);
    expect(h.sent().some((t) => t.includes(w.empathy.ventHeard))).toBe(false);
  });

  it('a pause with nothing more said ends the room, and the details follow', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(venting) });
    const w = wordsFor(locale, true);
    await tell(h, locale, says.vent);
    // The chat transport posts the pause event when the customer stays quiet (the hub owns the timer).
    expect(await h.texts({ type: 'event', name: LISTEN_TIMEOUT_EVENT })).toEqual([w.empathy.next, w.facts.affected!.ask]);
  });

  it('a threat said in the extra room still goes to a person at once', async () => {
    const escalated = triageResult({ lang: locale, category: 'other', emotion: { label: 'anger', intensity: 0.9 }, motive: { label: 'vent', confidence: 0.9 }, escalate: { value: true, reasons: ['media'] } });
    const triage = triageUntil(venting, says.threat, escalated);
    const h = harness((sv) => new MainDialog(sv), { triage });
    const w = wordsFor(locale, true);
    await tell(h, locale, says.vent);
    await h.say(says.threat);
    const handed = await h.texts(SCRIPTS[locale].done);
    expect(handed[0]).toBe(w.empathy.ventHeard);
    expect(h.desk.handoffs).toHaveLength(1);
    expect(h.desk.handoffs[0]).toMatchObject({ reason: 'escalation', story: `${says.vent}\n${says.threat}`, escalationReasons: ['media'] });
    expect(h.desk.complaints).toEqual([]);
  });
});

describe.each(LOCALES)('a customer who wants to be made whole (%s)', (locale) => {
  const says = SAYS[locale];
  const compensation = triageResult({ lang: locale, category: 'product_quality', emotion: { label: 'frustration', intensity: 0.5 }, motive: { label: 'compensation', confidence: 0.8 } });

  it('is offered every resolution right after the empathy, and not asked again at the end', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(compensation) });
    const w = wordsFor(locale);
    await h.say(says.broken);
    const afterStory = await h.say(SCRIPTS[locale].done);
    expect(afterStory.map((r) => r.text)).toEqual([expect.stringContaining(w.empathy.apology), w.resolution.askEarly]);
    expect(afterStory[0]!.text).not.toContain(w.empathy.next);
    // Every way to put it right, never only one (and "something else" last).
    expect(buttonsOf(afterStory[1])).toEqual(['refund', 'replacement', 'repair', 'compensation', 'apology', 'explanation', 'other']
      .map((k) => w.resolution.choices[k as keyof typeof w.resolution.choices].label));
    // Chosen: the details follow, introduced once.
    expect(await h.texts(w.resolution.choices.replacement.label)).toEqual([w.empathy.next, w.facts.affected!.ask]);
    expect(await h.texts(SCRIPTS[locale].affected)).toEqual([w.facts.when!.ask]);
    expect(await h.texts(SCRIPTS[locale].when)).toEqual([w.facts.order_number!.ask]);
    expect(await h.texts(SCRIPTS[locale].order)).toEqual([w.facts.contact!.ask]);
    const readBack = await h.say(SCRIPTS[locale].contact);
    // What they want is read back with the rest.
    expect(readBack.at(-1)!.text).toBe(w.readback.intro);
    const recorded = await h.texts(w.readback.confirm.label);
    expect(recorded.some((t) => t === w.resolution.ask)).toBe(false);
    expect(h.desk.complaints).toHaveLength(1);
    expect(h.desk.complaints[0]).toMatchObject({ desiredResolution: 'replacement', desiredResolutions: ['replacement'] });
    expect(recorded[0]).toContain(h.desk.complaints[0]!.id);
  });

  it('their own words for it are kept when no choice fits', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(compensation) });
    const w = wordsFor(locale);
    await tell(h, locale, says.broken);
    expect(await h.texts(SCRIPTS[locale].otherResolution)).toEqual([w.empathy.next, w.facts.affected!.ask]);
    await h.say(SCRIPTS[locale].affected);
    await h.say(SCRIPTS[locale].when);
    await h.say(SCRIPTS[locale].order);
    await h.say(SCRIPTS[locale].contact);
    await h.say(w.readback.confirm.label);
    expect(h.desk.complaints[0]).toMatchObject({ desiredResolution: 'other', desiredResolutionDetail: SCRIPTS[locale].otherResolution });
  });

  it('who said what they want in the story is not asked it first', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(compensation) });
    const w = wordsFor(locale);
    const wantRefund = { en: 'I want a refund.', 'zh-Hans': '我要退款。', 'zh-Hant': '我要退款。' }[locale];
    const replies = await tell(h, locale, `${says.broken}${locale === 'en' ? ' ' : ''}${wantRefund}`);
    expect(replies).toEqual([expect.stringContaining(w.empathy.next), w.facts.affected!.ask]);
  });
});

describe.each(LOCALES)('a suggestion or praise (%s)', (locale) => {
  const says = SAYS[locale];
  const suggestion = (o: Partial<Parameters<typeof triageResult>[0]> = {}) => triageResult({
    lang: locale, kind: 'complaint', category: 'delivery', emotion: { label: 'neutral', intensity: 0 }, motive: { label: 'suggestion', confidence: 0.95 }, ...o,
  });

  it('a suggestion is thanked, recorded as feedback and said to be passed on; no complaint, no questions', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(suggestion()) });
    const w = wordsFor(locale);
    const replies = await tell(h, locale, says.suggestion);
    expect(replies).toEqual([joinSentences([w.feedback.suggestion, w.feedback.suggestionNoted], locale), w.closing.done]);
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'suggestion', locale, text: says.suggestion })]);
    expect(h.desk.feedback[0]!.triage?.motive?.label).toBe('suggestion');
    expect(h.desk.complaints).toEqual([]);
    expect(h.desk.handoffs).toEqual([]);
    expect(h.sent().some((t) => t.includes(w.empathy.apology))).toBe(false);
  });

  it('with an e-mail address in it, the feedback says who it came from', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(suggestion({ kind: 'question' })) });
    await tell(h, locale, says.suggestionWithEmail);
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'suggestion', contact: { kind: 'email', value: 'pat.lee@example.com' } })]);
  });

  it('praise is thanked and recorded as a compliment', async () => {
    const praise = triageResult({ lang: locale, kind: 'compliment', emotion: { label: 'neutral', intensity: 0 }, motive: { label: 'suggestion', confidence: 0.6 } });
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(praise) });
    const w = wordsFor(locale, true);
    const text = { en: 'Just wanted to say the engineer was brilliant.', 'zh-Hans': '想表扬一下你们的师傅，服务很好。', 'zh-Hant': '想讚下你哋個師傅，服務好好。' }[locale];
    expect(await tell(h, locale, text)).toEqual([joinSentences([w.empathy.compliment, w.feedback.complimentNoted], locale), w.closing.done]);
    expect(h.desk.feedback).toEqual([expect.objectContaining({ kind: 'compliment', text })]);
  });

  it('a "suggestion" told in anger, or asking for something, is a complaint and goes through the flow', async () => {
    for (const triage of [suggestion({ emotion: { label: 'anger', intensity: 0.8 } }), suggestion({ intent: 'refund' })]) {
      const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triage) });
      const w = wordsFor(locale);
      const replies = await tell(h, locale, says.suggestion);
      expect(replies.at(-1)).toBe(w.facts.affected!.ask);
      expect(h.desk.feedback).toEqual([]);
    }
  });

  it('when the feedback cannot be recorded, they are still thanked but not told it was passed on', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(suggestion()) });
    const w = wordsFor(locale);
    h.desk.failNextFeedback = true;
    expect(await tell(h, locale, says.suggestion)).toEqual([w.feedback.suggestion, w.closing.done]);
    expect(h.logger.errors.map((e) => e.message)).toEqual([expect.stringContaining('recording feedback failed')]);
  });
});

describe.each(LOCALES)('a customer who felt disrespected (%s)', (locale) => {
  it('hears an apology for how they were treated, is offered an apology first, and is told who owns it', async () => {
    const triage = scriptedTriage(triageResult({ lang: locale, category: 'service_attitude', emotion: { label: 'anger', intensity: 0.5 }, motive: { label: 'respect', confidence: 0.9 } }));
    const h = harness((sv) => new MainDialog(sv), { triage });
    const w = wordsFor(locale);
    const replies = await tell(h, locale, SAYS[locale].rude);
    expect(replies[0]).toContain(w.empathy.respect);
    expect(replies[0]).toContain(w.empathy.apology);
    await h.say(SCRIPTS[locale].affected);
    await h.say(SCRIPTS[locale].when);
    await h.say(SCRIPTS[locale].address);
    await h.say(SCRIPTS[locale].contact);
    const resolution = await h.say(w.readback.confirm.label);
    expect(buttonsOf(resolution[0])[0]).toBe(w.resolution.choices.apology.label);
    const recorded = await h.texts(w.resolution.choices.apology.label);
    expect(h.desk.complaints[0]).toMatchObject({ desiredResolution: 'apology' });
    // A named owner, responsible until it is resolved.
    expect(recorded[0]).toContain(w.record.owners.default);
    expect(recorded[0]).toContain(h.desk.complaints[0]!.id);
  });
});

describe.each(LOCALES)('the order number at a hand-over (%s)', (locale) => {
  const escalated = (category: TriageResult['category']['label']) => scriptedTriage(triageResult({
    lang: locale, category, emotion: { label: 'anger', intensity: 0.8 }, escalate: { value: true, reasons: ['legal'] },
  }));

  it('is asked once with the hand-over when the complaint is about an order and none was given', async () => {
    const h = harness((sv) => new MainDialog(sv), { triage: escalated('delivery') });
    const w = wordsFor(locale);
    const handed = await tell(h, locale, SAYS[locale].lateParcel);
    expect(h.desk.handoffs).toHaveLength(1);
    // With the hand-over message, after the way to reach them; what they say while they wait is
    // added to the complaint by the handler (test/bot/handler-store.test.ts).
    expect(handed.filter((t) => t.includes(w.handoff.askOrder))).toHaveLength(1);
    expect(handed.find((t) => t.includes(w.handoff.askOrder))!.endsWith(joinSentences([w.handoff.askContact, w.handoff.askOrder], locale))).toBe(true);
  });

  it('is not asked when the story gave it, nor for a complaint about a person', async () => {
    const withOrder = harness((sv) => new MainDialog(sv), { triage: escalated('delivery') });
    const w = wordsFor(locale);
    await tell(withOrder, locale, `${SAYS[locale].lateParcel} ${SCRIPTS[locale].order}`);
    expect(withOrder.desk.handoffs[0]!.facts).toContainEqual(expect.objectContaining({ key: 'order_number', value: SCRIPTS[locale].order }));
    expect(withOrder.sent().some((t) => t.includes(w.handoff.askOrder))).toBe(false);

    const attitude = harness((sv) => new MainDialog(sv), { triage: escalated('service_attitude') });
    await tell(attitude, locale, SAYS[locale].rude);
    expect(attitude.desk.handoffs).toHaveLength(1);
    expect(attitude.sent().some((t) => t.includes(w.handoff.askOrder))).toBe(false);
  });
});
