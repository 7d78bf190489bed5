// Guard round 2 (issue 13): the reported misses and false blocks, the quoting
// rule, span fixes, placeholders in suggestions and clean output.
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { compileGuard } from '../../src/guard/index.js';
import { loadGuardWithSummary } from '../../src/lexicon-files/index.js';
import { APPROVED, CATEGORIES, compileFixture, CUES, rulesFile } from './fixtures.js';

const { guard, files } = loadGuardWithSummary();
const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'twp' });
const toHongKong = OpenCC.Converter({ from: 'cn', to: 'hk' });

const errors = (text: string) => guard.lint(text).findings.filter((f) => f.severity === 'error');
const flagged = (text: string) => guard.lint(text).findings.filter((f) => f.severity !== 'suggestion');
/** A Simplified draft, its Taiwan form (with Taiwan phrasing) and its Hong Kong form. */
const threeScripts = (simplified: string) => [...new Set([simplified, toTaiwan(simplified), toHongKong(simplified)])];

describe('misses reported in issue 13 are blocked', () => {
  it.each([
    'Please refrain from contacting us again about this matter.',
    "Honestly, there's no point escalating this, nobody will look at it.",
    "If the system can't find it, it can't.",
  ])('%s', (draft) => {
    expect(errors(draft).map((f) => f.ruleId)).not.toEqual([]);
  });

  it.each([
    '按规定办，谁来都一样。',
    '我们已经尽力了，您还想怎么样？',
    '这是公司的规定…',
    '系统查不到就是查不到。',
    '墙上贴着，自己看。',
    '网站上都有，自己去看。',
    '短信里写着呢，你自己看。',
    '发票上写得清清楚楚，自己看。',
    '喊什么喊，等一会儿。',
    '叫叫叫，等一下。',
    '你脑子没问题吧？这么简单都看不懂。',
    '老糊涂了吧，订单号都记不住。',
  ])('%s, in Simplified, Taiwan and Hong Kong script', (draft) => {
    for (const text of threeScripts(draft)) expect(errors(text).map((f) => f.ruleId), text).not.toEqual([]);
  });

  it.each(['嗌咩嗌呀，等陣啦。', '叫乜嘢叫，等住先。', '你係咪傻㗎？咁簡單都唔識。', '網站有寫，自己睇啦。', '系統搵唔到就係搵唔到。', '你是白目嗎？看不懂公告喔？'])('Cantonese and Taiwan usage: %s', (draft) => {
    expect(errors(draft).map((f) => f.ruleId)).not.toEqual([]);
  });

  it('gives 這是公司的規定… the same finding as the Simplified form', () => {
    expect(errors('這是公司的規定…').map((f) => f.ruleId)).toEqual(errors('这是公司的规定…').map((f) => f.ruleId));
  });
});

describe('false blocks reported in issue 13 pass', () => {
  it.each([
    "Once things calm down at the courier's depot your parcel will move again.",
    'Please just wait at home tomorrow between 9 and 12; the engineer will call you.',
    "I have other customers in the same street with the same fault, so I've asked the engineer to fix yours first.",
    "It's not something we can help with over the phone, so I've booked an engineer visit for Thursday at 10.",
    "That's not my decision to make alone, so I've asked my manager to approve it right now.",
  ])('%s', (draft) => {
    expect(errors(draft)).toEqual([]);
  });

  it.each([
    '这个我没办法决定，不过我已经请主管马上核准。',
    '您放心，后面还有很多人在排队也不影响，我们会优先处理您的订单。',
  ])('%s, in Simplified, Taiwan and Hong Kong script', (draft) => {
    for (const text of threeScripts(draft)) expect(errors(text), text).toEqual([]);
  });

  it('no longer warns on the apology 我不知道您等了这么久，真的很抱歉 in any script', () => {
    for (const text of threeScripts('我不知道您等了这么久，真的很抱歉。')) expect(flagged(text), text).toEqual([]);
  });

  it('passes an e-mail reply whose > lines quote the customer', () => {
    const reply = [
      'Dear Ms Lee,',
      '',
      '> This is not my problem, you people lost the parcel. Calm down? I am furious!',
      '> Stop wasting my time.',
      '',
      "I'm so sorry about the lost parcel. A replacement ships today and I'll send the tracking number by email.",
    ].join('\n');
    expect(flagged(reply)).toEqual([]);
  });

  it('still excuses nothing when the commitment is in another sentence', () => {
    expect(errors("That's not something we can help with. Anyway.").map((f) => f.ruleId)).toEqual(['deflect.cannot-help-here-en']);
    expect(errors('这个我没办法决定。我已经说了。').map((f) => f.ruleId)).toContain('no-authority.cannot-decide');
  });
});

describe('quoting is no loophole', () => {
  it.each([
    'Honestly? "Not my problem." Call the bank.',
    '这个嘛，“不归我管”，您自己找厂家。',
    '這個嘛，「不歸我管」，您自己找廠家。',
    'Well, "calm down" is all I can say.',
  ])("judges the agent's own phrase in quotes: %s", (draft) => {
    expect(guard.lint(draft).verdict).toBe('block');
  });

  it.each([
    'You said the shop told you "not my problem". I am sorry, that should never have happened, and I will sort it out today.',
    'The store told you it was "not my problem"? I\'m sorry you were treated that way.',
    '客户说“不关我的事”这句话让他很生气，我们已经道歉并退款。',
    '您说的“你问我，我问谁”确实不应该，我们会严肃处理。',
    '您說客服回您「愛買不買」，真的非常抱歉，我們會嚴肅處理。',
    '「你問我，我問誰」這句話是服務忌語，我們已經處理了這位同事。',
    'According to the policy, "no refunds after 30 days", but I have made an exception for you.',
  ])('exempts reported words: %s', (draft) => {
    expect(errors(draft)).toEqual([]);
  });
});

describe('span fixes', () => {
  it('replaces exactly the matched words with text that fits the sentence', () => {
    const draft = "That's not my problem, you should have read the manual.";
    const finding = guard.lint(draft).findings.find((f) => f.ruleId === 'deflect.not-my-job-en')!;
    expect(finding.fix).toEqual({ range: [finding.start, finding.end], text: 'something I will sort out for you' });
    expect(draft.slice(...finding.fix!.range)).toBe('not my problem');
    const fixed = draft.slice(0, finding.fix!.range[0]) + finding.fix!.text + draft.slice(finding.fix!.range[1]);
    expect(fixed).toBe("That's something I will sort out for you, you should have read the manual.");
    expect(guard.lint(fixed).findings.map((f) => f.ruleId)).not.toContain('deflect.not-my-job-en');
    // The whole-sentence rewrite stays a suggestion.
    expect(finding.suggestions[0]).toBe("I'll take ownership of this and follow it up for you.");
  });

  it('capitalises an English fix where the words it replaces started a sentence', () => {
    const [finding] = guard.lint('Not my problem.').findings.filter((f) => f.ruleId === 'deflect.not-my-job-en');
    expect(finding!.fix!.text).toBe('Something I will sort out for you');
  });

  it('offers no fix where the match starts inside an expanded contraction', () => {
    const [finding] = guard.lint("That isn't my problem.").findings.filter((f) => f.ruleId === 'deflect.not-my-job-en');
    expect(finding!.actual).toBe("isn't my problem");
    expect(finding!.fix).toBeUndefined();
  });

  it("writes a Chinese fix in the draft's script", () => {
    const simplified = guard.lint('这个不归我管。').findings[0]!;
    expect(simplified.fix).toEqual({ range: [2, 6], text: '由我来负责' });
    const traditional = guard.lint('這個不歸我管。').findings[0]!;
    expect(traditional.fix).toEqual({ range: [2, 6], text: '由我來負責' });
    const order = guard.lint('短信里写着呢，你自己看。').findings.find((f) => f.ruleId === 'dismissal.written-there')!;
    expect(order.actual).toBe('你自己看');
    expect(order.fix!.text).toBe('我来为您讲解一下');
  });

  it('fails the load when a fix does not fix its own flag example', () => {
    const rules = `rules:
  - id: deflect.bad-fix
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden: [不关我的事, 不归我管]
    fix: {zh: 不归我管}
    suggest: {en: [Let me help with that.]}
    tests: {flag: [这不关我的事], pass: [这件事我来跟进]}
`;
    const result = compileGuard([CATEGORIES, APPROVED, CUES, rulesFile(rules)]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.message).join('\n')).toMatch(/fix "不归我管" does not fix flag example "这不关我的事"/);
  });
});

describe('suggestions are plain text without invented commitments', () => {
  /** Everything the shipped guard can offer an agent: each rule's suggestions and fix, on its own flag examples, in both scripts. */
  function offered(): { ruleId: string; text: string }[] {
    const out: { ruleId: string; text: string }[] = [];
    const examples = files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => [...f.text.matchAll(/flag: \[(.*)\]/g)].flatMap((m) => m[1]!.split(/, (?=(?:[^"]*"[^"]*")*[^"]*$)/)));
    for (const raw of examples) {
      const example = raw.replace(/^"|"$/g, '');
      for (const text of [example, toTaiwan(example)]) {
        for (const f of guard.lint(text, { customerEmotion: { label: 'anger', intensity: 0.9 } }).findings) {
          for (const s of f.suggestions) out.push({ ruleId: f.ruleId, text: s });
          if (f.fix) out.push({ ruleId: f.ruleId, text: f.fix.text });
        }
      }
    }
    return out;
  }
  const all = offered();

  it('covers every rule family and the context check', () => {
    expect(new Set(all.map((o) => o.ruleId)).size).toBeGreaterThanOrEqual(50);
    expect(all.some((o) => o.ruleId === 'context.acknowledge-feelings')).toBe(true);
  });

  it('shows no lexicon syntax (brace lists such as apologi{se,ze,es}, regex escapes or groups)', () => {
    const raw = all.filter((o) => /\{[^}]*\}|\\|\(\?/.test(o.text.replace(/\{time\}/g, '')));
    expect(raw).toEqual([]);
  });

  it('invents no deadline: a time is the visible placeholder {time}', () => {
    const invented = all.filter((o) => /\b\d{1,2} ?(?:am|pm)\b|\bnoon\b|within (?:the|one|an) hour|今天下午|下午[一二三四五六七八九十]点|点前|小时内|一个钟/i.test(o.text));
    expect(invented).toEqual([]);
    expect(all.some((o) => o.text.includes('{time}'))).toBe(true);
  });

  it('flags a draft that still holds the placeholder, as a warning', () => {
    for (const draft of ["I'll escalate this now and update you by {time}.", '我马上把您的问题提交给相关部门，{time}前给您明确答复', '我馬上把您的問題提交給相關部門，{time}前給您明確答覆']) {
      const found = guard.lint(draft).findings;
      expect(found.map((f) => `${f.ruleId}/${f.severity}`), draft).toEqual(['template.unfilled-placeholder/warning']);
    }
    expect(guard.lint("I'll escalate this now and update you by 4 pm.").findings).toEqual([]);
  });

  it('rejects a suggestion with lexicon syntax at load', () => {
    const rules = `rules:
  - id: deflect.leaky
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden: [不关我的事]
    suggest: {en: ["I {apologise,apologize} for that."]}
    tests: {flag: [这不关我的事], pass: [这件事我来跟进]}
`;
    const result = compileGuard([CATEGORIES, APPROVED, CUES, rulesFile(rules)]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/shows lexicon syntax "\{apologise,apologize\}"/);
  });
});

describe('messages fit the draft', () => {
  it('tells a blame draft about blame, not about repeating a question', () => {
    const [finding] = errors('你自己不看，怪谁？');
    expect(finding!.ruleId).toBe('blame.customer-fault');
    expect(finding!.message).not.toMatch(/重复/);
  });

  it("tells a 'what's the rush' draft about brushing off urgency, not about coming back tomorrow", () => {
    const [finding] = errors('急什么，还没上班呢。');
    expect(finding!.ruleId).toBe('impatience.why-rush');
    expect(`${finding!.message}`).not.toMatch(/下班后|明天/);
    const [english] = errors('Stop interrupting me.');
    expect(english!.message).toMatch(/interrupting/);
  });

  it("tells a 'don't argue with me' draft about annoyance, not about repeating", () => {
    const [finding] = errors('你能不能配合一点？');
    expect(finding!.message).toMatch(/厌烦/);
  });
});

describe('mechanisms (fixture lexicon)', () => {
  const approved = {
    path: 'fx/approved.yaml',
    text: `${APPROVED.text}commitments:\n  en: ["so i have booked"]\n  zh: [不过我已经]\n`,
  };
  const rules = `rules:
  - id: deflect.cannot-help
    severity: error
    category: deflection
    message: {en: x, zh: x}
    forbidden: ["not something we can help with"]
    excusedByAction: true
    suggest: {en: [Let me help with that.]}
    tests: {flag: ["That's not something we can help with."], pass: ["It's not something we can help with, so I've booked a visit."]}
  - id: impatience.long-warning
    severity: warning
    category: impatience
    message: {en: x, zh: x}
    forbidden: [看说明书去]
    suggest: {en: [Let me help with that.]}
    tests: {flag: [看说明书去], pass: [请看]}
  - id: impatience.short-error
    severity: error
    category: impatience
    message: {en: x, zh: x}
    forbidden: [你自己看]
    suggest: {en: [Let me help with that.]}
    tests: {flag: [你自己看], pass: [请看]}
`;
  const fixtureGuard = compileFixture([CATEGORIES, approved, CUES, rulesFile(rules)]);

  it('excuses an excusedByAction hit when the same sentence says what the agent did, in either order', () => {
    expect(fixtureGuard.lint("It's not something we can help with, so I've booked a visit.").findings).toEqual([]);
    expect(fixtureGuard.lint("So I've booked a visit, as it's not something we can help with.").findings).toEqual([]);
    expect(fixtureGuard.lint("It's not something we can help with. So I've booked a visit.").findings.map((f) => f.ruleId)).toEqual(['deflect.cannot-help']);
  });

  it('reports the more severe of two overlapping hits, even when it is shorter', () => {
    expect(fixtureGuard.lint('你自己看说明书去').findings.map((f) => `${f.ruleId} ${f.actual}`)).toEqual(['impatience.short-error 你自己看']);
  });
});
