// The learned escalation head (round 5): it adds escalations the cue rules miss, the rules
// stay the floor, and denied threats, professions and lookalikes keep it quiet. The
// messages here are written for this test in all three scripts; none is copied from the
// corpus or a dev set.
import { describe, expect, it } from 'vitest';
import { ESCALATION_REASONS, type EscalationReason } from '../../src/contracts/triage.js';
import { combineEscalation } from '../../src/triage/escalation-head.js';
import { thresholdForPrecision } from '../../src/triage/classifier.js';
import { escalationParts } from '../../src/triage/evaluate.js';
import { createTriage } from '../../src/triage/index.js';
import { ESCALATION_HEAD_LABELS } from '../../src/triage/model.js';
import { readTriageModel } from '../../src/lexicon-files/triage-files.js';

/** Head probabilities with `mass` on `reason` and the rest on none. */
const head = (reason: EscalationReason, mass: number) => ESCALATION_HEAD_LABELS.map((l) => (l === reason ? mass : l === 'none' ? 1 - mass : 0));
const thresholds = Object.fromEntries(ESCALATION_REASONS.map((r) => [r, 0.6])) as Record<EscalationReason, number>;
const nothing = { reasons: [], denied: [], excluded: [] };

describe('combineEscalation: the rules are the floor, the head adds when confident', () => {
  it('keeps every rule reason, even when the head is sure there is nothing', () => {
    expect(combineEscalation({ ...nothing, reasons: ['legal'] }, head('media', 0), thresholds).reasons).toEqual(['legal']);
  });

  it('adds the head\'s top reason at or above its threshold, and nothing below it', () => {
    expect(combineEscalation(nothing, head('safety', 0.6), thresholds)).toEqual({ reasons: ['safety'], learned: ['safety'] });
    expect(combineEscalation(nothing, head('safety', 0.59), thresholds).reasons).toEqual([]);
    expect(combineEscalation(nothing, head('repeat', 0.7), { ...thresholds, repeat: 0.8 }).reasons).toEqual([]);
  });

  it('adds nothing beside a rule hit: the case escalates already', () => {
    expect(combineEscalation({ ...nothing, reasons: ['media'] }, head('safety', 0.9), thresholds)).toEqual({ reasons: ['media'], learned: [] });
  });

  it('never adds a threat after a denied one, and never a profession or lookalike reason', () => {
    expect(combineEscalation({ ...nothing, denied: ['media'] }, head('media', 0.95), thresholds).reasons).toEqual([]);
    // The head's belief in a threat does not move to another threat once one was denied.
    expect(combineEscalation({ ...nothing, denied: ['media'] }, head('legal', 0.95), thresholds).reasons).toEqual([]);
    expect(combineEscalation({ ...nothing, excluded: ['legal'] }, head('legal', 0.95), thresholds).reasons).toEqual([]);
    expect(combineEscalation({ ...nothing, excluded: ['repeat'] }, head('repeat', 0.95), thresholds).reasons).toEqual([]);
  });

  it('a negated hazard word does not stop it ("didn\'t switch the gas off" describes the hazard)', () => {
    expect(combineEscalation({ ...nothing, denied: ['safety'] }, head('safety', 0.9), thresholds).reasons).toEqual(['safety']);
  });
});

describe('thresholdForPrecision', () => {
  it('takes the lowest threshold whose precision reaches the target, never below the floor', () => {
    const scores = [0.95, 0.9, 0.8, 0.7, 0.6, 0.55];
    const positive = [true, true, true, false, true, false];
    expect(thresholdForPrecision(scores, positive, 0.9, 0.5)).toMatchObject({ threshold: 0.71, precision: 1, recall: 0.75 });
    expect(thresholdForPrecision(scores, positive, 0.75, 0.5).threshold).toBe(0.56);
    expect(thresholdForPrecision(scores, positive, 0.75, 0.9).threshold).toBe(0.9);
  });

  it('is 1 (adds nothing) when no threshold reaches the precision', () => {
    expect(thresholdForPrecision([0.9, 0.8], [false, false], 0.9, 0.5)).toEqual({ threshold: 1, precision: 1, recall: 0 });
  });
});

describe('the shipped model\'s escalation head', () => {
  const model = readTriageModel();
  const triage = createTriage(model);
  const parts = escalationParts(model);

  it('ships a threshold per reason, chosen out of fold (never below the 0.5 floor)', () => {
    for (const reason of ESCALATION_REASONS) expect(model.thresholds.escalation[reason], reason).toBeGreaterThanOrEqual(0.5);
  });

  // Calm danger, exposure and repeats told in words the cue rules were not written for.
  const cases: [string, EscalationReason][] = [
    ['The fairy lights you sell got so hot one of the bulbs split and the wire went soft.', 'safety'],
    ['Since your fitter put the cooker hood in, the switch buzzes and gives off a hot plastic smell.', 'safety'],
    ['My grandad tripped on the loose stair rod your carpet fitters left and cut his shin open.', 'safety'],
    ['I am going to share screenshots of this whole chat with the parents at my kids\' school.', 'media'],
    ['Round four of chasing the same missing refund with you. Nothing has changed since round one.', 'repeat'],
    ['充电器用了十分钟外壳就软了，还闻到一股塑料烧焦的味道。', 'safety'],
    ['装修师傅把电线接头露在浴缸旁边，地上还有积水。', 'safety'],
    ['这个问题我已经第六次联系你们了，每次都说会处理。', 'repeat'],
    ['部抽濕機用咗半個鐘個插頭熱到變形，仲有陣燶味。', 'safety'],
    ['師傅整完個熱水爐，啲喉位漏緊水，又近住個電掣。', 'safety'],
    ['呢件事我已經係第五次打嚟講，次次都話跟進。', 'repeat'],
  ];

  // A learned head is judged by its rate, not case by case: at least 8 of the 11 escalate with
  // their reason (at most two misses per script), and the head alone (rules aside) reaches at least 8.
  it('escalates most of them with the right reason, in all three scripts', () => {
    const missed = cases.filter(([text, reason]) => !triage(text).escalate.reasons.includes(reason)).map(([text]) => text);
    expect(missed.length, missed.join('\n')).toBeLessThanOrEqual(3);
    for (const script of [/[a-z]/, /[们这电师]/u, /[哋嘅咗個係]/u]) {
      const mine = cases.filter(([text]) => script.test(text));
      expect(mine.filter(([text, reason]) => triage(text).escalate.reasons.includes(reason)).length, String(script)).toBeGreaterThanOrEqual(mine.length - 2);
    }
  });

  it('reaches most of them on its own, without the rules', () => {
    const byHead = cases.filter(([text, reason]) => parts(text).head.includes(reason)).length;
    expect(byHead).toBeGreaterThanOrEqual(8);
  });

  // Hard negatives: denied threats, professions, lookalikes and everyday counts.
  it.each([
    'I\'m not going to post about this anywhere, I only want the lamp swapped.',
    'I have no intention of involving a solicitor, just refund the delivery charge please.',
    'My brother is a journalist but I\'m asking as an ordinary customer: the invoice is wrong.',
    'Saturday again and the kitchen doors are still on back order.',
    'The TV has burn-in where the clock sits after only a month.',
    '我不会发到网上的，只是想把坏了的台灯换掉。',
    '我本身是记者，不过这次只是以顾客身份反映：发票抬头写错了。',
    '又到周末了，橱柜门还在缺货。',
    '我唔會放上網，淨係想你哋換返盞燈俾我。',
    '我老公係記者，不過我今次淨係以客人身份講：張單寫錯咗。',
    '又到禮拜六，廚櫃門仲係缺貨。',
  ])('does not escalate: %s', (text) => {
    expect(triage(text).escalate).toEqual({ value: false, reasons: [] });
  });

  // Known weakness (docs/triage.md, Weak spots): an nth purchase told with "third" and "this"
  // reads as a hazard to the head, whose weights on common words are large for ~1,300
  // escalating examples. This fails until the head stops escalating it.
  it.fails('does not escalate an nth purchase: This is my third order of these notebooks … the first with loose pages.', () => {
    expect(triage('This is my third order of these notebooks over the years and the first with loose pages.').escalate.value).toBe(false);
  });
});

describe('the cross-validated eval reports the escalation head', () => {
  it('scores the rules alone, the head alone and both together on held-out folds', async () => {
    const { readTriageSources } = await import('../../src/lexicon-files/triage-files.js');
    const { crossValidateTriage } = await import('../../src/triage/evaluate.js');
    const { DEFAULT_TRAINER_CONFIG } = await import('../../src/triage/train.js');
    const sources = readTriageSources();
    const model = readTriageModel();
    // A small slice keeps this quick: 30 complaints per language (a third escalating) and 30 other messages.
    const examples = (['en', 'zh-Hans', 'zh-Hant'] as const).flatMap((lang) => {
      const mine = sources.examples.filter((e) => e.lang === lang);
      return [...mine.filter((e) => e.escalate.length > 0).slice(0, 10), ...mine.filter((e) => e.escalate.length === 0).slice(0, 20)];
    });
    const chitchat = sources.chitchat.filter((_, i) => i % 20 === 0).slice(0, 30);
    const report = crossValidateTriage({ ...sources, examples, chitchat, scripts: model.scripts }, { ...DEFAULT_TRAINER_CONFIG, folds: 2, train: { ...DEFAULT_TRAINER_CONFIG.train, iterations: 60 } });
    const escalating = examples.filter((e) => e.escalate.length > 0).length;
    for (const byLang of [report.escalation, report.escalationRules, report.escalationHead]) {
      const any = byLang.all.find((r) => r.reason === 'any')!;
      expect(any.tp + any.fn).toBe(escalating);
    }
    // Each prediction carries both halves, and what triage returned includes every rule reason (praise drops media and repeat).
    for (const p of report.predictions) if (p.result.kind.label !== 'compliment') for (const r of p.rules) expect(p.result.escalate.reasons).toContain(r);
    expect(report.predictions.some((p) => p.head.length > 0)).toBe(true);
  }, 60_000);
});
