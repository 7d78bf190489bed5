import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { wordingStrings } from '../../src/bot/wording.js';
import { data } from './fixtures.js';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const han = (text: string) => [...text].filter((ch) => /\p{Script=Han}/u.test(ch));


describe('the Chinese wording is written in its own script', () => {
  // Synonyms are what customers type (Cantonese 啱晒 among them), matched script-blind: only what the bot says is held to its script.
  const said = (strings: ReturnType<typeof wordingStrings>) => strings.filter((s) => !s.path.includes('synonyms'));
  const hans = wordingStrings(data.wording['zh-Hans']);
  const hant = wordingStrings(data.wording['zh-Hant']);

  it('zh-Hans uses no Traditional-only character, zh-Hant no Simplified-only one (nor the Hong Kong wording)', () => {
    // Whole strings, so phrase context decides (什么 stays 什么; 么 alone would read as 幺).
    const changed = (text: string, convert: (t: string) => string) =>
      [...text].filter((ch, i) => [...convert(text)][i] !== ch).join('');
    const badHans = said(hans).map((s) => `${s.path.join('.')}: ${changed(s.text, toSimplified)}`).filter((line) => !line.endsWith(': '));
    const badHant = [...said(hant), ...said(wordingStrings(data.variants.hongKong))].map((s) => `${s.path.join('.')}: ${changed(s.text, toTraditional)}`).filter((line) => !line.endsWith(': '));
    expect(badHans).toEqual([]);
    expect(badHant).toEqual([]);
  });

  it('zh-Hant is written for Traditional readers, not a character-by-character conversion of zh-Hans', () => {
    const hansByPath = new Map(hans.map((s) => [s.path.join('.'), s.text]));
    const messages = hant.filter((s) => !s.path.includes('synonyms') && han(s.text).length > 4);
    const rewritten = messages.filter((s) => toTraditional(hansByPath.get(s.path.join('.')) ?? '') !== s.text);
    // Most sentences use Taiwan/Hong Kong wording (申訴, 資料, 聯絡, 電子郵件…), not just converted glyphs.
    expect(rewritten.length / messages.length).toBeGreaterThan(0.6);
  });
});
