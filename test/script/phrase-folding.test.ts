import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPhraseFolder } from '../../src/script/phrase-folding.js';

const fold = createPhraseFolder({ 帐: '账' });

describe('createPhraseFolder', () => {
  it('rewrites Taiwan phrases, then Hong Kong variants, then the extra pairs', () => {
    expect(fold('螢幕壞了')).toBe('屏幕坏了');
    expect(fold('網路很慢')).toBe('网络很慢');
    expect(fold('衞生')).toBe('卫生');
    expect(fold('帐单')).toBe('账单');
  });

  it('leaves text without Han characters alone', () => {
    expect(fold('My SCREEN broke!')).toBe('My SCREEN broke!');
  });

  it('works without extra pairs', () => {
    expect(createPhraseFolder({})('帐單')).toBe('帐单');
  });

  it('folds character by character without phrase rewrites, or says null', () => {
    expect(fold.chars('螢幕壞了')).toBe('萤幕坏了');
    fc.assert(fc.property(fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCharCode(c)), maxLength: 20 }), (text) => {
      const folded = fold.chars(text);
      if (folded !== null) expect(folded.length).toBe(text.length);
    }));
  });
});
