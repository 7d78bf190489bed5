// Schemas of the triage data files in lexicons/triage/*.yaml. They are parsed
// with parseDataFile (src/contracts/data-file.ts), like every data file; nothing here reads disk.
import { z } from 'zod';
import { CategoryLabelSchema, EmotionLabelSchema, EscalationReasonSchema, IntentLabelSchema, KindLabelSchema, LangSchema, MotiveLabelSchema } from '../contracts/triage.js';

const term = z.string().trim().min(1, 'empty term');
const termList = z.array(term);
/** A term with a strength in (0, 1], e.g. `furious: 0.9`. */
const weightedTerms = z.record(z.string().min(1), z.number().gt(0).max(1));
const perLang = <T extends z.ZodTypeAny>(inner: T) => z.object({ en: inner, zh: inner }).strict();

const regexSource = z.string().min(1).refine((source) => {
  try { new RegExp(source, 'u'); return true; } catch { return false; }
}, { message: 'not a valid regular expression (JavaScript, u flag)' });

export const CueLexiconSchema = z.object({
  /** Words that open a negation scope for the classifier cues ("don't want a refund", 不要退款). */
  negators: perLang(termList),
  /** Words that close a negation scope ("no need to apologise, JUST fix it"). */
  scopeBreakers: perLang(termList),
  intent: z.record(IntentLabelSchema, perLang(termList)),
  category: z.record(CategoryLabelSchema, perLang(termList)),
  emotion: z.record(EmotionLabelSchema, perLang(weightedTerms)),
  intensifiers: perLang(weightedTerms),
  sarcasm: perLang(termList),
  products: perLang(termList),
  /**
   * Words that make a message a request even without an intent cue ("I want the
   * excess returned", 快啲換): without either, a want is not assumed.
   */
  requests: perLang(termList).default({ en: [], zh: [] }),
  /** Praise and thanks for something done ("great service", 点赞, 服務一流): a compliment needs one. */
  praise: perLang(termList).default({ en: [], zh: [] }),
  /**
   * People at risk (a child, a baby, a pregnancy, an old or ill person, 宝宝, 老人家): a hazard
   * told calmly is anxiety when one of them is involved, a neutral report otherwise.
   */
  vulnerable: perLang(termList).default({ en: [], zh: [] }),
  /** Question words (besides "?"): a message is a plain question only with "?" or one of these. */
  questions: perLang(termList).default({ en: [], zh: [] }),
  /**
   * The customer saying it is not a complaint ("not a complaint", 不是要投诉, 唔係投訴): with
   * praise and no upset, the message is a compliment even where complaint words stand beside it.
   */
  notComplaint: perLang(termList).default({ en: [], zh: [] }),
  /** Character pairs OpenCC leaves apart (帐/账) that should be one feature. */
  foldExtra: z.record(z.string().length(1), z.string().length(1)),
  /** Characters that vote for Traditional script though OpenCC does not convert them (Cantonese 嘅咗唔). */
  traditionalHints: z.string().default(''),
}).strict();
export type CueLexicon = z.infer<typeof CueLexiconSchema>;

const reasonTerms = z.object({ terms: termList.default([]), patterns: z.array(regexSource).default([]) }).strict();

export const EscalationLexiconSchema = z.object({
  reasons: z.record(EscalationReasonSchema, perLang(reasonTerms)),
  /** Negation before a term in its clause means the threat is denied ("I'm not going to sue"). */
  negators: perLang(termList),
  /** Phrases that contain a negator but still threaten ("won't hesitate to", 不排除). */
  cancellers: perLang(termList),
  /** Where a clause starts: a consequence after a condition ("…我就曝光") is a new clause. */
  boundaries: perLang(termList),
  /** Where the consequence of a condition often starts ("…I will sue", "…我会起诉"); the scope starts there. */
  consequents: perLang(termList),
  /** A negator after one of these belongs to the condition ("if you do not refund me …"). */
  conditions: perLang(termList),
  /** Speech-act denials earlier in the sentence ("I'm not saying I'll sue", 并不是说要曝光). */
  metaDenials: perLang(termList),
  /** Spans that mention a term as a profession, not a threat ("I'm a lawyer"). */
  professions: perLang(z.array(regexSource)),
  /**
   * Wordings that look like a reason but are not it ("screen burn-in", "Monday again", 稍后再试):
   * the rules never fire on them anyway; they keep the learned head from adding that reason.
   */
  lookalikes: z.partialRecord(EscalationReasonSchema, perLang(z.array(regexSource))).default({}),
}).strict();
export type EscalationLexicon = z.infer<typeof EscalationLexiconSchema>;

/** A complaint with its labels. `motive` is required in the training files, optional in the held-out sets labelled before it existed. */
export const ExampleSchema = z.object({
  text: z.string().min(1),
  intent: IntentLabelSchema,
  category: CategoryLabelSchema,
  emotion: EmotionLabelSchema,
  motive: MotiveLabelSchema.optional(),
  escalate: z.array(EscalationReasonSchema).default([]),
}).strict();
export type Example = z.infer<typeof ExampleSchema>;
export type LabelledExample = Example & { lang: z.infer<typeof LangSchema>; source: string };

/** dev.yaml: labelled messages in all three languages, never trained on. */
export const DevFileSchema = z.object({ examples: z.array(ExampleSchema.extend({ lang: LangSchema })).min(1) }).strict();

export const ExampleFileSchema = z.object({
  lang: LangSchema,
  examples: z.array(ExampleSchema.extend({ motive: MotiveLabelSchema })).min(1),
}).strict();
export type ExampleFile = z.infer<typeof ExampleFileSchema>;

/** offtopic.yaml (held-out eval): a plain list of non-complaints. */
export const OffTopicFileSchema = z.object({ messages: z.array(z.string().min(1)).min(1) }).strict();

const NON_COMPLAINT_KINDS = KindLabelSchema.exclude(['complaint']);
export type NonComplaintKind = z.infer<typeof NON_COMPLAINT_KINDS>;
/** A message that is not a complaint, with its kind (chitchat.yaml). */
export interface ChitchatMessage { text: string; kind: NonComplaintKind }

/**
 * chitchat.yaml: messages that are not complaints, by kind. They train the kind
 * head (with the complaint examples) and nothing about a complaint's labels.
 */
export const ChitchatFileSchema = z.object({
  other: z.array(z.string().min(1)).min(1),
  question: z.array(z.string().min(1)).min(1),
  compliment: z.array(z.string().min(1)).min(1),
}).strict();

export { CategoryLabelSchema, EmotionLabelSchema, EscalationReasonSchema, IntentLabelSchema, KindLabelSchema, MotiveLabelSchema };
