import { join } from 'node:path';
import { z } from 'zod';
import { DesiredResolutionSchema } from '../contracts/complaint.js';
import { CategoryLabelSchema, EntitySchema } from '../contracts/triage.js';
import { parseOrderNumber, splitDoneSignal } from './recognizers.js';
import { DataFileError, type DataProblem, type LocatedData } from '../contracts/data-file.js';
import { loadDataFile } from '../lexicon-files/data-files.js';

const phrases = z.array(z.string().min(1)).min(1);
const perLocale = z.object({ en: phrases, 'zh-Hans': phrases, 'zh-Hant': phrases }).strict();

export const FactKindSchema = z.enum(['free_text', 'order_number', 'bill_period', 'date']);
export type FactKind = z.infer<typeof FactKindSchema>;

const FactRuleSchema = z.object({
  kind: FactKindSchema,
  minLength: z.number().int().positive().optional(),
  triageEntities: z.array(EntitySchema.shape.type).optional(),
}).strict();
export type FactRule = z.infer<typeof FactRuleSchema>;

const factKey = z.string().regex(/^[a-z][a-z_]*$/, 'fact keys are snake_case');

export const FlowsSchema = z.object({
  listen: z.object({
    pauseMs: z.number().int().nonnegative(),
    doneSignals: perLocale,
    examples: z.object({ done: phrases, story: phrases }).strict(),
  }).strict(),
  greetings: perLocale,
  interruptions: z.object({ help: perLocale, cancel: perLocale, startOver: perLocale, human: perLocale }).strict(),
  commonFacts: z.array(factKey),
  categoryFacts: z.record(CategoryLabelSchema, z.array(factKey)),
  facts: z.record(factKey, FactRuleSchema),
  orderNumberPattern: z.string().refine((p) => { try { new RegExp(p); return true; } catch { return false; } }, 'not a valid regular expression'),
  orderNumberExamples: z.object({ valid: phrases, invalid: phrases }).strict(),
  resolutions: z.array(DesiredResolutionSchema).min(2),
  satisfaction: z.object({ appealAtOrBelow: z.number().int().min(1).max(4), deferWhileBusyMinutes: z.number().nonnegative() }).strict(),
  empathy: z.object({ mid: z.number().min(0).max(1), high: z.number().min(0).max(1) }).strict(),
  motive: z.object({ minConfidence: z.number().min(0).max(1) }).strict(),
  handoff: z.object({ askOrderFor: z.array(CategoryLabelSchema) }).strict(),
  status: z.object({
    maxAttempts: z.number().int().min(1),
    maxFailuresPerConversation: z.number().int().min(1),
    maxFailuresPerComplaint: z.number().int().min(1),
    complaintLockHours: z.number().positive(),
  }).strict(),
}).strict();
export type Flows = z.infer<typeof FlowsSchema>;
export type InterruptionKind = keyof Flows['interruptions'];

/** Loads dialogs/flows.yaml, and checks references between its sections (file:line:col on failure). */
export function loadFlows(dialogsDir: string): LocatedData<Flows> {
  const located = loadDataFile(join(dialogsDir, 'flows.yaml'), FlowsSchema);
  const { data, file } = located;
  const problems: DataProblem[] = [];
  const check = (keys: string[], path: (string | number)[]) => keys.forEach((key, i) => {
    if (!(key in data.facts)) problems.push({ file, ...located.locate([...path, i]), message: `fact "${key}" has no rule under facts:; add one or remove it here` });
  });
  check(data.commonFacts, ['commonFacts']);
  for (const [category, keys] of Object.entries(data.categoryFacts)) check(keys ?? [], ['categoryFacts', category]);
  if (new Set(data.resolutions).size !== data.resolutions.length) {
    problems.push({ file, ...located.locate(['resolutions']), message: 'resolutions lists a choice twice' });
  }
  if (data.empathy.mid >= data.empathy.high) {
    problems.push({ file, ...located.locate(['empathy']), message: 'empathy.mid must be below empathy.high' });
  }
  // Like a lexicon rule with its own tests: the file does not load if its examples fail.
  data.orderNumberExamples.valid.forEach((example, i) => {
    if (parseOrderNumber(example, data.orderNumberPattern) === null) {
      problems.push({ file, ...located.locate(['orderNumberExamples', 'valid', i]), message: `orderNumberPattern refuses the valid example "${example}"; fix the pattern or the example` });
    }
  });
  data.orderNumberExamples.invalid.forEach((example, i) => {
    if (parseOrderNumber(example, data.orderNumberPattern) !== null) {
      problems.push({ file, ...located.locate(['orderNumberExamples', 'invalid', i]), message: `orderNumberPattern accepts the invalid example "${example}"; tighten the pattern or move the example` });
    }
  });
  const signals = Object.values(data.listen.doneSignals).flat();
  data.listen.examples.done.forEach((example, i) => {
    if (!splitDoneSignal(example, signals).done) {
      problems.push({ file, ...located.locate(['listen', 'examples', 'done', i]), message: `"${example}" should end the story but no done signal matches it` });
    }
  });
  data.listen.examples.story.forEach((example, i) => {
    if (splitDoneSignal(example, signals).done) {
      problems.push({ file, ...located.locate(['listen', 'examples', 'story', i]), message: `"${example}" is story but a done signal ends it; make the signal stricter` });
    }
  });
  if (problems.length > 0) throw new DataFileError(problems);
  return located;
}

/** The facts a complaint of this category needs, common ones first, without repeats. */
export function factsFor(flows: Flows, category: z.infer<typeof CategoryLabelSchema>): string[] {
  return [...new Set([...flows.commonFacts, ...(flows.categoryFacts[category] ?? [])])];
}
