// Guard round 5 (issue 13): the general causes the round-5 dev set showed, each
// with fresh drafts written for this test (not copies of the dev probes). Names
// and orders someone else gave the customer are reported speech; the customer
// as the one who repeated themselves, "not your fault, it was ours", and an
// agent calling themself long-winded are not reproaches; reporting a case up
// or promising daily updates is a commitment; a Cantonese "go and find them
// yourself" can be negated. The dev-set floors are in round3.test.ts.
import { describe, expect, it } from 'vitest';
import { loadGuardFromDir } from '../../src/lexicon-files/index.js';

const guard = loadGuardFromDir();
const verdict = (text: string) => guard.lint(text).verdict;

describe('names and orders someone else gave the customer (reported speech)', () => {
  it.each([
    "I'm so sorry the driver called you \"clueless\"; that's not acceptable and I've reported him to the depot.",
    '您说安装师傅叫您“老头”，这太不像话了，我们已经投诉到他的公司并向您道歉。',
    '您說店員讓您「自己去看公告」，這是我們的疏失，退貨流程我寫在下面。',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each([
    'Honestly? You\'re "stupid", to be frank.',
    '这个嘛，“老头”，您自己看公告去。',
  ])('still judges the agent\'s own words in quotes: "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

describe('reproach words the agent turns on themself or the company', () => {
  it.each([
    '您已经跟我们讲过好几次了，实在抱歉，这次我一次性帮您处理完。',
    '你已經同我哋講過好幾次，唔好意思，今次我一次過幫你搞掂。',
    '唔關你事，係我哋系統出錯，費用我哋會全數退返。',
    '不关你的事，是我们仓库发错了，运费我们承担。',
    '我可能有點囉唆，再確認一次：週五上午十點到府安裝。',
    "You're not the only customer affected by the outage, and we're crediting everyone a week.",
    'Quick question so we can speed this up: which email did you register with?',
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each([
    '我都講咗幾次喇，你聽唔明咩？',
    '不关你的事，别问那么多。',
    '你真囉唆，講重點。',
    "You're not the only customer, you know.",
    "Hurry up and speed this up, I've got a queue.",
  ])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

describe('commitments and negations', () => {
  it.each([
    '这笔罚款我一个人定不了，我已经上报给主管，她今天下班前回复您。',
    '唔使你自己搵速遞公司，我已經幫你開咗追查單。',
    "I'll go and find my manager for you now.",
  ])('lets "%s" pass', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each([
    "Nothing we can do would bring the photos back, I'm afraid, but I've refunded the printing in full and added a voucher.",
    "There's nothing we can do about the strike, but I've rebooked you on the morning flight.",
  ])('lets "nothing we can do" followed by what was done pass: "%s"', (text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it.each(["There's nothing we can do, sorry.", "Nothing we can do about it, so I've closed the ticket."])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });

  it('does not block a soft negative followed by a promise of daily updates', () => {
    expect(verdict('我們無法保證明天就修好，但我們會每天向您回報進度。')).not.toBe('block');
  });

  it.each([
    '你自己搵速遞公司啦。',
    'Go and find a manager if you want to complain.',
  ])('still blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});

describe('families round 5 broadened', () => {
  it.each([
    "Everyone waits the same, you're not special.",
    "Why didn't you order earlier? It was on sale for weeks.",
    'Who am I supposed to ask? I just answer the phone.',
    "It's late and we're off the clock, come back tomorrow.",
    'You sure do go on and on about this parcel.',
    '張單寫到明㗎，自己睇啦。',
    '你仲想點呀？已經退咗一半俾你。',
    '你還想怎樣？都已經補償你了。',
    '嫌貴就去別家買吧。',
    '阿婆，你係咪老懵懂㗎？',
  ])('blocks "%s"', (text) => {
    expect(verdict(text)).toBe('block');
  });
});
