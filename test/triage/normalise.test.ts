import { describe, expect, it } from 'vitest';
import { expandContractions } from '../../src/triage/english.js';
import { loadTriage } from '../../src/lexicon-files/triage-files.js';
import { MAX_MESSAGE_CHARS, normaliseKeepingOffsets, normaliseMessage } from '../../src/triage/normalise.js';

describe('normaliseMessage', () => {
  it('strips pinyin left after Han characters by bad converters', () => {
    expect(normaliseMessage('最新服務(wù)員被顧客投訴')).toBe('最新服務員被顧客投訴');
    expect(normaliseMessage('發(fā)現(xiàn)問題')).toBe('發現問題');
    // Latin in brackets after a Latin word is not pinyin and stays.
    expect(normaliseMessage('the router (model ax3000) died')).toBe('the router (model ax3000) died');
  });

  it('applies NFKC, so full-width letters and digits become ASCII', () => {
    expect(normaliseMessage('ＯＲＤＥＲ１２３ 退款')).toBe('ORDER123 退款');
  });

  it('caps the length and never leaves half a surrogate pair', () => {
    const text = 'a'.repeat(MAX_MESSAGE_CHARS - 1) + '😀😀';
    const out = normaliseMessage(text);
    expect(out.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('keeps offsets when asked to', () => {
    const text = '订单号：ＳＨ２０２６ 电话';
    const out = normaliseKeepingOffsets(text);
    expect(out.length).toBe(text.length);
    expect(out).toBe('订单号:SH2026 电话');
  });
});

describe('expandContractions', () => {
  it('expands standard and apostrophe-less contractions', () => {
    expect(expandContractions("I don't want it, I can't use it and I'm done")).toBe('i do not want it, i can not use it and i am done');
    expect(expandContractions('i dont want a refund, i wont wait')).toBe('i do not want a refund, i will not wait');
    expect(expandContractions('It’s broken and they’ve gone')).toBe('it broken and they have gone');
  });
});

describe('pinyin noise does not hurt triage', () => {
  it('reads a message with pinyin annotations like a clean one', () => {
    const triage = loadTriage();
    const noisy = triage('服務(wù)員態(tài)度太差，要求道歉');
    const clean = triage('服務員態度太差，要求道歉');
    expect(noisy.intent.label).toBe(clean.intent.label);
    expect(noisy.category.label).toBe('service_attitude');
    expect(noisy.lang).toBe('zh-Hant');
  });
});
