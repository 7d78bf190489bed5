// The go-live gate (src/guard/goLiveGate.ts), pure: a guard against given bot messages and polite
// replies; each block is an error at the lexicon line of the phrase, naming rule, key or corpus line.
import { describe, expect, it } from 'vitest';
import { compileGuard } from '../../src/guard/index.js';
import { goLiveCheck, type BotMessage, type PoliteReply } from '../../src/guard/goLiveGate.js';
import { APPROVED, CATEGORIES, CUES } from './fixtures.js';

const RULES = `rules:
  - id: check.broad-en
    severity: error
    category: deflection
    message: {en: Too broad., zh: 太宽。}
    forbidden:
      - what would you like
    suggest: {en: ["How can I help?"], zh: [我来帮您]}
    tests: {flag: ["So what would you like?"], pass: ["How can I help?"]}
  - id: check.soft-en
    severity: warning
    category: deflection
    message: {en: Soft., zh: 软。}
    forbidden: ["as soon as possible"]
    suggest: {en: ["by {time}"], zh: ["{time}前"]}
    tests: {flag: ["as soon as possible"], pass: ["by Friday"]}
`;
const files = [{ path: 'x/rules.yaml', text: RULES }, CATEGORIES, APPROVED, CUES];
const compiled = compileGuard(files);
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const guard = compiled.guard;

const bot = (key: string, text: string): BotMessage => ({ file: 'dialogs/wording/en.yaml', line: 8, column: 11, key, locale: 'en', text });
const polite = (text: string): PoliteReply => ({ file: 'lexicons/polite-corpus/en.yaml', line: 20, column: 7, lang: 'en', section: 'telecom', text });

describe('goLiveCheck', () => {
  it('turns each blocked bot message into an error at the lexicon entry, naming key, place, words and rule', () => {
    const report = goLiveCheck(guard, { botMessages: [bot('greeting.choose', 'What would you like to do?'), bot('help.general', 'Take your time.')], politeReplies: [] }, new Map(files.map((f) => [f.path, f.text])));
    expect(report).toMatchObject({ botMessages: 2, politeReplies: 0 });
    expect(report.errors).toEqual([{
      file: 'x/rules.yaml', line: 7, column: 9, ruleId: 'check.broad-en',
      message: expect.stringMatching(/^would block the bot's own message greeting\.choose \(en, dialogs\/wording\/en\.yaml:8:11\) at "What would you like": "What would you like to do\?"/),
    }]);
  });

  it('names the corpus line and section of a blocked polite reply', () => {
    const report = goLiveCheck(guard, { botMessages: [], politeReplies: [polite('Tell me what would you like me to check first.')] });
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toMatch(/polite, approved reply of the breadth corpus \(en, telecom, lexicons\/polite-corpus\/en\.yaml:20:7\)/);
    // Without the lexicon texts the column falls back to 1; the line still comes from the finding.
    expect(report.errors[0]).toMatchObject({ file: 'x/rules.yaml', line: 7, column: 1 });
  });

  it('lets warnings and passes through: only a block keeps a guard from going live', () => {
    const report = goLiveCheck(guard, { botMessages: [bot('record.done', 'We will call you as soon as possible.')], politeReplies: [polite('Thanks, that is all I needed.')] });
    expect(guard.lint('We will call you as soon as possible.').verdict).toBe('warn');
    expect(report.errors).toEqual([]);
  });
});
