import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TriageResultSchema, type TriageResult } from '../../src/contracts/triage.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';
import { MAX_MESSAGE_CHARS } from '../../src/triage/normalise.js';

const triage = loadTriage();

function checkShape(result: TriageResult, input: string): void {
  TriageResultSchema.parse(result);
  for (const head of [result.intent, result.category]) {
    expect(head.confidence).toBeGreaterThanOrEqual(0);
    expect(head.confidence).toBeLessThanOrEqual(1);
    const all = [head, ...head.runnersUp];
    expect(new Set(all.map((s) => s.label)).size).toBe(all.length);
    const sum = all.reduce((a, s) => a + s.confidence, 0);
    expect(sum).toBeLessThanOrEqual(1.01);
    for (let i = 1; i < head.runnersUp.length; i++) expect(head.runnersUp[i - 1]!.confidence).toBeGreaterThanOrEqual(head.runnersUp[i]!.confidence);
  }
  expect(result.emotion.intensity).toBeGreaterThanOrEqual(0);
  expect(result.emotion.intensity).toBeLessThanOrEqual(1);
  for (const e of result.entities) {
    expect(e.end).toBeLessThanOrEqual(input.length);
    expect(e.start).toBeLessThan(e.end);
  }
}

describe('language and script', () => {
  it.each([
    ['My parcel has not arrived', 'en'],
    ['我的快递还没到，退款', 'zh-Hans'],
    ['我的包裹還沒到，請退款', 'zh-Hant'],
    ['我嘅訂單仲未到', 'zh-Hant'],
    ['我的order还没到', 'zh-Hans'],
    ['我嘅order仲未到呀', 'zh-Hant'],
    ['The item called 好 was late and I want a refund for it now', 'en'],
  ] as const)('%s → %s', (text, lang) => {
    expect(triage(text).lang).toBe(lang);
  });
});

describe('intent with negation and misleading keywords', () => {
  it.each([
    ['No need to apologise, just fix it.', 'repair'],
    ["I don't want a refund, I want it replaced.", 'replacement'],
    ['不用道歉，赶紧把网修好', 'repair'],
    ['我不要退款，给我换个新的', 'replacement'],
    ['唔使道歉，快啲整返好部機', 'repair'],
    ['我不要退款，請幫我換一台新的', 'replacement'],
    ['Please refund my order, it never arrived.', 'refund'],
    ['Why was I charged twice?', 'explanation'],
    ['I expect compensation for the day I lost.', 'compensation'],
    ['你们应该给我道歉', 'apology'],
  ] as const)('%s → %s', (text, label) => {
    expect(triage(text).intent.label).toBe(label);
  });

  it('keeps the refund intent when a refund simply has not arrived', () => {
    expect(triage("I still haven't received my refund, please send it.").intent.label).toBe('refund');
    expect(triage('退款到现在还没到账，请尽快退给我').intent.label).toBe('refund');
  });
});

describe('category conventions', () => {
  it.each([
    ['You promised to call me back yesterday and never did.', 'broken_promise'],
    ['The broadband has been down all day.', 'product_quality'],
    ['You sent me the wrong size.', 'delivery'],
    ['The repair centre has had my phone for six weeks.', 'repair_warranty'],
    ['I have been on hold for two hours.', 'wait_time'],
    ['You charged me twice this month.', 'billing'],
    ['说好昨天回电，到现在都没人打给我', 'broken_promise'],
    ['快递送错了，发的不是我买的', 'delivery'],
    ['客服態度很差，一直不耐煩', 'service_attitude'],
  ] as const)('%s → %s', (text, label) => {
    expect(triage(text).category.label).toBe(label);
  });
});

describe('emotion', () => {
  it('reads anger and raises intensity with modifiers', () => {
    const calm = triage('The delivery is late.');
    const angry = triage('THIS IS RIDICULOUS!!! Third time the delivery is late, absolutely unacceptable!!');
    expect(angry.emotion.label).toBe('anger');
    expect(angry.emotion.intensity).toBeGreaterThan(calm.emotion.intensity);
    const zh = triage('太过分了！！简直气死我了，你们这群骗子');
    expect(zh.emotion.label).toBe('anger');
    expect(zh.emotion.intensity).toBeGreaterThan(0.6);
  });

  it('a threat to escalate raises intensity', () => {
    const threat = triage('你们再不退款我就去消协投诉');
    expect(threat.escalate.value).toBe(true);
    expect(threat.emotion.label).not.toBe('neutral');
    expect(threat.emotion.intensity).toBeGreaterThan(0.5);
  });

  it('reads sarcasm as upset, not polite', () => {
    const r = triage('Thanks for nothing. Great job, really.');
    expect(['anger', 'frustration']).toContain(r.emotion.label);
  });

  it('reads worry as anxiety', () => {
    expect(triage('我好担心，明天就要用药了，快递怎么还没到，怎么办').emotion.label).toBe('anxiety');
    expect(triage("I'm really worried, my medication hasn't arrived and I need it urgently").emotion.label).toBe('anxiety');
  });
});

describe('off-topic and calibration', () => {
  it.each(['hello', 'hi there', '今天天气不错', '今天天氣不錯', '早晨！食咗飯未呀？', 'what a lovely day'])('%s is unspecified with low confidence', (text) => {
    const r = triage(text);
    expect(r.intent.label).toBe('unspecified');
    expect(r.intent.confidence).toBeLessThan(0.5);
  });

  it('is more confident on a clear complaint than on small talk', () => {
    expect(triage('Please refund my order, the item arrived broken.').intent.confidence).toBeGreaterThan(0.6);
    expect(triage('good morning').intent.confidence).toBeLessThan(0.3);
  });
});

describe('never throws', () => {
  it('handles empty, blank and punctuation-only input', () => {
    for (const text of ['', '   ', '\n\n', '!!!', '？？？', '…']) {
      const r = triage(text);
      checkShape(r, text);
      expect(r.intent.label).toBe('unspecified');
      expect(r.escalate.value).toBe(false);
    }
  });

  it('caps oversized input (1 MB) and still finds what is near the start', () => {
    const text = `I will sue you. Order #123456. ${'blah '.repeat(210_000)}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const start = performance.now();
    const r = triage(text);
    checkShape(r, text);
    expect(r.escalate.reasons).toContain('legal');
    expect(r.entities.some((e) => e.type === 'order_number' && e.value === '#123456')).toBe(true);
    expect(r.entities.every((e) => e.end <= MAX_MESSAGE_CHARS)).toBe(true);
    // Not a speed target (that is in the bench); this only shows the cap applies.
    expect(performance.now() - start).toBeLessThan(5000);
  });

  it('handles binary junk and lone surrogates', () => {
    const binary = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)).toString('latin1');
    for (const text of [binary, '\uD800', 'abc\uDC00def', '\uDBFF\uDFFF\uD800退款', '\u0000\u0001\u0002', 'x'.repeat(MAX_MESSAGE_CHARS + 1) + '\uD83D\uDE00']) {
      checkShape(triage(text), text);
    }
  });

  it('returns a valid result for any string (property test)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => { checkShape(triage(text), text); }), { numRuns: 300 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => { checkShape(triage(text), text); }), { numRuns: 300 });
  });

  it('is pure: the same text gives the same result', () => {
    const text = '我的订单123456还没到，再不处理我就去12315投诉';
    expect(triage(text)).toEqual(triage(text));
  });
});
