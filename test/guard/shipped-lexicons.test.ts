// The shipped lexicons against the seed documents and realistic drafts.
// Traditional variants of every example come from opencc-js's own converter,
// not from the guard's tables, so folding is checked against real conversions.
import { readFileSync } from 'node:fs';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { loadGuardWithSummary } from '../../src/lexicon-files/index.js';

const { guard, summary, files } = loadGuardWithSummary();
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const seed = JSON.parse(readFileSync(new URL('./fixtures/seed-000-service-standard.json', import.meta.url), 'utf8')) as { forbidden: string[]; civil: string[] };

const flagged = (text: string) => guard.lint(text).findings.filter((f) => f.severity !== 'suggestion');

function expectFlagged(text: string): void {
  expect(flagged(text).map((f) => f.ruleId), `expected a finding in: ${text}`).not.toEqual([]);
}
function expectClean(text: string): void {
  expect(flagged(text).map((f) => `${f.ruleId}: ${f.actual}`), `expected no finding in: ${text}`).toEqual([]);
}

describe('shipped lexicons', () => {
  it('load, with every rule self-tested', () => {
    expect(summary.ruleCount).toBeGreaterThanOrEqual(30);
    expect(summary.selfTestCount).toBeGreaterThanOrEqual(2 * summary.ruleCount);
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['lexicons/guard/zh.yaml', 'lexicons/guard/en.yaml', 'lexicons/guard/approved.yaml']));
  });

  it('flag all 28 forbidden phrases of the seed service standard, as written (Traditional, pinyin noise)', () => {
    expect(seed.forbidden).toHaveLength(28);
    const [addressTerms, ...phrases] = seed.forbidden;
    for (const term of ['老頭', '老太婆', '神經(jīng)病']) {
      expect(addressTerms).toContain(term);
      expectFlagged(term);
    }
    for (const phrase of phrases) expectFlagged(phrase);
  });

  it('flag the same 28 in Simplified script', () => {
    for (const phrase of seed.forbidden.slice(1)) expectFlagged(toSimplified(phrase.replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, '')));
  });

  it('pass all 32 civil phrases of the seed and every approved phrase', () => {
    expect(seed.civil).toHaveLength(32);
    for (const phrase of seed.civil) expectClean(phrase);
    const approved = files.find((f) => f.path.endsWith('approved.yaml'))!.text;
    const quoted = [...approved.matchAll(/^ {4}- "(.+)"$/gm)].map((m) => m[1]!);
    expect(quoted.length).toBeGreaterThan(10);
    for (const phrase of quoted) expectClean(phrase);
  });

  it('flag the seed 001 stall and the seed 004 negative phrasing, in both scripts', () => {
    const stall = '对不起，这事我也做不了主，我回去把您的意见反映一下，如果我们领导同意，我们会尽快给您答复';
    const negative = '我们无法保证立即解决';
    for (const text of [stall, negative]) {
      expectFlagged(text);
      expectFlagged(toTraditional(text));
    }
    const stallRules = flagged(stall).map((f) => f.ruleId);
    expect(stallRules).toEqual(expect.arrayContaining(['no-authority.cannot-decide', 'stall.relay-and-wait']));
    expect(flagged(negative)[0]).toMatchObject({ category: 'negative_absolute' });
  });

  const ZH_FAMILIES: Record<string, string[]> = {
    deflection: ['这个我管不了', '这事我管不着', '这不归我管', '这不是我负责的', '跟我没关系，你找别人', '那是售后的事，跟我无关', '我只负责销售', '你自己去找厂家吧',
      '请您自行联系快递公司', '你问我，我问谁', '我怎么知道快递什么时候到'],
    no_authority: ['这事我做不了主', '我说了不算', '我没有这个权限', '我只是个客服，我也没办法', '领导不同意我也没办法'],
    stall: ['我回去反映一下', '我帮您反映一下，您等通知吧', '这个我们研究研究', '以后再说吧', '已经帮您提交了，请耐心等待'],
    negative: ['我们不能保证今天解决', '这个不可能', '这个问题解决不了', '没办法，规定就是规定'],
    impatience: ['急什么急', '没看我正忙着吗', '我都说了三遍了', '你烦不烦', '少废话，说重点', '有完没完', '别催了，催也没用'],
    insult: ['你是不是有病', '你脑子进水了吧', '那个老太婆又来了', '你这人怎么听不懂人话', '白痴'],
    provocation: ['有本事你去投诉', '随便你投诉', '我就这态度，怎么了', '你爱找谁找谁'],
    blame: ['这是你自己的问题', '谁让你不看说明书', '是你自己操作不当造成的', '这是快递的问题，不是我们的问题'],
  };

  it('flag Chinese paraphrase families in Simplified, Taiwan and Hong Kong Traditional', () => {
    for (const examples of Object.values(ZH_FAMILIES)) {
      for (const text of examples) {
        expectFlagged(text);
        expectFlagged(toTraditional(text));
        expectFlagged(toHongKong(text));
      }
    }
  });

  it('flag the English families named in the issue, with contractions and inflections', () => {
    const drafts = [
      "That's not my problem.", 'That is not my problem.', "It isn't my department.", "Sorry, that wasn't my department.",
      'Please calm down.', 'You need to calm down, sir.', 'Calming down would help.', 'I already told you.', "I've already told you twice.",
      'You should have read the terms.', "You should've read the terms and conditions.", 'Take it or leave it.', "There's nothing we can do.",
      'There is nothing we can do about it.', "I'm not authorised to decide that.", 'I am not authorized to decide that.',
      'Not my job, mate.', "I just work here.", "You'll have to take it up with the courier.", "We'll see.", "My hands are tied.",
    ];
    for (const text of drafts) expectFlagged(text);
  });

  it('flag contemptuous address in both languages', () => {
    for (const text of ['Listen, honey, that is the rule.', 'Look lady, I cannot change it.', 'Calm down, sweetie.', 'OK buddy, whatever you say.',
      'Are you deaf?', "Don't be stupid.", '喂，老头，排队去', '那个老家伙又来了', '你这人怎么回事', '喂，那个谁，过来', '乡巴佬']) {
      expectFlagged(text);
    }
  });

  it('do not flag realistic polite drafts', () => {
    const polite = [
      '老人家，您别着急，我马上给您办。', '老伯您好，请坐。', '您好，非常抱歉给您带来不便，我们会在今天下午五点前给您回复。',
      '请问您的订单号是多少？', '我们已经给您申请了补偿，请注意查收。', '这边建议您重启一下路由器试试。', '请您稍等一下，我马上帮您查询。',
      '我等一下给您回电话。', '我理解您的心情，这件事我来负责跟进到底。', '不知道您现在方便接电话吗？', '您的意见对我们非常重要，我们会认真改进。',
      '试试看有没有别的办法，我想办法帮您解决。', '这不是您的错，我们马上处理。', '谢谢您的耐心，退款已经到账了。', '您的快递预计明天送达。',
      'Take your time, there is no rush.', 'Thank you for your patience; your refund was issued today.', "I'm sorry this happened. Let me fix it.",
      'I understand your frustration. Let me check the order status for you.', "It's not your fault at all.", 'Thanks for reaching out! Happy to help you today.',
      "I'll contact the courier for you and update you by 5 pm.", 'Your parcel is not lost; it is with the courier.', 'We stock organic honey.',
      'Could you tell me a little more about what happened?', 'I have escalated this to our billing team and will call you back within one hour.',
      "You're right, and I apologise. I'll make sure this gets resolved today.", 'Please keep your receipt for the warranty.',
    ];
    for (const text of polite) {
      expectClean(text);
      if (/\p{Script=Han}/u.test(text)) expectClean(toTraditional(text));
    }
  });

  it('judge a corpus of realistic agent drafts, in both Chinese scripts', () => {
    const lines = readFileSync(new URL('../../lexicons/guard/training/agent-drafts.txt', import.meta.url), 'utf8').split('\n').filter((l) => /^[FP] /.test(l));
    expect(lines.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    for (const line of lines) {
      const text = line.slice(2);
      const variants = /\p{Script=Han}/u.test(text) ? [text, toTraditional(text)] : [text];
      for (const v of variants) {
        const found = flagged(v);
        if ((line[0] === 'F') !== (found.length > 0)) wrong.push(`${line[0]} ${v} -> ${found.map((f) => f.ruleId).join(',') || 'clean'}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('cover Cantonese service taboos written in Traditional characters', () => {
    for (const text of ['呢樣嘢唔關我事', '冇辦法，規矩就係規矩', '你冷靜啲先', '你係咪傻㗎']) expectFlagged(text);
    expectClean('明白你嘅心情，我而家即刻幫你處理');
  });

  it('suggests Traditional alternatives for Traditional drafts', () => {
    const [finding] = flagged('這不歸我管');
    expect(finding!.suggestions.length).toBeGreaterThan(0);
    for (const s of finding!.suggestions) expect(toTraditional(s)).toBe(s);
    const [simplified] = flagged('这不归我管');
    for (const s of simplified!.suggestions) expect(toSimplified(s)).toBe(s);
  });
});
