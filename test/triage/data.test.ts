import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, INTENT_LABELS, MOTIVE_LABELS } from '../../src/contracts/triage.js';
import { createTriage } from '../../src/triage/index.js';
import { DataFileError, formatDataProblem, parseDataFile } from '../../src/contracts/data-file.js';
import { CueLexiconSchema, EscalationLexiconSchema, ExampleFileSchema } from '../../src/triage/lexicon.js';
import { defaultTriageDir, readTriageModel, readTriageSources } from '../../src/lexicon-files/triage-files.js';
import { TriageModelSchema } from '../../src/triage/model.js';
import { featureHash } from '../../src/triage/sources.js';

const dir = defaultTriageDir();
const sources = readTriageSources(dir);

describe('shipped triage data', () => {
  it('the committed model was trained from the current corpus, lexicons and trainer (else run `npm run train:triage`)', () => {
    expect(readTriageModel(dir).sourceHash).toBe(sources.sourceHash);
  });

  it('the committed model matches the current feature code (else run `npm run train:triage`)', () => {
    const model = readTriageModel(dir);
    expect(model.featureHash).toBeDefined();
    expect(featureHash(sources, model.scripts, model.analyzer)).toBe(model.featureHash);
  });

  it('the committed model has the full model shape', () => {
    expect(() => TriageModelSchema.parse(readTriageModel(dir))).not.toThrow();
  });

  it('has at least 40 examples per intent and per category in each language', () => {
    for (const lang of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      const mine = sources.examples.filter((e) => e.lang === lang);
      for (const label of INTENT_LABELS) expect(mine.filter((e) => e.intent === label).length, `${lang} intent ${label}`).toBeGreaterThanOrEqual(40);
      for (const label of CATEGORY_LABELS) expect(mine.filter((e) => e.category === label).length, `${lang} category ${label}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('has at least 40 examples per motive and 15 non-complaints per kind in each language', () => {
    for (const lang of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      const mine = sources.examples.filter((e) => e.lang === lang);
      for (const label of MOTIVE_LABELS) expect(mine.filter((e) => e.motive === label).length, `${lang} motive ${label}`).toBeGreaterThanOrEqual(40);
    }
    const triage = createTriage(readTriageModel(dir));
    const chitchatLang = (text: string) => triage(text).lang;
    for (const lang of ['en', 'zh-Hans', 'zh-Hant'] as const) {
      for (const kind of ['question', 'compliment', 'other'] as const) {
        expect(sources.chitchat.filter((m) => m.kind === kind && chitchatLang(m.text) === lang).length, `${lang} kind ${kind}`).toBeGreaterThanOrEqual(15);
      }
    }
  });

  it('has no duplicate example text', () => {
    const texts = [...sources.examples.map((e) => e.text), ...sources.chitchat.map((m) => m.text)];
    expect(texts.length - new Set(texts).size).toBe(0);
  });

  it('keeps the off-topic eval set out of training', () => {
    const trained = new Set([...sources.examples.map((e) => e.text), ...sources.chitchat.map((m) => m.text)]);
    expect(sources.offTopic.filter((t) => trained.has(t))).toEqual([]);
  });
});

describe('YAML validation errors say file:line:col', () => {
  it('points at a bad label', () => {
    const text = 'lang: en\nexamples:\n  - {text: "fine", intent: refund, category: billing, emotion: anger, motive: compensation}\n  - {text: "bad", intent: refnud, category: billing, emotion: anger, motive: compensation}\n';
    try {
      parseDataFile('examples.en.yaml', text, ExampleFileSchema);
      expect.unreachable('a bad label must be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(DataFileError);
      expect(formatDataProblem((error as DataFileError).problems[0]!)).toMatch(/^examples\.en\.yaml:4:\d+: examples item 2, intent: /);
    }
  });

  it('points at a complaint without a motive', () => {
    const text = 'lang: en\nexamples:\n  - {text: "fine", intent: refund, category: billing, emotion: anger, motive: compensation}\n  - {text: "no motive", intent: refund, category: billing, emotion: anger}\n';
    expect(() => parseDataFile('examples.en.yaml', text, ExampleFileSchema)).toThrow(/^examples\.en\.yaml:4:\d+: examples item 2, motive: /);
  });

  it('points at a YAML syntax error', () => {
    expect(() => parseDataFile('bad.yaml', 'lang: en\nexamples:\n  - {text: "x", intent: [\n', ExampleFileSchema)).toThrow(/^bad\.yaml:\d+:\d+: YAML: /);
  });

  it('names a missing section', () => {
    expect(() => parseDataFile('cues.yaml', 'negators: {en: [], zh: []}\n', CueLexiconSchema)).toThrow(/cues\.yaml:1:1: .*scopeBreakers/);
  });

  it('rejects a broken regular expression and points at its line', () => {
    const text = readFileSync(join(dir, 'escalation.yaml'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes("patterns: ['报(?:了|咗|过|過)警'")) + 1;
    expect(line).toBeGreaterThan(0);
    const broken = text.replace("patterns: ['报(?:了|咗|过|過)警'", "patterns: ['报(?:了'");
    expect(() => parseDataFile('escalation.yaml', broken, EscalationLexiconSchema)).toThrow(new RegExp(`escalation\\.yaml:${line}:\\d+: reasons\\.legal\\.zh\\.patterns item 1: not a valid regular expression`));
  });
});
