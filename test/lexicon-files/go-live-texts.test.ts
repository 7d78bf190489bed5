// What the go-live gate lints against: every bot message by wording key, and the polite corpus.
import { describe, expect, it } from 'vitest';
import { MIN_POLITE_REPLIES, readBotMessages, readPoliteCorpus, shippedLexiconsDir } from '../../src/lexicon-files/index.js';
import { lexiconLayout } from '../../src/lexicon-files/layout.js';

describe('the bot messages', () => {
  const messages = readBotMessages();
  it('are every message of the three wording files and the Hong Kong wording, by key, placeholders filled, synonyms left out', () => {
    const choose = messages.find((m) => m.locale === 'en' && m.key === 'greeting.choose');
    expect(choose).toMatchObject({ file: 'dialogs/wording/en.yaml', text: 'What would you like to do?', line: expect.any(Number), column: expect.any(Number) });
    expect(new Set(messages.map((m) => m.locale))).toEqual(new Set(['en', 'zh-Hans', 'zh-Hant', 'zh-Hant-HK']));
    expect(messages.some((m) => m.key.includes('synonyms'))).toBe(false);
    expect(messages.some((m) => /\{\w+\}/.test(m.text))).toBe(false);
    expect(messages.find((m) => m.key === 'menu.lodge.label' && m.locale === 'zh-Hant')).toBeDefined();
  });
});

describe('the shipped polite corpus', () => {
  const replies = readPoliteCorpus(lexiconLayout(shippedLexiconsDir()).politeCorpus);
  it(`holds at least ${MIN_POLITE_REPLIES} replies, at least 100 in each language, with hard negatives in each`, () => {
    expect(replies.length).toBeGreaterThanOrEqual(MIN_POLITE_REPLIES);
    for (const lang of ['en', 'zh-Hans', 'zh-Hant']) {
      const mine = replies.filter((r) => r.lang === lang);
      expect(mine.length, lang).toBeGreaterThanOrEqual(100);
      expect(mine.filter((r) => r.section === 'resembling-forbidden').length, lang).toBeGreaterThanOrEqual(20);
      // Varied: many trades, no reply twice.
      expect(new Set(mine.map((r) => r.section)).size, lang).toBeGreaterThanOrEqual(12);
      expect(new Set(mine.map((r) => r.text)).size, lang).toBe(mine.length);
    }
  });

  it('locates each reply at its line', () => {
    const first = replies.find((r) => r.lang === 'en')!;
    expect(first).toMatchObject({ file: 'lexicons/polite-corpus/en.yaml', column: 7 });
    expect(first.line).toBeGreaterThan(5);
  });
});
