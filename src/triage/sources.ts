// The triage data files (lexicons/triage/*.yaml), validated from their text.
// Reading them from disk is the file edge's job (src/lexicon-files/triage-files.ts);
// the training and eval commands and the staleness test use them, the bot does not.
import { createHash } from 'node:crypto';
import { DataFileError, parseDataFile, type DataProblem } from '../contracts/data-file.js';
import { ChitchatFileSchema, CueLexiconSchema, DevFileSchema, EscalationLexiconSchema, ExampleFileSchema, OffTopicFileSchema, type ChitchatMessage, type CueLexicon, type EscalationLexicon, type LabelledExample } from './lexicon.js';
import { createAnalyzer } from './analyze.js';
import type { ScriptCharacters } from '../script/script-characters.js';
import { TRAINER_VERSION } from './train.js';

export const EXAMPLE_FILES = ['examples.en.yaml', 'examples.zh-Hans.yaml', 'examples.zh-Hant.yaml'] as const;
export const SOURCE_FILES = ['cues.yaml', 'escalation.yaml', 'chitchat.yaml', ...EXAMPLE_FILES] as const;
/** Every file triageSourcesFrom needs: the hashed sources and the held-out sets. */
export const TRIAGE_DATA_FILES = [...SOURCE_FILES, 'offtopic.yaml', 'dev.yaml', 'blind2.yaml'] as const;
export type TriageDataFile = (typeof TRIAGE_DATA_FILES)[number];

/** One data file's text, and the path its errors name. */
export interface TriageDataText { path: string; text: string }

export interface TriageSources {
  cues: CueLexicon;
  escalation: EscalationLexicon;
  examples: LabelledExample[];
  offTopic: string[];
  /** Non-complaints by kind (question, compliment, other): they train the kind head. */
  chitchat: ChitchatMessage[];
  /** dev.yaml: a small labelled set never trained on. */
  dev: LabelledExample[];
  /** blind2.yaml: a second held-out set, written before the second round of tuning. */
  blind2: LabelledExample[];
  /** sha256 over the source files and the trainer version: the shipped model must carry the same. */
  sourceHash: string;
}

/** Validates the triage data files (by name); throws DataFileError listing every file:line:col problem. */
export function triageSourcesFrom(files: Readonly<Record<TriageDataFile, TriageDataText>>): TriageSources {
  const problems: DataProblem[] = [];
  const read = (name: TriageDataFile) => files[name].text;
  const at = (name: TriageDataFile) => files[name].path;
  const attempt = <T>(fn: () => T): T | undefined => {
    try { return fn(); } catch (error) {
      if (error instanceof DataFileError) { problems.push(...error.problems); return undefined; }
      throw error;
    }
  };
  const hash = createHash('sha256').update(`trainer:${TRAINER_VERSION}\n`);
  for (const name of SOURCE_FILES) hash.update(`${name}\n`).update(read(name));
  const cues = attempt(() => parseDataFile(at('cues.yaml'), read('cues.yaml'), CueLexiconSchema).data);
  const escalation = attempt(() => parseDataFile(at('escalation.yaml'), read('escalation.yaml'), EscalationLexiconSchema).data);
  const examples: LabelledExample[] = [];
  for (const name of EXAMPLE_FILES) {
    const located = attempt(() => parseDataFile(at(name), read(name), ExampleFileSchema));
    if (!located) continue;
    const file = located.data;
    const expected = name.slice('examples.'.length, -'.yaml'.length);
    if (file.lang !== expected) problems.push({ file: at(name), ...located.locate(['lang']), message: `lang is "${file.lang}" but the file name says "${expected}"` });
    for (const e of file.examples) examples.push({ ...e, lang: file.lang, source: name });
  }
  const offTopic = attempt(() => parseDataFile(at('offtopic.yaml'), read('offtopic.yaml'), OffTopicFileSchema).data);
  const chitchat = attempt(() => parseDataFile(at('chitchat.yaml'), read('chitchat.yaml'), ChitchatFileSchema).data);
  const dev = attempt(() => parseDataFile(at('dev.yaml'), read('dev.yaml'), DevFileSchema).data);
  const blind2 = attempt(() => parseDataFile(at('blind2.yaml'), read('blind2.yaml'), DevFileSchema).data);
  if (problems.length > 0 || !cues || !escalation || !offTopic || !chitchat || !dev || !blind2) throw new DataFileError(problems);
  return {
    cues, escalation, examples, offTopic: offTopic.messages,
    chitchat: (['other', 'question', 'compliment'] as const).flatMap((kind) => chitchat[kind].map((text) => ({ text, kind }))),
    dev: dev.examples.map((e) => ({ ...e, source: 'dev.yaml' })),
    blind2: blind2.examples.map((e) => ({ ...e, source: 'blind2.yaml' })),
    sourceHash: hash.digest('hex'),
  };
}

/** sha256 of the analyzer's features for every example: changes when feature code changes. */
export function featureHash(sources: Pick<TriageSources, 'examples' | 'cues'>, scripts: ScriptCharacters, options: { segmenterWords: boolean }): string {
  const analyzer = createAnalyzer(sources.cues, scripts, options);
  const hash = createHash('sha256');
  for (const e of sources.examples) hash.update(analyzer.analyze(e.text).features.join('\u0001')).update('\n');
  return hash.digest('hex');
}
