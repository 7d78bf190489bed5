import { join } from 'node:path';
import { z } from 'zod';
import { ComplaintStatusSchema, DesiredResolutionSchema, type Locale } from '../contracts/complaint.js';
import { DataFileError, type DataProblem, type LocatedData } from '../contracts/data-file.js';
import { loadDataFile } from '../lexicon-files/data-files.js';

export const LOCALES: readonly Locale[] = ['en', 'zh-Hans', 'zh-Hant'];

const text = z.string().trim().min(1);
/** A suggested action: the button label, plus other ways a customer may type it. */
const choice = z.object({ label: text, synonyms: z.array(text).default([]) }).strict();
export type ChoiceWording = z.infer<typeof choice>;
const emotionBands = z.object({ low: text, mid: text, high: text }).strict();
const factWording = z.object({
  label: text, ask: text, retry: text,
  /** The contact question once the name is known (`ask` asks for the name too, the usual case). */
  askNameKnown: text.optional(),
  /** For a customer who does not have it (an order number): the way forward. */
  without: text.optional(),
  skip: choice.optional(),
}).strict();

export const WordingSchema = z.object({
  greeting: z.object({ intro: text, privacy: text, choose: text, again: text, hello: text }).strict(),
  menu: z.object({ lodge: choice, status: choice, human: choice, unclear: text }).strict(),
  help: z.object({ general: text, listening: text }).strict(),
  cancel: z.object({ done: text }).strict(),
  startOver: z.object({ done: text }).strict(),
  listen: z.object({ ask: text, askAgain: text }).strict(),
  empathy: z.object({
    anger: emotionBands, frustration: emotionBands, anxiety: emotionBands, neutral: emotionBands,
    /** Said only when triage found the reason or motive: never a fact the customer did not give. */
    repeat: text, safety: text, respect: text,
    /** A customer who came to vent (triage motive `vent`): a reflective acknowledgement, room to say more, thanks once they have. */
    vent: text, ventRoom: text, ventHeard: text,
    apology: text, next: text,
    /** Praise ("not a complaint, just wanted to say …"): thanked, not taken through the complaint flow. */
    compliment: text,
  }).strict(),
  /** Suggestions and praise: thanked and recorded as feedback (src/desk feedback), never taken through the complaint flow. */
  feedback: z.object({ suggestion: text, suggestionNoted: text, complimentNoted: text }).strict(),
  facts: z.record(z.string(), factWording).refine((f) => 'contact' in f, 'facts.contact is required'),
  readback: z.object({
    title: text, story: text, resolution: text, intro: text, confirm: choice,
    change: text, askWhich: text, whichRetry: text, newValue: text, updated: text,
  }).strict(),
  resolution: z.object({
    ask: text, retry: text, other: text,
    /** Asked right after the empathy for a customer who wants to be made whole and has not said how (triage motive `compensation`). */
    askEarly: text,
    /** Each outcome as said back to the customer ("a refund"); several are joined the language's way (Intl.ListFormat). */
    said: z.object(Object.fromEntries(DesiredResolutionSchema.options.map((k) => [k, text])) as Record<z.infer<typeof DesiredResolutionSchema>, typeof text>).strict(),
    choices: z.object(Object.fromEntries(DesiredResolutionSchema.options.map((k) => [k, choice])) as Record<z.infer<typeof DesiredResolutionSchema>, typeof choice>).strict(),
  }).strict(),
  record: z.object({ done: text, wanted: text, failed: text, retry: choice, owners: z.object({ default: text, supervisor: text, appeals: text }).strict() }).strict(),
  handoff: z.object({ escalation: text, request: text, safety: text, askContact: text, askContactNameKnown: text, askOrder: text, askName: text, askWant: text, failed: text, stillWaiting: text, notedAndWaiting: text }).strict(),
  status: z.object({
    askId: text, idRetry: text, askContact: text, contactRetry: text, notFound: text, tooMany: text,
    result: text, closed: text,
    names: z.object(Object.fromEntries(ComplaintStatusSchema.options.map((k) => [k, text])) as Record<z.infer<typeof ComplaintStatusSchema>, typeof text>).strict(),
  }).strict(),
  satisfaction: z.object({
    ask: text, retry: text, scores: z.array(text).length(5), askComment: text, skip: choice, thanks: text, sorry: text,
  }).strict(),
  appeal: z.object({
    offer: text, yes: choice, no: choice, choiceRetry: text, askReason: text, done: text, declined: text, failed: text,
  }).strict(),
  closing: z.object({ done: text, goodbye: text }).strict(),
  errors: z.object({ generic: text }).strict(),
}).strict();
export type Wording = z.infer<typeof WordingSchema>;

export type WordingBook = Readonly<Record<Locale, Wording>>;

/** Regional wording derived from a language's file: Hong Kong is Traditional Chinese with its own words (投訴, not 申訴). */
export interface WordingVariants { hongKong: Wording }

const VariantSchema = z.object({ replace: z.record(z.string().min(1), z.string()) }).strict();

/**
 * Loads dialogs/wording/zh-Hant-HK.yaml and applies its replacements to every
 * string of the Traditional wording (labels and synonyms too, so buttons and
 * what customers type stay in step). The result is checked like the files.
 */
export function loadWordingVariants(dialogsDir: string, book: WordingBook): WordingVariants {
  const located = loadDataFile(join(dialogsDir, 'wording', 'zh-Hant-HK.yaml'), VariantSchema);
  const pairs = Object.entries(located.data.replace).sort((a, b) => b[0].length - a[0].length);
  const unused = pairs.filter(([from]) => !wordingStrings(book['zh-Hant']).some((s) => s.text.includes(from)));
  if (unused.length > 0) {
    throw new DataFileError(unused.map(([from]) => ({
      file: located.file, ...located.locate(['replace', from]), message: `"${from}" does not occur in zh-Hant.yaml; remove it or fix the spelling`,
    })));
  }
  const replaceAll = (text: string) => {
    let out = '';
    for (let i = 0; i < text.length;) {
      const hit = pairs.find(([from]) => text.startsWith(from, i));
      if (hit) { out += hit[1]; i += hit[0].length; } else { out += text[i]; i++; }
    }
    return out;
  };
  const mapStrings = (value: unknown): unknown => {
    if (typeof value === 'string') return replaceAll(value);
    if (Array.isArray(value)) return value.map(mapStrings);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v)]));
    return value;
  };
  return { hongKong: WordingSchema.parse(mapStrings(book['zh-Hant'])) };
}

/** Every string in a wording file with its dotted path, for linting and consistency checks. */
export function wordingStrings(value: unknown, path: (string | number)[] = []): Array<{ path: (string | number)[]; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => wordingStrings(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => wordingStrings(v, [...path, k]));
  return [];
}

const placeholdersOf = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/**
 * Loads dialogs/wording/{en,zh-Hans,zh-Hant}.yaml. Beyond the schema, every
 * locale must have the same fact keys as `requiredFacts` and use the same
 * placeholders as English in each message, so no customer ever sees "{id}".
 */
export function loadWording(dialogsDir: string, requiredFacts: readonly string[]): { book: WordingBook; files: Record<Locale, LocatedData<Wording>> } {
  const files = {} as Record<Locale, LocatedData<Wording>>;
  const problems: DataProblem[] = [];
  for (const locale of LOCALES) {
    try {
      files[locale] = loadDataFile(join(dialogsDir, 'wording', `${locale}.yaml`), WordingSchema);
    } catch (error) {
      if (error instanceof DataFileError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new DataFileError(problems);
  const english = files.en;
  const englishPlaceholders = new Map(wordingStrings(english.data).map((s) => [s.path.join('.'), placeholdersOf(s.text)]));
  for (const locale of LOCALES) {
    const located = files[locale];
    for (const fact of [...requiredFacts, 'contact']) {
      if (!(fact in located.data.facts)) {
        problems.push({ file: located.file, ...located.locate(['facts']), message: `facts.${fact} is missing; dialogs/flows.yaml asks for it` });
      }
    }
    for (const s of wordingStrings(located.data)) {
      const key = s.path.join('.');
      const expected = englishPlaceholders.get(key);
      // Synonym lists differ per language; only messages must line up with English.
      if (s.path.includes('synonyms')) continue;
      if (expected === undefined && locale !== 'en') {
        problems.push({ file: located.file, ...located.locate(s.path), message: `${key} is not in en.yaml; add it there or remove it here` });
      } else if (expected !== undefined && expected !== placeholdersOf(s.text)) {
        problems.push({ file: located.file, ...located.locate(s.path), message: `${key} uses placeholders {${placeholdersOf(s.text)}} but en.yaml uses {${expected}}` });
      }
    }
  }
  if (problems.length > 0) throw new DataFileError(problems);
  return { book: { en: files.en.data, 'zh-Hans': files['zh-Hans'].data, 'zh-Hant': files['zh-Hant'].data }, files };
}

/**
 * Sample values for every placeholder, so a message can be linted as a customer reads it (the
 * wording test and the go-live gate of guard lexicon edits, src/lexicon-files/go-live-texts.ts).
 */
export const WORDING_SAMPLES: Readonly<Record<string, string>> = {
  id: 'C-20261123-0001', owner: 'our customer care team', date: 'Tuesday, 24 November 2026 at 18:00',
  time: 'Monday, 23 November 2026 at 12:00', status: 'received', label: 'Order number', name: 'Alex', wanted: 'a refund',
};

/** A wording template with its placeholders filled from WORDING_SAMPLES (an unknown one keeps its name). */
export const withSampleValues = (template: string): string => template.replace(/\{(\w+)\}/g, (_, name: string) => WORDING_SAMPLES[name] ?? name);

/** Fills {name} placeholders; an unknown placeholder is a programming error and throws. */
export function fillTemplate(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new Error(`wording placeholder {${name}} has no value in "${template}"`);
    return String(value);
  });
}
