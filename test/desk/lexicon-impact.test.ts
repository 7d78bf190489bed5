// The impact preview's core: two real compiled guards (the fixture lexicons and an edit of
// them) judge the same drafts; only drafts that cross the block line are reported.
import { describe, expect, it } from 'vitest';
import { createImpactReplay, type ReplayDraft } from '../../src/desk/lexicon-impact.js';
import { APPROVED, CATEGORIES, CUES, RULES_TEXT, compileFixture, rulesFile } from '../guard/fixtures.js';

const OVER_BROAD = `  - id: dismissal.over-broad
    severity: error
    category: deflection
    message:
      en: Over-broad.
      zh: 过宽。
    forbidden: ["what would you like to do"]
    suggest:
      en: ["Here is what I can do for you."]
      zh: [我来为您处理]
    tests:
      flag: ["So, what would you like to do about it?"]
      pass: ["Your refund is on its way."]
`;
// The edit: a new over-broad rule, and the deflection rule softened to a warning.
const EDITED = `${RULES_TEXT.replace(/(id: deflect\.not-my-job\n\s+severity:) error/, '$1 warning')}${OVER_BROAD}`;

const live = { guard: compileFixture(), version: 'live00000001' };
const edited = { guard: compileFixture([CATEGORIES, APPROVED, CUES, rulesFile(EDITED)]), version: 'edit00000001' };
const audit = (ref: string, text: string, extra: Partial<ReplayDraft> = {}): ReplayDraft => ({ source: 'audit', ref, text, ...extra });

describe('lexicon impact replay', () => {
  it('reports newly blocked and newly passed drafts per rule, with examples, from audit and corpus', () => {
    const replay = createImpactReplay({ live, edited, examples: 1 });
    replay.add({ source: 'polite', ref: 'en.yaml#4', text: 'What would you like to do next? I can refund or replace it.' });
    replay.add(audit('1', 'So, what would you like to do about it?'));
    replay.add(audit('2', 'That is not my job.'));
    replay.add(audit('3', 'So, what would you like to do about it?'));
    replay.add(audit('4', 'Thank you for waiting, your parcel ships today.', { context: { message: 'I am furious!' } }));
    const report = replay.report();

    expect(report.newlyBlocked).toMatchObject({ total: 3, audited: 2, polite: 1 });
    expect(report.newlyBlocked.byRule).toEqual([{
      ruleId: 'dismissal.over-broad', count: 3, polite: 1,
      examples: [{ source: 'polite', ref: 'en.yaml#4', text: 'What would you like to do next? I can refund or replace it.', actual: 'What would you like to do' }],
    }]);
    expect(report.newlyPassed).toMatchObject({ total: 1, audited: 1, polite: 0 });
    expect(report.newlyPassed.byRule.map((r) => [r.ruleId, r.count, r.examples[0]!.ref, r.examples[0]!.actual])).toEqual([['deflect.not-my-job', 1, '2', 'not my job']]);
    expect(report.rulesAdded).toEqual(['dismissal.over-broad']);
    expect(report.rulesRemoved).toEqual([]);
    // The draft with an upset customer fired the context check; nothing fired the two other rules.
    expect(report.rulesNeverFired).toEqual(['insult.old-man', 'impatience.calm-down']);
    expect(report.drafts).toEqual({ audited: 4, polite: 1, liveReplayed: 5, distinct: 4 });
  });

  it('takes the live verdict from the audit when the live lexicons judged the draft, and replays it otherwise', () => {
    const replay = createImpactReplay({ live, edited });
    // Recorded as blocked by the live version: the recorded verdict stands (no relint), so the edit "passes" it.
    replay.add(audit('7', 'Thank you.', { recorded: { version: live.version, blocked: true, ruleIds: ['deflect.not-my-job'] } }));
    // Recorded by another version: judged again by the live lexicons, which pass it.
    replay.add(audit('8', 'Thank you.', { recorded: { version: 'older0000000', blocked: true, ruleIds: ['deflect.not-my-job'] } }));
    const report = replay.report();
    expect(report.newlyPassed.byRule.map((r) => [r.ruleId, r.count, r.examples.map((e) => e.ref)])).toEqual([['deflect.not-my-job', 1, ['7']]]);
    expect(report.newlyPassed.byRule[0]!.examples[0]!.actual).toBeUndefined();
    expect(report.drafts.liveReplayed).toBe(1);
  });

  it('finds no change when both sides are the same lexicons, and counts every rule as never fired without drafts', () => {
    const same = createImpactReplay({ live, edited: live });
    same.add(audit('1', 'That is not my job.'));
    const report = same.report();
    expect(report.newlyBlocked.total + report.newlyPassed.total).toBe(0);
    expect(report.drafts.liveReplayed).toBe(0);
    const empty = createImpactReplay({ live, edited }).report();
    expect(empty.rulesNeverFired).toEqual(edited.guard.rules.map((r) => r.id));
  });
});
