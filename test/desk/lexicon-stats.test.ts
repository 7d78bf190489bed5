// Lexicon statistics over check outcomes: rule counts, blocks per business day, suggestions
// taken (a revision made with a suggestion no longer reports the rule), disputes, agents.
import { describe, expect, it } from 'vitest';
import { anonymiseAgents, createLexiconStats } from '../../src/desk/lexicon-stats.js';
import type { CheckOutcome } from '../../src/store/insight-reads.js';

const rules = [
  { id: 'deflect.not-my-job', severity: 'error' as const, category: 'deflection' },
  { id: 'impatience.calm-down', severity: 'suggestion' as const, category: 'impatience' },
  { id: 'insult.old-man', severity: 'error' as const, category: 'insult' },
];
let nextId = 0;
const check = (at: string, overrides: Partial<CheckOutcome> = {}): CheckOutcome => ({
  id: ++nextId, at, by: 'U1', channel: 'slack', verdict: 'pass', ruleIds: [], suggestionApplied: false, disputedRuleIds: [], ...overrides,
});

describe('lexicon stats', () => {
  it('counts a learned guess as blocking a blocked check only when no lexicon error explains the block', () => {
    const stats = createLexiconStats({ rules, timeZone: 'Asia/Shanghai', since: new Date('2026-02-28T16:00:00Z'), until: new Date('2026-03-01T16:00:00Z') });
    stats.add(check('2026-02-28T17:00:00Z', { verdict: 'block', ruleIds: ['learned.insult'] }));
    stats.add(check('2026-02-28T17:05:00Z', { verdict: 'block', ruleIds: ['insult.old-man', 'learned.insult'] }));
    stats.add(check('2026-02-28T17:10:00Z', { verdict: 'warn', ruleIds: ['learned.insult'] }));
    const learned = stats.result().rules.find((r) => r.ruleId === 'learned.insult');
    expect(learned).toMatchObject({ category: 'learned', fired: 3, blocked: 1 });
  });

  it('counts rules, blocks per day in the business time zone, suggestions taken, disputes and agents', () => {
    // Shanghai days: 2026-03-01 runs from 2026-02-28T16:00Z.
    const stats = createLexiconStats({ rules, timeZone: 'Asia/Shanghai', since: new Date('2026-02-28T16:00:00Z'), until: new Date('2026-03-03T16:00:00Z') });
    const blocked = check('2026-02-28T17:00:00Z', { verdict: 'block', ruleIds: ['deflect.not-my-job', 'impatience.calm-down'] });
    stats.add(blocked);
    // The agent took a suggestion: the deflection is gone, "calm down" is still there.
    stats.add(check('2026-02-28T17:01:00Z', { verdict: 'warn', ruleIds: ['impatience.calm-down'], suggestionApplied: true, revisionOf: blocked.id }));
    // A second revision of the same check does not count the same rule again.
    stats.add(check('2026-02-28T17:02:00Z', { verdict: 'pass', suggestionApplied: true, revisionOf: blocked.id }));
    stats.add(check('2026-03-02T03:00:00Z', { by: 'U2', verdict: 'block', ruleIds: ['insult.old-man'], disputedRuleIds: ['insult.old-man', 'insult.old-man'] }));
    // Checked from the CLI: reported, but no suggestion buttons were offered.
    stats.add(check('2026-03-02T04:00:00Z', { by: 'cli:li', channel: 'cli', verdict: 'block', ruleIds: ['deflect.not-my-job', 'retired.rule', 'learned.deflection'] }));
    const result = stats.result();

    expect(result.checks).toBe(5);
    expect(result.blocked).toBe(3);
    expect(result.perDay).toEqual([
      { day: '2026-03-01', checks: 3, blocked: 1 },
      { day: '2026-03-02', checks: 2, blocked: 2 },
      { day: '2026-03-03', checks: 0, blocked: 0 },
    ]);
    const byId = Object.fromEntries(result.rules.map((r) => [r.ruleId, r]));
    expect(byId['deflect.not-my-job']).toEqual({ ruleId: 'deflect.not-my-job', category: 'deflection', fired: 2, blocked: 2, offered: 1, accepted: 1, disputed: 0 });
    expect(byId['impatience.calm-down']).toMatchObject({ fired: 2, blocked: 0, offered: 2, accepted: 1 });
    expect(byId['insult.old-man']).toMatchObject({ fired: 1, blocked: 1, disputed: 2 });
    // A rule no longer in the lexicons blocked a blocked check; a learned guess beside a lexicon error did not.
    expect(byId['retired.rule']).toMatchObject({ category: 'unknown', blocked: 1 });
    expect(byId['learned.deflection']).toMatchObject({ category: 'learned', blocked: 0 });
    expect(result.rules[0]!.ruleId).toBe('deflect.not-my-job');
    expect(result.categories).toEqual([{ category: 'deflection', blocked: 2 }, { category: 'insult', blocked: 1 }, { category: 'unknown', blocked: 1 }]);
    expect(result.agents).toEqual([
      { agent: 'U1', checks: 3, blocked: 1 }, { agent: 'U2', checks: 1, blocked: 1 }, { agent: 'cli:li', checks: 1, blocked: 1 },
    ].sort((a, b) => b.checks - a.checks || (a.agent < b.agent ? -1 : 1)));
    expect(anonymiseAgents(result.agents).map((a) => a.agent)).toEqual(['Agent 1', 'Agent 2', 'Agent 3']);
  });
});
