import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/script/detect-language.js';
import { foldTraditional } from '../../src/script/fold-traditional.js';
import { simplifiedConverterFor, traditionalConverterFor } from '../../src/script/phrase-converters.js';
import { buildScriptTables, scriptCharactersOf } from '../../src/script/script-tables.js';

const tables = buildScriptTables();

// Any mix of ASCII, CJK punctuation and the most common Han block.
const mixedText = fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x3000, max: 0x303f }), fc.integer({ min: 0x4e00, max: 0x9fff })).map((c) => String.fromCharCode(c)), maxLength: 40 });

describe('foldTraditional', () => {
  it('folds Traditional and regional variants to Simplified, character for character', () => {
    expect(foldTraditional('說話', tables)).toBe('说话');
    expect(foldTraditional('頭髮', tables)).toBe('头发');
    // Taiwan 裡 and Hong Kong 裏 both meet Simplified 里.
    expect(foldTraditional('裡面 裏面', tables)).toBe('里面 里面');
    // A pair opencc keeps apart but complaints use interchangeably.
    expect(foldTraditional('帐单', tables)).toBe('账单');
    expect(foldTraditional('My bill 123', tables)).toBe('My bill 123');
  });

  it('keeps the length and is idempotent (offsets survive, a folded rule meets a folded draft)', () => {
    fc.assert(fc.property(mixedText, (text) => {
      const once = foldTraditional(text, tables);
      expect(once.length).toBe(text.length);
      expect(foldTraditional(once, tables)).toBe(once);
    }));
  });
});

const scriptOf = (text: string, t: typeof tables) => detectLanguage(text, scriptCharactersOf(t)).script;

describe('the script detectLanguage reads with the guard\'s tables', () => {
  it('tells Traditional from Simplified text, and says none without Han characters', () => {
    expect(scriptOf('這事我也做不了主', tables)).toBe('zh-Hant');
    expect(scriptOf('这事我也做不了主', tables)).toBe('zh-Hans');
    expect(scriptOf('hello', tables)).toBeNull();
  });

  it('calls text without any script-specific character Simplified', () => {
    expect(scriptOf('我不要了', tables)).toBe('zh-Hans');
  });

  it('agrees with the fold: folding Traditional text never leaves it Traditional', () => {
    fc.assert(fc.property(mixedText, (text) => {
      expect(scriptOf(foldTraditional(text, tables), tables)).not.toBe('zh-Hant');
    }));
  });
});

describe('phrase converters', () => {
  it('converts Simplified to Taiwan Traditional phrase by phrase', () => {
    const convert = traditionalConverterFor(['头发很长', '里面'], tables);
    expect(convert('头发很长')).toBe('頭髮很長');
    expect(convert('里面')).toBe('裡面');
  });

  it('converts Traditional to Simplified for display without matching-only folds', () => {
    const convert = simplifiedConverterFor(['頭髮', '什麼'], tables);
    expect(convert('頭髮')).toBe('头发');
    expect(convert('什麼')).toBe('什么');
  });
});
