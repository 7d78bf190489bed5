// Guard round 4 (issue 13): the general causes found by dev probes F and G.
// "Not my remit" is excused when the sentence says what the agent did about
// it, but "not my business" never is; quotes a customer reports from any
// member of staff are exempt; an apology for making the customer repeat
// themselves is not "I've told you N times".
import { describe, expect, it } from 'vitest';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';

const guard = loadGuardFromDir();
const verdict = (text: string) => guard.lint(text).verdict;

describe('not my remit (deflect.not-my-remit, excused by what the agent did; deflect.not-my-job never)', () => {
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

describe('polite uses of risky words (probe H)', () => {
  it.each([
    "That was a stupid mistake on our part, and I'm sorry - the refund is on its way.",
    'As I mentioned on the phone, the engineer will bring the part with him on Tuesday.',
    "You were told it wasn't our problem - it is, and I'm taking care of it today.",
    "Most customers don't notice this setting, so it's no surprise it caught you out - I've switched it for you.",
    '之前有人跟您說這不關我們的事，這是不對的，現在由我負責處理。',
    '很遗憾用过的票不能退，不过我可以免费帮您改到其他日期。',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });
  it.each(["That's a stupid question.", 'Not my problem, call the bank.', '不能退，你自己看着办。', '连我奶奶都会用，你怎么就不会？'])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

describe('Taiwan and Hong Kong spellings the script fold leaves apart', () => {
  it.each(['妳煩不煩啊', '你在叫甚麼，等一下', '妳到底想怎樣'])('blocks "%s" as its 你 / 什麼 spelling would be', (text) => {
    expect(verdict(text)).toBe('block');
  });
  it('keeps the finding on the original characters', () => {
    const [f] = guard.lint('好啦，妳煩不煩').findings;
    expect(f!.actual).toBe('妳煩不煩');
  });
  it('leaves 甚至 (even) alone', () => {
    expect(verdict('甚至可以今天送到，請您放心。')).toBe('pass');
  });
});
