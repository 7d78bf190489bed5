import { describe, expect, it } from 'vitest';
import type { EscalationReason } from '../../src/contracts/triage.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';

const triage = loadTriage();
const reasons = (text: string) => triage(text).escalate.reasons;

// Every reason in all three scripts. Each row: [reason, English, Simplified, Traditional].
const EVERY_REASON: [EscalationReason, string, string, string][] = [
  ['media', "I'm going to post this on TikTok so everyone sees it.", '我要发到小红书曝光你们', '我要PO上Dcard讓大家看看'],
  ['regulator', 'I have filed a complaint with the FTC.', '我已经打了12315投诉', '我已經打1950檢舉了'],
  ['consumer_association', 'Next stop is the Better Business Bureau.', '我会去消协投诉你们', '我會去消基會申訴'],
  ['legal', 'My lawyer will be contacting you.', '我要去法院起诉你们', '我已經搵咗律師'],
  ['safety', 'The charger caught fire on my desk.', '充电器冒烟起火了', '個叉電器冒煙，差啲著火'],
  ['repeat', 'This is the third time I have complained about this.', '这是我第三次投诉了', '我已經投訴咗好幾次'],
];

describe('escalation: every reason in every script', () => {
  for (const [reason, en, hans, hant] of EVERY_REASON) {
    it(`${reason}: English, Simplified and Traditional`, () => {
      for (const text of [en, hans, hant]) {
        const result = triage(text);
        expect(result.escalate.reasons, text).toContain(reason);
        expect(result.escalate.value, text).toBe(true);
      }
    });
  }

  it('does not escalate an ordinary complaint', () => {
    for (const text of ['My parcel is late, please refund me.', '快递还没到，麻烦退款', '包裹還沒到，麻煩退款', 'Thanks for your help, all sorted.']) {
      expect(triage(text).escalate, text).toEqual({ value: false, reasons: [] });
    }
  });
});

describe('escalation: conditional threats count', () => {
  it.each([
    ["If you don't fix this by Friday I'll sue.", 'legal'],
    ['Unless I get my money back, I will report you to the ombudsman.', 'regulator'],
    ["Sort it out or I'm going to the press.", 'media'],
    ["If you don't fix it I'm going to the press", 'media'],
    ["If this isn't sorted by Friday my solicitor will be in touch.", 'legal'],
    ['再不解决我就曝光', 'media'],
    ['如果你们不退款，我会去消协投诉', 'consumer_association'],
    ['你们不处理的话我就找律师', 'legal'],
    ['再唔退錢我就去消委會', 'consumer_association'],
    ['要是再不處理，我就上新聞', 'media'],
  ] as const)('%s → %s', (text, reason) => {
    expect(reasons(text)).toContain(reason);
  });

  it('counts a threat whose negation only cancels ("won\'t hesitate", 不排除)', () => {
    expect(reasons("I won't hesitate to take legal action.")).toContain('legal');
    expect(reasons('我们不排除起诉')).toContain('legal');
    expect(reasons('唔好逼我搵傳媒')).toContain('media');
  });
});

describe('escalation: professions and denied hypotheticals do not count', () => {
  it.each([
    "I'm a lawyer and work from home, and my internet keeps dropping.",
    'My husband is an attorney but that is beside the point; the bill is wrong.',
    '我是律师，平时在家办公，网总是断',
    '我老公係律師，佢話你哋條款唔清楚',
    '我是記者，今天只是想問訂單',
  ])('profession: %s', (text) => {
    expect(triage(text).escalate.value).toBe(false);
  });

  it.each([
    "I'm not going to sue, I just want my money back.",
    "I'm not saying I'll go to the media, but this is poor.",
    'I have no intention of contacting a lawyer.',
    '我不会去曝光的，只是希望尽快处理',
    '我没打算找律师，只想退款',
    '我唔會去消委會，只係想快啲解決',
    '我並不想鬧大，也不會找媒體',
  ])('denied: %s', (text) => {
    expect(triage(text).escalate.value).toBe(false);
  });

  it('still counts a real threat next to a profession', () => {
    expect(reasons("I'm a lawyer and I will sue you.")).toContain('legal');
    expect(reasons('我是律师，我会起诉你们')).toContain('legal');
  });

  it('keeps denial local: a denied threat does not hide a real one elsewhere', () => {
    const r = reasons("I won't go to the press. But I am reporting you to Trading Standards.");
    expect(r).toContain('regulator');
    expect(r).not.toContain('media');
  });
});

describe('escalation: precision on everyday words', () => {
  it.each([
    'Sue from your billing team was lovely, but the invoice is still wrong.',
    'My Fire TV stick stopped working after the update.',
    'There is screen burn-in on my new OLED TV.',
    'I take it three times a day and the bottle cap broke.',
    'The bill shocked me, please explain the charges.',
    '我在抖音上买的衣服尺码不对',
    '在小红书看到你们的广告才买的，结果质量很差',
    '我是在直播间下单的，到现在还没发货',
  ])('%s', (text) => {
    expect(triage(text).escalate.value).toBe(false);
  });

  it('reads "again" as a repeat only after something went wrong', () => {
    expect(reasons('The parcel was late again!')).toContain('repeat');
    expect(reasons('Overcharged on parking again.')).toContain('repeat');
    expect(reasons('咖啡机又坏了')).toContain('repeat');
    expect(reasons('保固又被拒')).toContain('repeat');
    expect(triage('Please try again later, the page did not load.').escalate.value).toBe(false);
    expect(triage('又贵又难用').escalate.value).toBe(false);
  });

  it('still catches the threat forms of the same words', () => {
    expect(reasons("I'm going to sue you.")).toContain('legal');
    expect(reasons('The TV caught fire.')).toContain('safety');
    expect(reasons('我要发抖音曝光你们')).toContain('media');
    expect(reasons('再不退款我就发小红书')).toContain('media');
  });
});

describe('escalation: mixed script', () => {
  it('finds Chinese platforms in English text and English bodies in Chinese text', () => {
    expect(reasons("I'll post this on 小红书 tonight")).toContain('media');
    expect(reasons('我要找lawyer告你们')).toContain('legal');
    expect(reasons('再唔refund我就去Consumer Council')).toContain('consumer_association');
  });
});
