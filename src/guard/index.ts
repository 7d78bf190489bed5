// Public surface of the phrasing guard (a pure core: no I/O).
export { compileGuard, type CompileOptions, type CompileResult, type GuardSummary, type LexiconFile, type LexiconFileSummary } from './compile.js';
export { createGuard, verdictOf, UPSET_INTENSITY, type Guard, type GuardRuleInfo, type LintContext, type EmotionLabel } from './guard.js';
export { normalizeForMatching, type NormalizedText } from './normalize.js';
export { buildScriptTables, type ScriptTables } from '../script/script-tables.js';
export { foldTraditional } from '../script/fold-traditional.js';
export { expandBraces, expandEnglishVariants } from './variants.js';
export { findQuotedSpans, findReportedSpans } from './quotedSpeech.js';
export { LEARNED_MODEL_FILE, splitSentences, type LearnedModel } from './learned.js';
export { LearnedModelSchema } from './learnedSchema.js';
export { DEFAULT_LEARNED_CONFIG, LEARNED_TRAINER_VERSION, parseDraftFile, trainLearnedModel, type LabelledDraft, type TrainerConfig } from './learnedTrain.js';
