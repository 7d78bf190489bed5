// The learned sentence layer: what it reports, what it leaves alone, and that
// the shipped model is the one its sources produce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildScriptTables, compileGuard, findQuotedSpans, LEARNED_MODEL_FILE, LearnedModelSchema, normalizeForMatching, splitSentences } from '../../src/guard/index.js';
import { compileLearned, evidenceScore, forEachGram, learnedHits, scoreSpan, type LearnedModel, type SentenceCoverage } from '../../src/guard/learned.js';
import fc from 'fast-check';
import { loadGuardFromDir, packageRoot, readLexiconDir } from '../../src/lexicon-files/index.js';
import { readBotWordingTexts, readLearnedSources } from '../../src/lexicon-files/learnedSources.js';

const guard = loadGuardFromDir();
const lexiconOnly = loadGuardFromDir(undefined, { learned: false });
const modelPath = join(packageRoot(), 'lexicons', 'guard', LEARNED_MODEL_FILE);
const model = LearnedModelSchema.parse(JSON.parse(readFileSync(modelPath, 'utf8')));
const tables = buildScriptTables();
const learnedOf = (text: string) => guard.lint(text).findings.filter((f) => f.ruleId.startsWith('learned.'));

// Wording no lexicon phrase covers (checked below), written for this test.
const PET = '宠物卖出去就不退了，买的时候就该想清楚。';
const PET_HANT = '寵物賣出去就不退了，買的時候就該想清楚。';
// Wording no lexicon phrase covers ("a you problem" became one in round 3; "your own problem" is
// no longer warned after round 5's retraining).
const YOU_PROBLEM = "If you don't like it, don't use it.";
// Written for round 5's learned blocks: no lexicon phrase covers it, and the model is sure.
const SURE_INSULT = 'Honestly, some people should not be allowed online.';

describe('shipped learned model', () => {
  it('is not stale: its source hash matches the training sources (else run `npm run train:guard`)', () => {
    expect(model.sourceHash, 'lexicons/guard/learned-model.json is stale: run `npm run train:guard` (hearken lexicon train lexicons) and commit it').toBe(readLearnedSources().sourceHash);
  });

  it('never trained on blind set 4', () => {
    expect(model.trainedOn.join(' ')).not.toContain('heldout-drafts-4');
  });

  it('keeps the cross-validated false-positive rate on must-pass drafts at or under 1%', () => {
    expect(model.crossValidation.cvFalsePositiveRate).toBeLessThanOrEqual(0.01);
    expect(model.threshold).toBeGreaterThanOrEqual(model.crossValidation.cvThreshold!);
  });

  it('blocks only where no held-out must-pass draft was blocked, from evidence scores above the polite corpus', () => {
    expect(model.blockThreshold).toBeDefined();
    expect(model.corroboratedThreshold).toBeDefined();
    expect(model.crossValidation.cvFalseBlockRate).toBe(0);
    expect(model.crossValidation.blockGuardrailTexts).toBeGreaterThanOrEqual(300);
  });

  it("leaves the bot's own wording alone (no learned warning on any line of dialogs/wording)", () => {
    const texts = readBotWordingTexts();
    expect(texts.length).toBeGreaterThan(100);
    const warned = texts.filter((t) => learnedOf(t).length > 0);
    expect(warned).toEqual([]);
  });
});

describe('learned findings', () => {
  it('flag wording the lexicon misses, as a warning covering the sentence when the model is not sure enough to block', () => {
    expect(lexiconOnly.lint(PET).findings).toEqual([]);
    const draft = `您好，包裹已经寄出。${PET}谢谢您。`;
    const result = guard.lint(draft);
    expect(result.verdict).toBe('warn');
    const [f, ...rest] = result.findings;
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('warning');
    expect(f!.ruleId).toBe(`learned.${f!.category}`);
    expect(draft.slice(f!.start, f!.end)).toBe(PET);
    expect(f!.actual).toBe(PET);
    expect(f!.column).toBe(11);
    expect(f!.source).toBe('lexicons/guard/learned-model.json');
    expect(f!.message).toMatch(/^模型推测/);
    expect(f!.suggestions.length).toBeGreaterThan(0);
  });

  it('speak the draft’s script: a Traditional draft gets Traditional message and suggestions', () => {
    const [hans] = learnedOf(PET);
    const [hant] = learnedOf(PET_HANT);
    expect(hant!.category).toBe(hans!.category);
    expect(hant!.message).toMatch(/^模型推測/);
    expect(hant!.suggestions).not.toEqual(hans!.suggestions);
    expect(hant!.suggestions.length).toBe(hans!.suggestions.length);
  });

  it('name the nearest rule family in English too, with that family’s English suggestions', () => {
    const [f] = learnedOf(YOU_PROBLEM);
    expect(f!.message).toMatch(/^Learned guess .* reads like [a-z-]+\.[a-z0-9-]+/);
    expect(f!.suggestions.every((s) => /^[\x20-\x7e’]+$/.test(s))).toBe(true);
  });

  it('skip a sentence a lexicon finding already covers, and quoted speech', () => {
    // The layer itself flags the sentence when nothing covers or quotes it …
    const compiled = compileLearned(model, 'm');
    const hitsOf = (text: string, covered: boolean, quoted: boolean) => learnedHits(compiled, text, normalizeForMatching(text, tables),
      () => (covered ? 'covered' : 'free'), () => (quoted ? findQuotedSpans(text) : []));
    const quotedDraft = `他说：“${PET}”`;
    expect(hitsOf(quotedDraft, false, false).length).toBe(1);
    // … and leaves it when a lexicon finding covers it or it is inside quotes.
    expect(hitsOf(quotedDraft, true, false)).toEqual([]);
    expect(hitsOf(quotedDraft, false, true)).toEqual([]);
    expect(learnedOf(quotedDraft)).toEqual([]);
    const withPhrase = '宠物卖出去就不退了，不关我的事，买的时候就该想清楚。';
    expect(hitsOf(withPhrase, false, false).length).toBe(1);
    expect(guard.lint(withPhrase).findings.map((f) => f.ruleId)).toEqual(['deflect.not-my-job']);
  });

  it('are off with compileGuard(files, { learned: false })', () => {
    expect(lexiconOnly.lint(YOU_PROBLEM).findings).toEqual([]);
    expect(learnedOf(YOU_PROBLEM).length).toBe(1);
  });
});

describe('learned blocks', () => {
  const compiled = compileLearned(model, 'm');
  const measure = (text: string) => {
    const normal = normalizeForMatching(text, tables).text;
    return { score: scoreSpan(compiled, normal, 0, normal.length), evidence: evidenceScore(compiled, normal, 0, normal.length) };
  };
  /** learnedHits of `text` with the shipped weights and these thresholds, every sentence given `coverage`. */
  const hitsWith = (text: string, thresholds: Partial<LearnedModel>, coverage: SentenceCoverage, base: LearnedModel = model) =>
    learnedHits(compileLearned({ ...base, ...thresholds }, 'm'), text, normalizeForMatching(text, tables), () => coverage, () => []);

  it('block a sentence no lexicon phrase covers when the model is very sure, as an error covering it', () => {
    expect(lexiconOnly.lint(SURE_INSULT).verdict).toBe('pass');
    const draft = `Thanks for waiting. ${SURE_INSULT}`;
    const result = guard.lint(draft);
    expect(result.verdict).toBe('block');
    const [f, ...rest] = result.findings;
    expect(rest).toEqual([]);
    expect(f!.severity).toBe('error');
    expect(f!.ruleId).toBe(`learned.${f!.category}`);
    expect(f!.actual).toBe(SURE_INSULT);
    expect(f!.message).toMatch(/high enough to block/);
  });

  it('block a sentence the lexicon only warns about when the model agrees (corroborated)', () => {
    const draft = '每个包裹都检查？那不现实。';
    const lexiconFindings = lexiconOnly.lint(draft).findings;
    expect(lexiconFindings.map((f) => f.severity)).toEqual(['warning']);
    const findings = guard.lint(draft).findings;
    const learned = findings.find((f) => f.ruleId.startsWith('learned.'));
    expect(learned?.severity).toBe('error');
    // The lexicon's own warning stays, inside the sentence the learned error covers.
    const warning = findings.find((f) => f.ruleId === lexiconFindings[0]!.ruleId)!;
    expect(learned!.start).toBeLessThanOrEqual(warning.start);
    expect(learned!.end).toBeGreaterThanOrEqual(warning.end);
  });

  it('turn on exactly at the thresholds: warn below blockThreshold, block at it, never without one (older models)', () => {
    const { score, evidence } = measure(SURE_INSULT);
    const below = { threshold: score - 0.01, blockThreshold: evidence + 0.001 };
    expect(hitsWith(SURE_INSULT, below, 'free').map((h) => h.block)).toEqual([false]);
    expect(hitsWith(SURE_INSULT, { ...below, blockThreshold: evidence }, 'free').map((h) => h.block)).toEqual([true]);
    const { blockThreshold: _b, corroboratedThreshold: _c, ...older } = model;
    expect(hitsWith(SURE_INSULT, { threshold: score - 0.01 }, 'free', older).map((h) => h.block)).toEqual([false]);
    expect(hitsWith(SURE_INSULT, { threshold: score - 0.01 }, 'warned', older)).toEqual([]);
  });

  it('add nothing to a warned sentence short of a block, and nothing to a covered one', () => {
    const { score, evidence } = measure(SURE_INSULT);
    const thresholds = { threshold: score - 0.01, blockThreshold: evidence + 1, corroboratedThreshold: evidence + 0.001 };
    expect(hitsWith(SURE_INSULT, thresholds, 'warned')).toEqual([]);
    expect(hitsWith(SURE_INSULT, { ...thresholds, corroboratedThreshold: evidence }, 'warned').map((h) => h.block)).toEqual([true]);
    expect(hitsWith(SURE_INSULT, { ...thresholds, corroboratedThreshold: -1 }, 'covered')).toEqual([]);
  });

  it('judge a block by n-grams the model has seen: unseen ones count 0, and text it mostly never saw cannot block', () => {
    // Cyrillic and Thai never occur in training: the warning score rests on `unseen` alone, the evidence is nil.
    for (const text of ['Это совершенно неприемлемо, вы сами виноваты', 'คุณต้องรอจนถึงพรุ่งนี้']) {
      expect(measure(text).evidence).toBe(-Infinity);
    }
    const { score, evidence } = measure(SURE_INSULT);
    expect(Number.isFinite(evidence)).toBe(true);
    // The model's unseen weight leans to flag, so evidence (unseen as 0) is the lower of the two here.
    expect(model.unseen).toBeGreaterThan(0);
    expect(evidence).toBeLessThanOrEqual(score);
  });
});

describe('a model that does not fit is skipped with one warning, never an error', () => {
  const files = readLexiconDir(join(packageRoot(), 'lexicons', 'guard'));
  const withModel = (text: string) => files.map((f) => (f.path.endsWith(LEARNED_MODEL_FILE) ? { ...f, text } : f));
  const rude = "Honestly, that's not my problem, you should have read the manual.";

  it('on invalid JSON: the guard loads, the rules still block, the warning names the file and the fix', () => {
    const r = compileGuard(withModel('{"format": '), { selfTest: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.file).toBe('lexicons/guard/learned-model.json');
    expect(r.warnings[0]!.message).toMatch(/invalid JSON.*learned layer is off.*hearken lexicon train/);
    expect(r.guard.lint(rude).verdict).toBe('block');
    expect(r.guard.lint(YOU_PROBLEM).findings).toEqual([]);
  });

  it('on a family the lexicons no longer have (a renamed rule)', () => {
    const broken = { ...model, families: [{ ...model.families[0]!, rule: 'gone.rule' }, ...model.families.slice(1)] };
    const r = compileGuard(withModel(JSON.stringify(broken)), { selfTest: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining('gone.rule')]);
    expect(r.warnings[0]!.message).toMatch(/trained on other lexicons/);
    expect(r.guard.lint(rude).verdict).toBe('block');
    expect(r.guard.lint(YOU_PROBLEM).findings.filter((f) => f.ruleId.startsWith('learned.'))).toEqual([]);
  });

  it('a model that fits gives no warning', () => {
    const r = compileGuard(files, { selfTest: false });
    expect(r.ok && r.warnings).toEqual([]);
  });
});

describe('splitSentences', () => {
  it('splits on Chinese and English sentence marks and line breaks, keeping marks and trimming', () => {
    const text = '您好。请稍等！Is that OK? Price is 3.5 dollars. Done\n next';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(['您好。', '请稍等！', 'Is that OK?', 'Price is 3.5 dollars.', 'Done', 'next']);
  });

  it('keeps runs of marks with their sentence and drops empty ones', () => {
    const text = '真的吗？！  。。。好';
    expect(splitSentences(text).map((s) => text.slice(s.start, s.end))).toEqual(['真的吗？！', '。。。', '好']);
  });
});

describe('scoreSpan', () => {
  it('scores exactly what forEachGram (the training features) yields, on any text (property)', () => {
    const compiled = compileLearned(model, 'm');
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '你', '我', 'x', '。', 'é') , maxLength: 40 }), (text) => {
      let sum = 0;
      let count = 0;
      forEachGram(text, 0, text.length, model.minN, model.maxN, compiled.mask, (b) => { sum += compiled.weights[b]!; count++; });
      const expected = count === 0 ? -Infinity : model.prior + sum / (count + model.shrink);
      const actual = scoreSpan(compiled, text, 0, text.length);
      if (expected === -Infinity) expect(actual).toBe(-Infinity);
      else expect(actual).toBeCloseTo(expected, 9);
    }), { numRuns: 300 });
  });
});
