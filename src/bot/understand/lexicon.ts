/**
 * dialogs/understanding.yaml: the words around values, dates, names, wanted
 * outcomes and requests, per language. Validated with zod; every problem is
 * reported as file:line:col, and the file's own examples must hold (checked by
 * loadUnderstanding in ./index.ts, which has the matchers).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { DesiredResolutionSchema } from '../../contracts/complaint.js';
import { EmotionLabelSchema } from '../../contracts/triage.js';
import type { LocatedData } from '../../contracts/data-file.js';
import { loadDataFile } from '../../lexicon-files/data-files.js';

const phrases = z.array(z.string().min(1)).min(1);
const perLocale = z.object({ en: phrases, 'zh-Hans': phrases, 'zh-Hant': phrases }).strict();
const perChinese = z.object({ 'zh-Hans': phrases, 'zh-Hant': phrases }).strict();

export const OUTCOME_KINDS = ['refund', 'replacement', 'repair', 'compensation', 'apology', 'explanation'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

const ExampleSchema = z.object({
  text: z.string().min(1),
  locale: z.enum(['en', 'zh-Hans', 'zh-Hant']),
  /** What the bot had just asked (outcome: "what would you like us to do"). */
  asked: z.enum(['order_number', 'contact', 'name', 'when', 'outcome']).optional(),
  listening: z.boolean().optional(),
  expect: z.object({
    order: z.string().optional(),
    phone: z.string().optional(),
    email: z.string().optional(),
    name: z.string().optional(),
    outcomes: z.array(DesiredResolutionSchema).optional(),
    interruption: z.enum(['human', 'cancel', 'startOver', 'help']).optional(),
    closing: z.boolean().optional(),
  }).strict(),
}).strict();

export const UnderstandingLexiconSchema = z.object({
  courtesy: perLocale,
  requestFrames: perLocale,
  cancel: perLocale,
  cancelWeak: perLocale,
  startOver: perLocale,
  person: perLocale,
  personWeak: perLocale,
  personVerbs: perLocale,
  closings: perLocale,
  moreToSay: perLocale,
  storyEnd: perLocale,
  noValue: perLocale,
  skip: perLocale,
  orderWords: perLocale,
  phoneWords: perLocale,
  refute: perLocale,
  refuteAfter: perLocale,
  correction: perLocale,
  outcomes: z.object(Object.fromEntries(OUTCOME_KINDS.map((k) => [k, perLocale])) as Record<OutcomeKind, typeof perLocale>).strict(),
  wantWords: perLocale,
  outcomeNegation: perLocale,
  changeOfMind: perLocale,
  purchaseWords: perLocale,
  futureWords: perLocale,
  dateRewrites: z.record(z.string().min(1), z.string().min(1)),
  selfIntroduction: perLocale,
  surnameCues: perChinese,
  honorifics: phrases,
  surnames: phrases,
  emotionEmoji: z.partialRecord(EmotionLabelSchema, phrases),
  cantonese: phrases,
  hongKongWords: phrases,
  examples: z.array(ExampleSchema),
}).strict();
export type UnderstandingLexicon = z.infer<typeof UnderstandingLexiconSchema>;
export type UnderstandingExample = z.infer<typeof ExampleSchema>;

export function loadUnderstandingLexicon(dialogsDir: string): LocatedData<UnderstandingLexicon> {
  return loadDataFile(join(dialogsDir, 'understanding.yaml'), UnderstandingLexiconSchema);
}
