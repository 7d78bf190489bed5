// Small lexicons written inline so each loader test can break exactly one thing.
import { compileGuard, type Guard, type LexiconFile } from '../../src/guard/index.js';

export const CATEGORIES: LexiconFile = {
  path: 'fx/categories.yaml',
  text: `categories:
  deflection: passing the customer on
  insult: contempt
  impatience: hurrying
  empathy: feelings
`,
};

export const APPROVED: LexiconFile = {
  path: 'fx/approved.yaml',
  text: `context:
  id: context.acknowledge-feelings
  category: empathy
  message:
    en: Acknowledge the customer's feelings first.
    zh: 请先体谅客户的感受。
  suggest:
    en: [I'm sorry this happened., I understand how you feel.]
    zh: [非常抱歉，让您久等了]
acknowledgements:
  zh: [非常抱歉, 我理解您的心情, 让您久等了]
  en: [sorry, i understand how you feel]
civil:
  zh: [您好, 请稍等]
  en: ["Thank you for your patience."]
`,
};

export const CUES: LexiconFile = {
  path: 'fx/customer-cues.yaml',
  text: `upset:
  zh: [生气, 气死, 着急]
  en: [angry, furious, unacceptable, worried]
`,
};

/** A rule file in the shipped format; `extra` is appended to the rule list. */
export const RULES_TEXT = `rules:
  - id: deflect.not-my-job
    severity: error
    category: deflection
    message:
      en: Do not deflect.
      zh: 不要推诿。
    forbidden:
      - 不关我的事
      - 你问我，我问谁
      - "not my {job,problem}"
      - regex: '管不[了着]'
    suggest:
      zh: [这件事由我负责跟进, 后面的头发问题我来处理]
      en: ["I'll take care of it."]
    tests:
      flag: [这不关我的事, "That isn't my job.", 你問我，我問誰？]
      pass: [这件事由我负责跟进]
  - id: insult.old-man
    severity: warning
    category: insult
    message:
      en: Contemptuous address.
      zh: 蔑视性称谓。
    forbidden: [老头, 老头子]
    unless: [老头乐, 老头衫]
    suggest:
      zh: [老伯您好]
    tests:
      flag: [喂，老头]
      pass: [老人家您好, 这件老头衫]
  - id: impatience.calm-down
    severity: suggestion
    category: impatience
    message:
      en: Do not tell customers to calm down.
      zh: 不要叫客户冷静。
    forbidden: ["calm{,s,ed,ing} down"]
    quoted: match
    suggest:
      en: [I understand how you feel.]
    tests:
      flag: ["很calm down吧"]
      pass: ["scalm down"]
`;

export const rulesFile = (text = RULES_TEXT, path = 'fx/rules.yaml'): LexiconFile => ({ path, text });

export function compileFixture(files: LexiconFile[] = [CATEGORIES, APPROVED, CUES, rulesFile()]): Guard {
  const result = compileGuard(files);
  if (!result.ok) throw new Error(result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n'));
  return result.guard;
}
