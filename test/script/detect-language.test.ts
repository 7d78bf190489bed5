import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/script/detect-language.js';
import { compileScriptCharacters } from '../../src/script/script-characters.js';
import { buildScriptTables, scriptCharactersOf } from '../../src/script/script-tables.js';

const test = compileScriptCharacters({ simplifiedOnly: '订没这', traditionalOnly: '訂沒這咗' });
const detect = (text: string, previous: 'en' | 'zh-Hans' | 'zh-Hant' | null = null) => detectLanguage(text, test, previous);

describe('detectLanguage: one detector for the bot, triage, the desk and the guard', () => {
  it('tells Simplified from Traditional by the characters only one script has', () => {
    expect(detect('我的订单没到 order 123')).toEqual({ language: 'zh-Hans', script: 'zh-Hans' });
    expect(detect('我的訂單沒到')).toEqual({ language: 'zh-Hant', script: 'zh-Hant' });
    // A character listed on both sides counts as Traditional (Cantonese 咗).
    expect(detect('咗', null).script).toBe('zh-Hant');
  });

  it('keeps the previous Chinese script for text of shared characters only, else Simplified', () => {
    expect(detect('人工', 'zh-Hant')).toEqual({ language: 'zh-Hant', script: 'zh-Hant' });
    expect(detect('人工', 'en')).toEqual({ language: 'zh-Hans', script: 'zh-Hans' });
    expect(detect('人工')).toEqual({ language: 'zh-Hans', script: 'zh-Hans' });
  });

  it('calls text Chinese when Han characters carry it, English when a stray one sits in English', () => {
    expect(detect('我的order还没到').language).toBe('zh-Hans');
    expect(detect('Please ask 李 about the refund today')).toEqual({ language: 'en', script: 'zh-Hans' });
    expect(detect('The 小米 phone I bought is broken and I want my money back').language).toBe('en');
    expect(detect('我想 refund 个 order').language).toBe('zh-Hans');
    // The script of the Chinese part is still known, for a finding quoted from an English draft.
    expect(detect('Tell them 這 is not our fault at all').script).toBe('zh-Hant');
  });

  it('counts an astral Han character once', () => {
    // One Han character and four Latin words: stray, so English; counted twice it would be Chinese.
    expect(detect('𠮷 one two three four').language).toBe('en');
    expect(detect('𠮷野家').language).toBe('zh-Hans');
  });

  it('says nothing (null) for numbers, ids, e-mail addresses and emoji', () => {
    for (const text of ['13800138000', '12345', 'me@example.com', '👍', '']) expect(detect(text, 'zh-Hans').language).toBeNull();
    expect(detect('13800138000').language).toBeNull();
    expect(detect('hello 123')).toEqual({ language: 'en', script: null });
  });

  it('after Chinese, needs an everyday English word to switch: brand names do not', () => {
    expect(detect('iPhone 15', 'zh-Hans').language).toBeNull();
    expect(detect('MacBook Pro', 'zh-Hant').language).toBeNull();
    expect(detect('my MacBook', 'zh-Hant').language).toBe('en');
    expect(detect('iPhone 15', null).language).toBe('en');
    expect(detect('我的 iPhone 15 坏了', 'en').language).toBe('zh-Hans');
  });

  it('reads the guard\'s opencc tables as well as a shipped character list', () => {
    const tables = scriptCharactersOf(buildScriptTables());
    expect(detectLanguage('這事我也做不了主', tables)).toEqual({ language: 'zh-Hant', script: 'zh-Hant' });
    expect(detectLanguage('这事我也做不了主', tables)).toEqual({ language: 'zh-Hans', script: 'zh-Hans' });
    expect(detectLanguage('hello', tables)).toEqual({ language: 'en', script: null });
  });

  it('decides a long text by its first few hundred Chinese characters', () => {
    const text = `${'这'.repeat(400)}${'這'.repeat(1000)}`;
    expect(detect(text).script).toBe('zh-Hans');
  });
});
