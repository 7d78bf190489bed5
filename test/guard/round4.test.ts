// Guard round 4 (issue 13): the general causes found by dev probes F and G.
// "Not my remit" is excused when the sentence says what the agent did about
// it, but "not my business" never is; quotes a customer reports from any
// member of staff are exempt; an apology for making the customer repeat
// themselves is not "I've told you N times".
import { describe, expect, it } from 'vitest';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';

const guard = loadGuardFromDir();
const verdict = (text: string) => guard.lint(text).verdict;

describe('not my remit (deflect.not-my-remit, excused by what the agent did)', () => {
  it.each([
    '这个不是我负责的部分，但我已经转给负责的同事，并会跟进结果告诉您。',
    '呢部分唔係我負責，不過我已經轉咗俾負責同事，會跟進結果話你知。',
    '這個歸會計管，不過我已經幫您聯絡會計，下午回覆您。',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each([
    '这个不是我负责的，你去问别人。',
    '唔係我負責，我唔知。',
    '這個歸會計管，我不清楚。',
    // "Not my business" stays a block even with an action after it.
    '不关我的事，我已经帮你转给快递了。',
  ])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

describe('reported speech from any member of staff', () => {
  it('exempts a quote the customer reports from 门市人员 (Traditional quotes)', () => {
    expect(verdict('您說門市人員回您「不關我的事」，這是我們的疏失，我已經反映並向您道歉。')).not.toBe('block');
  });
  it('exempts a quote after the customer\'s own account (您提到…说)', () => {
    expect(verdict('您提到物流人員說「這跟我沒關係」，我們很抱歉，已向物流公司反映。')).not.toBe('block');
  });
  it('still judges the agent\'s own phrase in quotes', () => {
    expect(verdict('这个嘛，“不归我管”，您自己找厂家。')).toBe('block');
  });
});

describe('apologies for making the customer repeat themselves', () => {
  it.each([
    '麻烦您重复说明了好几次，真的很抱歉，我已经把情况完整记录下来了。',
    '要你重複講咗幾次，真係唔好意思，我已經將情況完整記錄低。',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });
  it.each(['同样的话我都说第三遍了。', '同一樣嘢我講咗三次喇。'])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});
