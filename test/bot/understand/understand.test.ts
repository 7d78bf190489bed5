import { describe, expect, it } from 'vitest';
import { data } from '../fixtures.js';

const u = data.understander;
/** Wednesday 2 December 2026, 10:00 in Shanghai. */
const now = new Date('2026-12-02T02:00:00Z');
const read = (text: string, options: { asked?: Parameters<typeof u.read>[1]['asked']; listening?: boolean } = {}) =>
  u.read(text, { now, timeZone: 'Asia/Shanghai', ...options });

describe('values inside sentences', () => {
  it('finds order references, phones and e-mails with words around them, several in one message', () => {
    expect(read('receipt no 55128873').order).toBe('55128873');
    expect(read('订单号是HK61009912').order).toBe('HK61009912');
    const both = read('電郵 chan.taiman@example.com.hk，或者打 9123 4567');
    expect([both.email, both.phone]).toEqual(['chan.taiman@example.com.hk', '91234567']);
    const three = read('我姓王，订单号是HK61009912，手机13957112468');
    expect([three.order, three.phone, three.name]).toEqual(['HK61009912', '13957112468', '王']);
  });

  it('keeps the value that stands after a correction in the same message', () => {
    expect(read("not JD20261128, it's HK20261128").order).toBe('HK20261128');
    expect(read('订单号不是JD20261128，是HK20261128').order).toBe('HK20261128');
    expect(read('HK20261128 sorry, I mean HK20261129').order).toBe('HK20261129');
    expect(read('07700 900461 is wrong, use 07700 900462').phone).toBe('07700900462');
  });

  it('a bare number is an order only next to an order word or when one was asked; a phone word claims it first', () => {
    expect(read('my number is 91234567').order).toBeUndefined();
    expect(read('91234567', { asked: 'order_number' }).order).toBe('91234567');
    expect(read('call me on 13800138000', { asked: 'order_number' }).order).toBeUndefined();
    // A complaint reference is never an order.
    expect(read('about C-20261123-0001').order).toBeUndefined();
  });
});

describe('dates, resolved against the conversation\'s clock in the business time zone', () => {
  it('a greeting names no time, and a count of days in Chinese numerals is a length of time', () => {
    expect(read('Good afternoon. I placed order 30481957 and my card was charged twice.').incident).toBeUndefined();
    expect(read('早晨，部冷氣又唔凍').incident).toBeUndefined();
    expect(read('下午好，我的快递还没到').incident).toBeUndefined();
    const waited = read('我個parcel 話咗三日到，而家一個禮拜都未到');
    expect(waited.incident).toBeUndefined();
    expect(waited.dates.map((d) => d.role)).not.toContain('incident');
    // Digits and the month still make a date; "this afternoon" is still today.
    expect(read('3日收到貨就壞咗').incident?.iso).toBe('2026-11-03');
    expect(read('十一月三日收到的').incident?.iso).toBe('2026-11-03');
    expect(read('it stopped working this afternoon').incident?.iso).toBe('2026-12-02');
  });

  it('tells the incident from the purchase date, a future threat and a length of time', () => {
    const zh = read('12月1日晚上發生的，明天就去找消保官');
    expect(zh.dates.map((d) => [d.words, d.role, d.iso])).toEqual([['12月1日晚上', 'incident', '2026-12-01'], ['明天', 'future', '2026-12-03']]);
    expect(zh.incident?.iso).toBe('2026-12-01');
    // The digits of an order number, a phone or an e-mail are not dates.
    expect(read('订单号是JD20261101998').dates).toEqual([]);
    expect(read('my order is 20261101998, call 07700 900461').dates).toEqual([]);
    expect(read('訂單號 HK20251128，12月1日晚上發生的').incident).toMatchObject({ words: '12月1日晚上', iso: '2026-12-01' });
    const kettle = read('It sparked this morning, I bought it on 20 November');
    expect(kettle.incident).toMatchObject({ words: 'this morning', iso: '2026-12-02' });
    expect(kettle.dates.find((d) => d.role === 'purchase')?.iso).toBe('2026-11-20');
    expect(read('had it barely 2 weeks').incident).toBeUndefined();
  });

  it('reads relative and Cantonese dates the model alone cannot', () => {
    expect(read('3 weeks ago').incident?.iso).toBe('2026-11-11');
    expect(read('yesterday evening').incident?.iso).toBe('2026-12-01');
    expect(read('上个月').incident?.iso).toBe('2026-11-01/2026-11-30');
    expect(read('琴日夜晚').incident?.iso).toBe('2026-12-01');
    expect(read('今天早上').incident?.iso).toBe('2026-12-02');
    expect(read('三天前').incident?.iso).toBe('2026-11-29');
    expect(read('兩個禮拜前').incident?.iso).toBe('2026-11-18');
  });

  it('uses the business time zone: 23:30 in London is already tomorrow in Shanghai', () => {
    const late = new Date('2026-12-01T23:30:00Z');
    expect(u.read('today', { now: late, timeZone: 'Asia/Shanghai' }).incident?.iso).toBe('2026-12-02');
    expect(u.read('today', { now: late, timeZone: 'Europe/London' }).incident?.iso).toBe('2026-12-01');
  });
});

describe('names', () => {
  it('takes self-introductions and Chinese surname patterns, not other people in the story', () => {
    expect(read('this is Priya Raman').name).toBe('Priya Raman');
    expect(read('My name is John Smith and my kettle broke').name).toBe('John Smith');
    expect(read('我姓林').name).toBe('林');
    expect(read('陳太，電話 9123 4567').name).toBe('陳太');
    expect(read('我叫王小明').name).toBe('王小明');
    expect(read('the courier Dave was rude').name).toBeUndefined();
    expect(read("I'm furious").name).toBeUndefined();
    expect(read('This is Ridiculous').name).toBeUndefined();
    expect(read('你们的陈先生说会退款').name).toBeUndefined();
    expect(read('我是周一买的').name).toBeUndefined();
    // Asked for it: a bare name is enough.
    expect(read('priya raman, 07700 900461', { asked: 'name' }).name).toBe('Priya Raman');
  });
});

describe('wanted outcomes', () => {
  const wanted = (text: string, asked = true) => read(text, asked ? { asked: 'outcome' } : {}).outcomes.wanted;
  it('reads negation, changes of mind, and several outcomes', () => {
    expect(wanted('不要退款了，重新给我发一台就行')).toEqual(['replacement']);
    expect(wanted('还是换货吧…不用退款了')).toEqual(['replacement']);
    expect(wanted('full refund. and someone pays for my floor')).toEqual(['refund', 'compensation']);
    expect(wanted("I don't want a repair, I want my money back")).toEqual(['refund']);
    expect(wanted('a refund... actually a replacement is fine')).toEqual(['replacement']);
    expect(wanted('退返多收嗰$380俾我')).toEqual(['refund']);
  });

  it('in a story, counts only outcomes the customer asks for', () => {
    expect(wanted('They promised a refund last week and nothing came.', false)).toEqual([]);
    expect(wanted('I want a refund, and an apology would be nice.', false)).toEqual(['refund', 'apology']);
    expect(wanted('Can I get a refund?', false)).toEqual(['refund']);
    expect(wanted('能不能给我退款', false)).toEqual(['refund']);
  });
});

describe('requests anywhere in a sentence', () => {
  it('a person, cancel, start over, help; a reported request mid-story is story', () => {
    expect(read('This is going round in circles. Can I talk to a real person please?').request).toBe('human');
    expect(read('算了，跟机器说不清楚，麻烦帮我转人工客服').request).toBe('human');
    expect(read("actually, cancel. I'll call instead").request).toBe('cancel');
    expect(read('can you cancel this please').request).toBe('cancel');
    expect(read('let us start over').request).toBe(null);
    expect(read('start over please').request).toBe('startOver');
    expect(read('help').request).toBe('help');
    expect(read('I need help with my order').request).toBe(null);
    expect(read('I asked to talk to a person in the shop and they refused', { listening: true }).request).toBe(null);
    expect(read('我打电话要求转人工，结果没人接', { listening: true }).request).toBe(null);
    expect(read('Can I speak to a manager?', { listening: true }).request).toBe('human');
    // A manager who is the subject of the story is no request for one; calling for one is.
    expect(read('经理当着其他顾客的面对我冷嘲热讽。').request).toBe(null);
    expect(read('經理當著其他客人的面對我冷嘲熱諷。').request).toBe(null);
    expect(read('经理呢？').request).toBe('human');
  });

  it('closings, "I don\'t have one", and the end of a story', () => {
    expect(read('thanks, bye').closing).toBe(true);
    expect(read('no that\'s all, thank you').closing).toBe(true);
    expect(read('thanks, but my kettle is still broken').closing).toBe(false);
    expect(read("I don't have an order number").noValue).toBe(true);
    expect(u.storyEnd("It broke. That's everything, thank you.")).toEqual({ rest: 'It broke.', done: true });
    expect(u.storyEnd('大概就是這樣').done).toBe(true);
    expect(u.storyEnd('部機壞咗。講完')).toEqual({ rest: '部機壞咗。', done: true });
    expect(u.storyEnd('the repair was never finished').done).toBe(false);
  });

  it('Cantonese and Hong Kong words are signals; Taiwan\'s 哈囉 is not', () => {
    expect(u.scriptSignals('啱晒')).toEqual({ cantonese: true, hongKong: true });
    expect(u.scriptSignals('我想投訴')).toEqual({ cantonese: false, hongKong: true });
    expect(u.scriptSignals('哈囉，您好')).toEqual({ cantonese: false, hongKong: false });
    expect(u.saysOnly('冇問題，全部正確', [...data.wording['zh-Hant'].readback.confirm.synonyms])).toBe(true);
    expect(u.saysOnly('對，但是地址錯了', [...data.wording['zh-Hant'].readback.confirm.synonyms])).toBe(false);
  });
});
