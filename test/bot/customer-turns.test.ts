/**
 * How the bot reads a customer's turn beyond issue 15's own examples, with
 * sentences written for these tests (en, zh-Hans, zh-Hant), through the real
 * dialogs (DialogTestClient): "forget it" that goes on to ask or complain is
 * not a cancel; empathy is not repeated and asserts nothing not said; names
 * and wanted outcomes as people write them. Replies are compared with the
 * wording files, never with copied strings.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/contracts/complaint.js';
import { LodgeDialog } from '../../src/bot/dialogs/lodge.js';
import { MainDialog } from '../../src/bot/dialogs/main.js';
import { data, harness, scriptedTriage, triageResult, words, type Harness } from './fixtures.js';

const DONE: Record<Locale, string> = { en: "that's all", 'zh-Hans': '就这些', 'zh-Hant': '說完了' };

/** Tells a story and ends it, so the next reply is the first question (or the hand-over). */
async function tell(h: Harness, locale: Locale, ...story: string[]): Promise<string[]> {
  for (const line of story) await h.say(line);
  return h.texts(DONE[locale]);
}

const u = data.understander;
const read = (text: string, options: { asked?: Parameters<typeof u.read>[1]['asked']; listening?: boolean } = {}) =>
  u.read(text, { now: new Date('2026-12-02T02:00:00Z'), timeZone: 'Asia/Shanghai', ...options });

describe('"forget it" that goes on to say more is not a cancel', () => {
  it('cancels only when every sentence is a cancel or a courtesy', () => {
    expect(read('forget it, the courier will never come anyway and I want my money back').request).toBe(null);
    expect(read('算了，你们的客服电话根本打不通').request).toBe(null);
    expect(read('算了，我只想知道點解會收兩次錢').request).toBe(null);
    expect(read('forget it, thanks').request).toBe('cancel');
    expect(read('算了吧，谢谢').request).toBe('cancel');
    expect(read('唔使喇，多謝').request).toBe('cancel');
    // Mid-story the same holds.
    expect(read('算了，你们的客服电话根本打不通', { listening: true }).request).toBe(null);
    expect(read('never mind. thank you', { listening: true }).request).toBe('cancel');
  });

  it.each([
    { locale: 'en' as const, lines: ['My gym membership was charged after I cancelled it.', 'Forget it, nobody there ever listens. I want the two payments back.'] },
    { locale: 'zh-Hans' as const, lines: ['我的会员退订后还在扣费。', '算了，跟你们说了好几次都没用，我要把多扣的钱退回来'] },
    { locale: 'zh-Hant' as const, lines: ['我退咗會籍之後仲係照扣錢。', '算了，講極都冇用，我要你哋退返多扣嘅錢'] },
  ])('a complaint after "forget it" mid-story keeps listening and is recorded ($locale)', async ({ locale, lines }) => {
    const w = words(locale);
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triageResult({ lang: locale, category: 'billing' })) });
    await h.say(lines[0]!);
    expect(await h.texts(lines[1]!)).toEqual([]);
    const next = await h.texts(DONE[locale]);
    expect(next).not.toContain(w.cancel.done);
    expect(h.client.dialogContext.stack.length).toBeGreaterThan(0);
    // The whole story was kept, "forget it" sentence and all.
    const story = (h.services.triage as ReturnType<typeof scriptedTriage>).stories.at(-1) ?? '';
    expect(story).toContain(lines[1]);
  });

  it.each([
    { locale: 'en' as const, story: 'The charger melted the cable.', answer: 'Forget it, it was the charger that came with the phone and I want a new one' },
    { locale: 'zh-Hans' as const, story: '充电器把线烧化了。', answer: '算了，就是手机自带的充电器，给我换一个新的' },
    { locale: 'zh-Hant' as const, story: '個充電器燒溶咗條線。', answer: '算了，就係部手機跟機嗰個充電器，換個新嘅俾我' },
  ])('at a question, "forget it, …" with an answer is the answer, not a cancel ($locale)', async ({ locale, story, answer }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: locale, category: 'product_quality' })) });
    await h.say(w.menu.lodge.label);
    expect((await tell(h, locale, story)).at(-1)).toBe(w.facts.affected!.ask);
    const next = await h.texts(answer);
    expect(next).not.toContain(w.cancel.done);
    expect(next.at(-1)).toBe(w.facts.when!.ask);
  });

  it.each([
    { locale: 'en' as const, story: 'The hotel gave our room away.', cancel: 'forget it, thanks' },
    { locale: 'zh-Hans' as const, story: '酒店把我们的房间给了别人。', cancel: '算了吧，谢谢' },
    { locale: 'zh-Hant' as const, story: '酒店將我哋間房俾咗人。', cancel: '唔使喇，多謝' },
  ])('"$cancel" alone still cancels ($locale)', async ({ locale, story, cancel }) => {
    const w = words(locale);
    const h = harness((sv) => new LodgeDialog(sv), { triage: scriptedTriage(triageResult({ lang: locale })) });
    await h.say(w.menu.lodge.label);
    await tell(h, locale, story);
    expect(await h.texts(cancel)).toEqual([w.cancel.done]);
    expect(h.desk.complaints).toHaveLength(0);
  });
});

describe('empathy is said once per conversation and asserts nothing not said', () => {
  const STORIES: Record<Locale, [string, string]> = {
    en: ['The blinds I ordered came in the wrong colour.', 'The fitter also scratched the window frame.'],
    'zh-Hans': ['我订的窗帘颜色送错了。', '安装师傅还把窗框刮花了。'],
    'zh-Hant': ['我訂嘅窗簾送錯顏色。', '安裝師傅仲刮花咗個窗框。'],
  };
  it.each(['en', 'zh-Hans', 'zh-Hant'] as const)('a start over does not hear the same empathy again (%s)', async (locale) => {
    const w = words(locale);
    const triage = scriptedTriage(triageResult({ lang: locale, category: 'product_quality', emotion: { label: 'frustration', intensity: 0.6 } }));
    const h = harness((sv) => new MainDialog(sv), { triage });
    const [first, second] = STORIES[locale];
    const opened = await tell(h, locale, first);
    expect(opened[0]).toContain(w.empathy.frustration.mid);
    expect(opened[0]).toContain(w.empathy.apology);
    await h.say(locale === 'en' ? 'start over' : locale === 'zh-Hans' ? '重新开始' : '重新開始');
    const again = await tell(h, locale, second);
    expect(again.join('\n')).not.toContain(w.empathy.frustration.mid);
    expect(again.join('\n')).not.toContain(w.empathy.apology);
    // Still acknowledged, once, and the questions go on.
    expect(again[0]).toContain(w.empathy.neutral.low);
    expect(again.at(-1)).toBe(w.facts.affected!.ask);
    expect(h.sent().filter((t) => t.includes(w.empathy.apology))).toHaveLength(1);
  });

  it.each(['en', 'zh-Hans', 'zh-Hant'] as const)('no repeat line without a repeat reason, and the escalation does not thank twice (%s)', async (locale) => {
    const w = words(locale);
    const triage = scriptedTriage(triageResult({ lang: locale, emotion: { label: 'frustration', intensity: 0.95 }, escalate: { value: true, reasons: ['media'] } }));
    const h = harness((sv) => new MainDialog(sv), { triage });
    const handed = await tell(h, locale, STORIES[locale][0]);
    const all = handed.join('\n');
    expect(all).toContain(w.empathy.frustration.high);
    expect(all).not.toContain(w.empathy.repeat);
    expect(all).not.toContain(w.empathy.neutral.low);
    // Nothing in what was said is about time lost or chasing: the strongest line asserts no such fact.
    expect(w.empathy.frustration.high).not.toMatch(/time|chase|chasing|时间|時間|催/u);
  });

  it.each([
    { locale: 'en' as const, hi: 'hi' },
    { locale: 'zh-Hant' as const, hi: '哈囉' },
  ])('"$hi" at a question is a short hello and the question again ($locale)', async ({ locale, hi }) => {
    const w = words(locale);
    const h = harness((sv) => new MainDialog(sv), { triage: scriptedTriage(triageResult({ lang: locale, category: 'product_quality' })) });
    await h.say(hi);
    await tell(h, locale, STORIES[locale][0]);
    expect(await h.texts(hi)).toEqual([w.greeting.hello, w.facts.affected!.ask]);
    expect(h.sent().filter((t) => t === w.greeting.intro)).toHaveLength(1);
    expect(h.sent().filter((t) => t === w.greeting.privacy)).toHaveLength(1);
  });
});
