import { describe, expect, it } from 'vitest';
import { LintResultSchema } from '../../src/contracts/finding.js';
import { CATEGORIES, compileFixture, rulesFile } from './fixtures.js';

const guard = compileFixture();
const lint = (text: string, context?: Parameters<typeof guard.lint>[1]) => {
  const result = guard.lint(text, context);
  LintResultSchema.parse(result);
  return result;
};
const ids = (text: string) => lint(text).findings.map((f) => f.ruleId);

describe('guard.lint', () => {
  it('reports the finding shape with offsets, line and column in the original text', () => {
    const text = '您好。\n  这个不關我的事，真的';
    const [finding, ...rest] = lint(text).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: 'deflect.not-my-job', severity: 'error', category: 'deflection', actual: '不關我的事',
      line: 2, column: 5, source: 'fx/rules.yaml:9',
    });
    expect(text.slice(finding!.start, finding!.end)).toBe('不關我的事');
  });

  it('points offsets at the original even through pinyin noise, full-width text and contractions', () => {
    const text = 'Ｏｋ. 服務(wù)不關(guān)我的事 and that ISN’T my job';
    const found = lint(text).findings.map((f) => text.slice(f.start, f.end));
    expect(found).toEqual(['不關(guān)我的事', 'ISN’T my job']);
  });

  it('catches a Traditional draft with a Simplified rule and a Simplified draft with a Traditional-written phrase', () => {
    expect(ids('你問我，我問誰？')).toEqual(['deflect.not-my-job']);
    expect(ids('你问我我问谁')).toEqual(['deflect.not-my-job']);
    // the fixture's phrase 你问我，我问谁 is Simplified; 老頭 is written Traditional in the draft
    expect(ids('喂，老頭')).toEqual(['insult.old-man']);
  });

  it('lets a rule written in Traditional catch a Simplified draft, answering in Simplified', () => {
    const traditionalRules = `rules:
  - id: deflect.written-traditional
    severity: error
    category: deflection
    message: {en: Do not deflect., zh: 不要推諉責任。}
    forbidden: [這事我管不了]
    suggest: {zh: [這件事由我負責跟進，後面的頭髮問題我來處理]}
    tests: {flag: [这事我管不了], pass: [这件事我来跟进]}
`;
    const written = compileFixture([CATEGORIES, rulesFile(traditionalRules)]);
    const [simplified] = written.lint('不好意思，这事我管不了').findings;
    expect(simplified).toMatchObject({ ruleId: 'deflect.written-traditional', actual: '这事我管不了', message: '不要推诿责任。' });
    expect(simplified!.suggestions).toEqual(['这件事由我负责跟进，后面的头发问题我来处理']);
    const [traditional] = written.lint('這事我管不了').findings;
    expect(traditional!.suggestions).toEqual(['這件事由我負責跟進，後面的頭髮問題我來處理']);
  });

  it('gives Traditional drafts Traditional suggestions and messages, phrase-aware', () => {
    const [trad] = lint('這事不關我的事').findings;
    expect(trad!.suggestions).toEqual(['這件事由我負責跟進', '後面的頭髮問題我來處理']);
    expect(trad!.message).toBe('不要推諉。');
    const [simp] = lint('这事不关我的事').findings;
    expect(simp!.suggestions).toEqual(['这件事由我负责跟进', '后面的头发问题我来处理']);
    const [en] = lint("it's not my problem").findings;
    expect(en!.suggestions).toEqual(["I'll take care of it."]);
    expect(en!.message).toBe('Do not deflect.');
  });

  it('matches English with no Latin letter or digit adjacent, and Chinese with no boundary', () => {
    expect(ids('很calm down吧')).toEqual(['impatience.calm-down']);
    expect(ids('scalm down')).toEqual([]);
    expect(ids('calm downs')).toEqual([]);
    expect(ids('calm down2')).toEqual([]);
    expect(ids('(calmed down)')).toEqual(['impatience.calm-down']);
    expect(ids('这事管不着吧')).toEqual(['deflect.not-my-job']);
  });

  it('matches contractions and inflections of the same phrase', () => {
    for (const draft of ["isn't my job", 'is not my job', "wasn't my job", 'WERE NOT MY PROBLEM']) {
      expect(ids(draft)).toEqual(['deflect.not-my-job']);
    }
    expect(ids('calming down')).toEqual(['impatience.calm-down']);
  });

  it('cancels a hit covered by an unless phrase, but not other hits', () => {
    expect(ids('这件老头衫')).toEqual([]);
    expect(ids('老頭乐卖完了')).toEqual([]);
    expect(ids('这件老头衫，老头')).toEqual(['insult.old-man']);
    expect(ids('老人家您好')).toEqual([]);
  });

  it('keeps the longest match and reports each span once', () => {
    const findings = lint('老头子').findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.actual).toBe('老头子');
  });

  it('runs regex entries on the folded text', () => {
    expect(lint('你管不著').findings[0]).toMatchObject({ ruleId: 'deflect.not-my-job', actual: '管不著' });
  });

  it('skips quoted speech by default, unless the rule says quoted: match', () => {
    expect(ids('规定里写着“不关我的事”是忌语')).toEqual([]);
    expect(ids('「你問我，我問誰」這句話不能說')).toEqual([]);
    expect(ids('He said "not my job" once')).toEqual([]);
    expect(ids('不关我的事“引号”')).toEqual(['deflect.not-my-job']);
    expect(ids('“不关我的事')).toEqual(['deflect.not-my-job']);
    expect(ids('never say "calm down" to a customer')).toEqual(['impatience.calm-down']);
  });

  it('decides the verdict from the worst severity', () => {
    expect(lint('不关我的事').verdict).toBe('block');
    expect(lint('老头').verdict).toBe('warn');
    expect(lint('calm down').verdict).toBe('pass');
    expect(lint('您好').verdict).toBe('pass');
  });
});

describe('context check', () => {
  const ACK = 'context.acknowledge-feelings';
  it('suggests acknowledging an upset customer (from the cue list) when the draft has no acknowledgement', () => {
    const result = lint('Your refund will arrive on Monday.', { customerText: 'This is UNACCEPTABLE, I am furious' });
    expect(result.verdict).toBe('pass');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: ACK, severity: 'suggestion', category: 'empathy', start: 0, line: 1, column: 1 });
    expect(result.findings[0]!.suggestions).toEqual(["I'm sorry this happened.", 'I understand how you feel.']);
  });

  it('accepts the customer message as `customer` too', () => {
    expect(lint('Your refund arrives Monday.', { customer: 'I am furious' }).findings.map((f) => f.ruleId)).toEqual([ACK]);
  });

  it('is satisfied by an acknowledgement or apology in the draft', () => {
    expect(lint("I'm so sorry — your refund arrives Monday.", { customerText: 'I am furious' }).findings).toEqual([]);
    expect(lint('非常抱歉，退款周一到账。', { customerText: '气死我了' }).findings).toEqual([]);
  });

  it('uses triage emotion when given, over the cue list', () => {
    expect(ids2('退款周一到账。', { customerEmotion: { label: 'anxiety', intensity: 0.8 } })).toEqual([ACK]);
    expect(ids2('退款周一到账。', { customerText: '气死我了', customerEmotion: { label: 'neutral', intensity: 0.9 } })).toEqual([]);
    expect(ids2('退款周一到账。', { customerEmotion: { label: 'anger', intensity: 0.1 } })).toEqual([]);
  });

  it('answers Traditional drafts in Traditional', () => {
    const [finding] = lint('退款週一到帳。', { customerText: '氣死我了' }).findings;
    expect(finding!.message).toBe('請先體諒客戶的感受。');
    expect(finding!.suggestions[0]).toBe('非常抱歉，讓您久等了');
  });

  it('stays quiet for calm customers and without context', () => {
    expect(lint('退款周一到账。', { customerText: '请问退款什么时候到？' }).findings).toEqual([]);
    expect(lint('退款周一到账。').findings).toEqual([]);
  });

  function ids2(text: string, context: Parameters<typeof guard.lint>[1]) {
    return lint(text, context).findings.map((f) => f.ruleId);
  }
});

describe('bad input', () => {
  it('handles empty text', () => {
    expect(lint('')).toEqual({ verdict: 'pass', findings: [] });
    expect(lint('', { customerText: 'furious' }).findings[0]!.end).toBe(0);
  });

  it('handles 1 MB of text and finds phrases anywhere in it', () => {
    const filler = '您好，请问有什么可以帮您？Thank you for waiting. '.repeat(30_000);
    const text = `${filler}不关我的事${filler.slice(0, 1000)}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    const result = lint(text);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.start).toBe(filler.length);
  });

  it('handles 1 MB made of forbidden phrases, exceptions and quotes', () => {
    const unit = '不关我的事，老头衫老头。客户说“你问我，我问谁”';
    const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
    const result = lint(text);
    const repeats = text.length / unit.length;
    // per repeat: 不关我的事 and 老头 are reported; 老头衫 is an exception; the reported quote is skipped
    expect(result.findings).toHaveLength(repeats * 2);
    expect(result.findings.filter((f) => f.actual === '老头')).toHaveLength(repeats);
    expect(result.findings.at(-1)!.line).toBe(1);
  });

  it('handles binary garbage and lone surrogates without crashing', () => {
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256);
    const garbage = new TextDecoder('utf-8').decode(bytes) + String.fromCharCode(...bytes.slice(0, 512));
    expect(() => lint(garbage)).not.toThrow();
    // A lone surrogate between Han characters is ignored like any separator.
    const result = lint('\ud800不关\udfff我的事 \ud83d');
    expect(result.findings.map((f) => f.actual)).toEqual(['不关\udfff我的事']);
    expect(lint('\ud800不关我的事\udfff').findings.map((f) => f.actual)).toEqual(['不关我的事']);
  });

  it('handles mixed script and mixed language drafts', () => {
    const text = '這個不关我的事 and honestly it is not my problem, 你问我我問誰';
    expect(lint(text).findings.map((f) => f.actual)).toEqual(['不关我的事', 'not my problem', '你问我我問誰']);
  });

  it('rejects a non-string draft with a clear error', () => {
    expect(() => guard.lint(undefined as unknown as string)).toThrow(/expects a string draft, got undefined/);
    expect(() => guard.lint(null as unknown as string)).toThrow(/got null/);
  });
});
