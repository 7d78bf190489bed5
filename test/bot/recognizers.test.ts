import { describe, expect, it } from 'vitest';
import {
  containsPhrase, conversationLocale, customerScriptCharacters, findComplaintId, isWholePhrase, parseBillPeriod, parseContact, parseOrderNumber, parseScore, splitDoneSignal,
} from '../../src/bot/recognizers.js';
import { detectLanguage } from '../../src/script/detect-language.js';
import { data } from './fixtures.js';

/** The locale the bot reads from a message: src/script's detector with the bot's (Taiwan-standard) script characters. */
const detectLocale = (text: string, previous: 'en' | 'zh-Hans' | 'zh-Hant' | null) => detectLanguage(text, customerScriptCharacters, previous).language;

const signals = [...data.flows.listen.doneSignals.en, ...data.flows.listen.doneSignals['zh-Hans'], ...data.flows.listen.doneSignals['zh-Hant']];

describe('detectLocale', () => {
  it('tells Simplified from Traditional by script-only characters', () => {
    expect(detectLocale('我的订单没到', null)).toBe('zh-Hans');
    expect(detectLocale('我的訂單沒到', null)).toBe('zh-Hant');
    expect(detectLocale('My order is late', 'zh-Hans')).toBe('en');
  });
  it('keeps the current script for characters shared by both, and ignores numbers, ids and emails', () => {
    expect(detectLocale('人工', 'zh-Hant')).toBe('zh-Hant');
    expect(detectLocale('取消', 'zh-Hans')).toBe('zh-Hans');
    expect(detectLocale('取消', 'en')).toBe('zh-Hans');
    expect(detectLocale('13800138000', 'zh-Hant')).toBeNull();
    expect(detectLocale('HK12345678', 'zh-Hans')).toBeNull();
    expect(detectLocale('me@example.com', 'zh-Hans')).toBeNull();
  });
});

describe('done signals', () => {
  it('a whole-message signal ends the story with nothing to add', () => {
    expect(splitDoneSignal("That's all!", signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('说完了。', signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('就這些', signals)).toEqual({ rest: '', done: true });
  });
  it('a signal starting the last sentence is split off the story', () => {
    expect(splitDoneSignal("It broke twice. That's all.", signals)).toEqual({ rest: 'It broke twice.', done: true });
    expect(splitDoneSignal('它坏了两次，就这些', signals)).toEqual({ rest: '它坏了两次', done: true });
    expect(splitDoneSignal('壞了兩次。說完了', signals)).toEqual({ rest: '壞了兩次。', done: true });
  });
  it('a Cantonese or soft sentence-final particle does not hide the signal (冇喇 is 冇了)', () => {
    expect(splitDoneSignal('冇喇', signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('冇啦！', signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('講完喇', signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('没有了啊', signals)).toEqual({ rest: '', done: true });
    expect(splitDoneSignal('部機又壞咗。講完喇', signals)).toEqual({ rest: '部機又壞咗。', done: true });
    // The particle alone, or one after a word that is no signal, is still story.
    expect(splitDoneSignal('喇', signals).done).toBe(false);
    expect(splitDoneSignal('部機壞咗喇', signals).done).toBe(false);
    expect(splitDoneSignal('这件事还没完啦', signals).done).toBe(false);
  });
  it('a word that only looks like a signal inside a sentence is story', () => {
    expect(splitDoneSignal('the repair was never finished', signals).done).toBe(false);
    expect(splitDoneSignal('they said the job was done', signals).done).toBe(false);
    expect(splitDoneSignal('这件事还没完了', signals).done).toBe(false);
  });
});

describe('phrase matching', () => {
  it('whole phrases ignore case, punctuation and full-width forms', () => {
    expect(isWholePhrase('HELP!', ['help'])).toBe(true);
    expect(isWholePhrase('ｈｅｌｐ', ['help'])).toBe(true);
    expect(isWholePhrase('I need help with my order', ['help'])).toBe(false);
  });
  it('contained phrases need word boundaries in English but not in Chinese', () => {
    expect(containsPhrase('can I talk to a human please', ['talk to a human'])).toBe(true);
    expect(containsPhrase('I want a refund now', ['refund'])).toBe(true);
    expect(containsPhrase('refunded already', ['refund'])).toBe(false);
    expect(containsPhrase('麻烦帮我转人工', ['转人工'])).toBe(true);
  });
});

describe('fact recognisers', () => {
  const pattern = data.flows.orderNumberPattern;
  it('order numbers', () => {
    expect(parseOrderNumber('hk12345678', pattern)).toBe('HK12345678');
    expect(parseOrderNumber('Order: HK-12345678', pattern)).toBe('HK-12345678');
    expect(parseOrderNumber('订单号：20261123001', pattern)).toBe('20261123001');
    expect(parseOrderNumber('12345', pattern)).toBeNull();
    expect(parseOrderNumber('abc', pattern)).toBeNull();
  });
  it('contacts: phones by digits, emails lower-cased', () => {
    expect(parseContact('138 0013 8000')).toEqual({ kind: 'phone', value: '13800138000' });
    expect(parseContact('+44 20 7946 0958')).toEqual({ kind: 'phone', value: '+442079460958' });
    expect(parseContact('Me@Example.COM')).toEqual({ kind: 'email', value: 'me@example.com' });
    expect(parseContact('me@x')).toBeNull();
    expect(parseContact('12345')).toBeNull();
    expect(parseContact('call me')).toBeNull();
  });
  it('bill periods in three spellings', () => {
    expect(parseBillPeriod('2026-10')).toBe('2026-10');
    expect(parseBillPeriod('October 2026')).toBe('2026-10');
    expect(parseBillPeriod('oct 2026')).toBe('2026-10');
    expect(parseBillPeriod('2026年10月的账单')).toBe('2026-10');
    expect(parseBillPeriod('2026年13月')).toBeNull();
    expect(parseBillPeriod('the big one')).toBeNull();
  });
  it('complaint ids and scores', () => {
    expect(findComplaintId('where is c-20261123-0042 now?')).toBe('C-20261123-0042');
    expect(findComplaintId('C-2026-1')).toBeNull();
    expect(parseScore('4')).toBe(4);
    expect(parseScore('5 - very')).toBe(5);
    expect(parseScore('4分')).toBe(4);
    expect(parseScore('三分')).toBe(3);
    expect(parseScore('1 非常不滿意')).toBe(1);
    expect(parseScore('6')).toBeNull();
    expect(parseScore('45')).toBeNull();
  });
});

describe('Cantonese as written in Hong Kong', () => {
  it('finishes a story and asks for a person', () => {
    expect(splitDoneSignal('部機又壞咗。講完了', signals)).toEqual({ rest: '部機又壞咗。', done: true });
    expect(splitDoneSignal('冇了', signals).done).toBe(true);
    expect(isWholePhrase('搵真人', data.flows.interruptions.human['zh-Hant'])).toBe(true);
    expect(detectLocale('部機又壞咗，講完了', null)).toBe('zh-Hant');
  });
});

describe('channel locales, dates and owners as the customer reads them', async () => {
  const { formatDate, ownerName } = await import('../../src/bot/services.js');
  const { hongKongFromChannel, localeFromChannel } = await import('../../src/contracts/chat.js');
  it('maps Web Chat locales to the three Hearken ones', () => {
    expect(localeFromChannel('zh-TW')).toBe('zh-Hant');
    expect(localeFromChannel('zh-HK')).toBe('zh-Hant');
    expect(localeFromChannel('zh-Hant-TW')).toBe('zh-Hant');
    expect(localeFromChannel('zh-CN')).toBe('zh-Hans');
    expect(localeFromChannel('en-US')).toBe('en');
    expect(localeFromChannel('fr-FR')).toBeNull();
    expect(localeFromChannel(undefined)).toBeNull();
    expect(localeFromChannel('yue-Hant-HK')).toBe('zh-Hant');
    expect(localeFromChannel('yue')).toBe('zh-Hant');
  });
  it('knows a Hong Kong or Macau customer with or without a script subtag, and a Cantonese one', () => {
    for (const tag of ['zh-HK', 'zh-Hant-HK', 'zh-hant-hk', 'zh-MO', 'zh-Hant-MO', 'yue', 'yue-Hant-HK']) expect(hongKongFromChannel(tag), tag).toBe(true);
    for (const tag of ['zh-TW', 'zh-Hant-TW', 'zh-Hant', 'zh-CN', 'en-HK-x', 'en-GB', undefined]) expect(hongKongFromChannel(tag), String(tag)).toBe(false);
  });
  it('writes dates in the company time zone and the customer\'s script', () => {
    // The promised time names its zone.
    expect(formatDate('2026-11-24T10:00:00Z', 'en', 'Asia/Shanghai')).toBe('Tuesday, 24 November 2026 at 18:00 (GMT+8)');
    expect(formatDate('2026-11-24T10:00:00Z', 'zh-Hans', 'Asia/Shanghai')).toBe('2026年11月24日星期二 18:00 (GMT+8)');
    expect(formatDate('2026-11-24T10:00:00Z', 'zh-Hant', 'Asia/Taipei')).toBe('2026年11月24日 星期二 下午6:00 (GMT+8)');
    expect(formatDate('2026-11-24T10:00:00Z', 'en', 'Europe/London')).toBe('Tuesday, 24 November 2026 at 10:00 (GMT)');
  });
  it('names queues as teams and people by their id', () => {
    const w = data.wording['zh-Hans'];
    expect(ownerName('queue:web_chat', w)).toBe(w.record.owners.default);
    expect(ownerName('queue:supervisors', w)).toBe(w.record.owners.supervisor);
    expect(ownerName('queue:appeals', w)).toBe(w.record.owners.appeals);
    expect(ownerName('agent:li', w)).toBe('agent:li');
  });
});

describe('Latin brand names in a Chinese conversation', () => {
  it('keep the Chinese script; an English sentence switches', () => {
    expect(detectLocale('iPhone 15', 'zh-Hans')).toBeNull();
    expect(detectLocale('MacBook Pro', 'zh-Hant')).toBeNull();
    expect(detectLocale('my MacBook', 'zh-Hant')).toBe('en');
    expect(detectLocale('yes', 'zh-Hans')).toBe('en');
    expect(detectLocale('iPhone 15', null)).toBe('en');
    expect(detectLocale('我的 iPhone 15 坏了', 'en')).toBe('zh-Hans');
  });
});

describe('the conversation keeps its language', () => {
  it('a word or two of English ("ok", "yes", "my MacBook") keeps Chinese; a sentence switches', () => {
    expect(conversationLocale('yes', 'zh-Hans')).toBeNull();
    expect(conversationLocale('ok thanks', 'zh-Hant')).toBeNull();
    expect(conversationLocale('my MacBook', 'zh-Hant')).toBeNull();
    expect(conversationLocale('my MacBook is broken', 'zh-Hant')).toBe('en');
    expect(conversationLocale('My order is late', 'zh-Hans')).toBe('en');
    // A reference with its label is a value, not a switch to English (Hong Kong customers type this mid-Cantonese).
    expect(conversationLocale('order number HK33190574', 'zh-Hant')).toBeNull();
  });
  it('a short or script-neutral Chinese message keeps the script; clear evidence switches it; Cantonese is Traditional', () => {
    expect(conversationLocale('对', 'zh-Hant')).toBe('zh-Hant');
    expect(conversationLocale('上週一', 'zh-Hans')).toBe('zh-Hans');
    expect(conversationLocale('上週一，打電話過去都沒有人接', 'zh-Hans')).toBe('zh-Hant');
    expect(conversationLocale('我的订单还没到', 'zh-Hant')).toBe('zh-Hans');
    expect(conversationLocale('啱晒', 'zh-Hans', { cantonese: true })).toBe('zh-Hant');
    expect(conversationLocale('13800138000', 'zh-Hant')).toBeNull();
  });
});
