// Compiles lexicon files ({path, text}) into a Guard. Loading fails closed:
// any schema error, cross-rule duplicate, invalid regex, flagged suggestion or
// failing self-test returns errors with file:line:col instead of a guard.
import type { z } from 'zod';
import { PhraseAutomaton } from './automaton.js';
import { createGuard, type CompiledRule, type CompiledLexicon, type Guard } from './guard.js';
import {
  ApprovedFileSchema, CategoriesFileSchema, CustomerCuesFileSchema, RuleFileSchema, SPECIAL_FILES, type LexiconRule,
} from './lexiconSchema.js';
import { createNormalizeScratch, normalizePhrase, type NormalizeScratch } from './normalize.js';
import { detectLanguage } from '../script/detect-language.js';
import { simplifiedConverterFor, traditionalConverterFor } from '../script/phrase-converters.js';
import { buildScriptTables, scriptCharactersOf, type ScriptTables } from '../script/script-tables.js';
import { expandBraces, expandEnglishVariants, VariantError } from './variants.js';
import { regexTriggerInfo } from './regexTriggers.js';
import { parseYamlDocument, positionOf, yamlData, type DataProblem, type YamlDocument } from '../contracts/data-file.js';
import { explainSchemaIssues } from '../contracts/data-file-messages.js';
import { regexHazard } from './regexSafety.js';
import { compileLearned, LEARNED_MODEL_FILE, type CompiledLearned } from './learned.js';
import { LearnedModelSchema } from './learnedSchema.js';


export interface LexiconFile { path: string; text: string }

export interface LexiconFileSummary {
  path: string;
  kind: 'rules' | 'categories' | 'approved' | 'customer-cues';
  rules: number;
  phrases: number;
  variants: number;
  selfTests: number;
}

export interface GuardSummary {
  files: LexiconFileSummary[];
  ruleCount: number;
  /** Distinct normalised surface forms in the automaton. */
  patternCount: number;
  regexCount: number;
  selfTestCount: number;
  categories: string[];
}

/**
 * `lexicon`: the compiled data behind `guard`, for the CLI's compile cache (src/lexicon-files/compiled-cache.ts).
 * `warnings`: problems that did not stop the guard, today only a learned model that does not fit the
 * lexicons (the layer is then off; the rules judge alone): say them once, where a person reads them.
 */
export type CompileResult =
  | { ok: true; guard: Guard; summary: GuardSummary; lexicon: CompiledLexicon; warnings: DataProblem[] }
  | { ok: false; errors: DataProblem[] };

const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

interface Located<T> { value: T; file: YamlDocument }

/** What a rule's keys hold, for "rule 29 (…) has no forbidden:; add it (…)". */
const RULE_KEYS: Record<string, string> = {
  id: 'a stable name such as deflect.not-my-job', severity: 'error, warning or suggestion', category: 'one of categories.yaml',
  message: 'en: and zh: texts saying why the wording is wrong', forbidden: 'a list of the phrases to catch',
  suggest: 'en: and zh: lists of what to say instead', tests: 'flag: and pass: examples',
  flag: 'examples the rule must catch', pass: 'realistic examples the rule must let pass',
};

/** The rule at `rules[i]` as a supervisor finds it: counted from 1. */
function ruleName(path: readonly (string | number)[]): string | undefined {
  if (path.length !== 2 || path[0] !== 'rules' || typeof path[1] !== 'number') return undefined;
  // Its id, when it has one, goes with the error as ruleId ("[deflect.x] rule 29: …").
  return `rule ${path[1] + 1}`;
}

function schemaErrors(parsed: YamlDocument, schema: z.ZodType, issues: z.core.$ZodIssue[], data: unknown): DataProblem[] {
  const ruleIdOf = (line: number) => {
    // The rule a message is about: the last rule starting at or before its line.
    const rules = (data as { rules?: { id?: unknown }[] } | null)?.rules;
    if (!Array.isArray(rules)) return undefined;
    let id: string | undefined;
    rules.forEach((rule, i) => { if (positionOf(parsed, ['rules', i]).line <= line && typeof rule?.id === 'string') id = rule.id; });
    return id;
  };
  return explainSchemaIssues(parsed, schema, data, issues, { nameItem: ruleName, describeKey: (key) => RULE_KEYS[key] }).map((m) => {
    const ruleId = ruleIdOf(m.line);
    return { ...m, ...(ruleId ? { ruleId } : {}) };
  });
}

/**
 * Placeholders a suggestion may hold for the agent to fill: an invented
 * commitment ("by 5 pm") would be a promise nobody made. A draft still
 * holding one is flagged by a lexicon rule.
 */
const PLACEHOLDER_TEXT = '{time}';
const PLACEHOLDER = /\{time\}/g;
const PLACEHOLDER_SAMPLE = { en: '3 pm', zh: '下午三点' } as const;
const fillPlaceholders = (text: string, lang: 'en' | 'zh') => text.replace(PLACEHOLDER, PLACEHOLDER_SAMPLE[lang]);

/** Lexicon syntax that must never reach an agent: brace lists, other braces, regex escapes and groups. */
function rawSyntaxIn(text: string): string | null {
  const m = /\{[^}]*\}|[{}]|\\|\(\?/.exec(text.replace(PLACEHOLDER, ''));
  return m === null ? null : `"${m[0]}"`;
}

/** One Latin word of at most four letters (bs, wtf, stfu): matched only as a whole word (guard.ts). */
const SHORT_ABBREVIATION = /^[a-z*]{1,4}$/;

/** Longest surface form (one brace expansion, normalised) a phrase may have: phrases are short. */
export const MAX_SURFACE_FORM = 200;

/** Normalised surface forms of one phrase entry (braces, then inflections and spellings). */
function surfaceForms(phrase: string, tables: ScriptTables, scratch: NormalizeScratch): string[] {
  const forms = new Set<string>();
  if (/^\s*\{\s*regex\s*:/.test(phrase)) throw new VariantError(`"${phrase}" is a quoted string, not a regex entry; write it unquoted as "- regex: '...'"`);
  for (const expanded of expandBraces(phrase)) {
    const normal = normalizePhrase(expanded, tables, scratch);
    if (normal === '') throw new VariantError(`"${phrase}" is empty once spaces and punctuation are ignored`);
    if (normal.length > MAX_SURFACE_FORM) throw new VariantError(`"${phrase.slice(0, 40)}…" is ${normal.length} characters long (over ${MAX_SURFACE_FORM}); a forbidden phrase is a few words, not a passage`);
    for (const v of expandEnglishVariants(normal)) forms.add(v);
  }
  return [...forms];
}

export interface CompileOptions {
  /**
   * Use the learned layer (learned-model.json among the files) when present;
   * default true. false: lexicon rules only (training labels with this).
   */
  learned?: boolean;
  /**
   * Run the rules' flag/pass self-tests and the conflict checks (default true).
   * They cost most of the compile time and never change the guard, so
   * `hearken lint` compiles without them (and caches the result); `hearken
   * lexicon check`, hot reload and the tests keep them.
   */
  selfTest?: boolean;
}

/** What every learned-model warning ends with: what happens meanwhile, and the one command that fixes it. */
export const LEARNED_SKIPPED = 'the learned layer is off until it is retrained (lexicon rules still judge every draft); run `hearken lexicon train`';


/** Each pattern's source as an index into a list of distinct sources (a few hundred lines, not one string per pattern). */
function sourceIndex(patternSource: readonly string[]): { patternSource: Int32Array; sources: string[] } {
  const sources: string[] = [];
  const indexOf = new Map<string, number>();
  const index = Int32Array.from(patternSource, (source) => {
    let i = indexOf.get(source);
    if (i === undefined) { i = sources.length; sources.push(source); indexOf.set(source, i); }
    return i;
  });
  return { patternSource: index, sources };
}

/** Per-pattern trigger lists as one offsets array and one flat list (see CompiledLexicon.triggerStart). */
function flattenTriggers(patternTriggers: readonly (readonly number[] | null)[]): { triggerStart: Int32Array; triggerList: Int32Array } {
  const triggerStart = new Int32Array(patternTriggers.length + 1);
  const list: number[] = [];
  patternTriggers.forEach((t, p) => { triggerStart[p] = list.length; if (t !== null) list.push(...t); });
  triggerStart[patternTriggers.length] = list.length;
  return { triggerStart, triggerList: Int32Array.from(list) };
}

/**
 * Parses and checks learned-model.json: schema, and every family must name a compiled rule.
 * A model that does not fit is skipped with a warning, never an error: it only ever warns, so a
 * supervisor's lexicon edit (a renamed rule) must not stop `lint` or a server start over it.
 */
function compileLearnedFile(file: LexiconFile, rules: readonly CompiledRule[], warnings: DataProblem[]): CompiledLearned | null {
  const fail = (message: string) => { warnings.push({ file: file.path, line: 1, column: 1, message: `${message}; ${LEARNED_SKIPPED}` }); return null; };
  let data: unknown;
  try { data = JSON.parse(file.text); } catch (error) { return fail(`invalid JSON (${(error as Error).message})`); }
  const r = LearnedModelSchema.safeParse(data);
  if (!r.success) return fail(`not a learned guard model: ${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const known = new Map(rules.map((rule) => [rule.id, rule.category]));
  const unknown = r.data.families.filter((f) => known.get(f.rule) !== f.category).map((f) => f.rule);
  if (unknown.length > 0) return fail(`the model was trained on other lexicons: it names rule families they no longer have (or with another category): ${unknown.join(', ')}`);
  return compileLearned(r.data, file.path);
}

export function compileGuard(files: LexiconFile[], options: CompileOptions = {}): CompileResult {
  const errors: DataProblem[] = [];
  const at = (file: YamlDocument, path: (string | number)[], message: string, ruleId?: string): void => {
    errors.push({ file: file.path, ...positionOf(file, path), message, ...(ruleId ? { ruleId } : {}) });
  };

  // 1. Parse and validate every file against its schema.
  const ruleFiles: { parsed: YamlDocument; rules: LexiconRule[] }[] = [];
  let categories: Located<Record<string, string>> | undefined;
  let approved: Located<z.infer<typeof ApprovedFileSchema>> | undefined;
  let cues: Located<z.infer<typeof CustomerCuesFileSchema>> | undefined;
  const summaries = new Map<string, LexiconFileSummary>();
  let learnedFile: LexiconFile | undefined;
  for (const file of files) {
    if (baseName(file.path) === LEARNED_MODEL_FILE) { learnedFile = file; continue; }
    const { yaml: parsed, problems: yamlErrors } = parseYamlDocument(file.path, file.text);
    if (yamlErrors.length > 0) { errors.push(...yamlErrors); continue; }
    const { data, problems: dataErrors } = yamlData(parsed);
    if (dataErrors.length > 0) { errors.push(...dataErrors); continue; }
    const name = baseName(file.path);
    const kind = name === SPECIAL_FILES.categories ? 'categories' : name === SPECIAL_FILES.approved ? 'approved' : name === SPECIAL_FILES.cues ? 'customer-cues' : 'rules';
    summaries.set(file.path, { path: file.path, kind, rules: 0, phrases: 0, variants: 0, selfTests: 0 });
    if (kind === 'categories') {
      const r = CategoriesFileSchema.safeParse(data);
      if (!r.success) errors.push(...schemaErrors(parsed, CategoriesFileSchema, r.error.issues, data));
      else categories = { value: r.data.categories, file: parsed };
    } else if (kind === 'approved') {
      const r = ApprovedFileSchema.safeParse(data);
      if (!r.success) errors.push(...schemaErrors(parsed, ApprovedFileSchema, r.error.issues, data));
      else approved = { value: r.data, file: parsed };
    } else if (kind === 'customer-cues') {
      const r = CustomerCuesFileSchema.safeParse(data);
      if (!r.success) errors.push(...schemaErrors(parsed, CustomerCuesFileSchema, r.error.issues, data));
      else cues = { value: r.data, file: parsed };
    } else {
      const r = RuleFileSchema.safeParse(data);
      if (!r.success) errors.push(...schemaErrors(parsed, RuleFileSchema, r.error.issues, data));
      else ruleFiles.push({ parsed, rules: r.data.rules });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  if (categories === undefined) {
    return { ok: false, errors: [{ file: files[0]?.path ?? SPECIAL_FILES.categories, line: 1, column: 1, message: `no ${SPECIAL_FILES.categories} among the lexicon files; add one listing the rule categories` }] };
  }
  if (ruleFiles.length === 0) {
    return { ok: false, errors: [{ file: categories.file.path, line: 1, column: 1, message: 'no rule files found; a guard needs at least one lexicon file with rules' }] };
  }
  const categoryNames = Object.keys(categories.value);
  const categoryList = categoryNames.join(', ');

  // 2. Expand every phrase, reject cross-rule duplicates and invalid regexes.
  const tables = buildScriptTables();
  const scratch = createNormalizeScratch();
  const patterns: string[] = [];
  const patternRule: number[] = [];
  const patternSource: string[] = [];
  const owner = new Map<string, { rule: number; source: string }>();
  const exceptionPatterns: string[] = [];
  const exceptionRules: number[][] = [];
  const exceptionIndex = new Map<string, number>();
  const rules: CompiledRule[] = [];
  const ruleLocations: { file: YamlDocument; index: number; rule: LexiconRule }[] = [];
  const seenIds = new Map<string, string>();
  for (const { parsed, rules: fileRules } of ruleFiles) {
    const summary = summaries.get(parsed.path)!;
    fileRules.forEach((rule, index) => {
      const rulePath = ['rules', index];
      const previous = seenIds.get(rule.id);
      if (previous !== undefined) at(parsed, [...rulePath, 'id'], `rule id "${rule.id}" is already used at ${previous}; ids must be unique`, rule.id);
      seenIds.set(rule.id, `${parsed.path}:${positionOf(parsed, [...rulePath, 'id']).line}`);
      if (!categoryNames.includes(rule.category)) {
        at(parsed, [...rulePath, 'category'], `unknown category "${rule.category}"; use one of ${categoryList}, or add it to ${SPECIAL_FILES.categories}`, rule.id);
      }
      const ruleIndex = rules.length;
      const regexes: CompiledRule['regexes'][number][] = [];
      rule.forbidden.forEach((entry, k) => {
        const entryPath = [...rulePath, 'forbidden', k];
        const source = `${parsed.path}:${positionOf(parsed, entryPath).line}`;
        summary.phrases++;
        if (typeof entry !== 'string') {
          // Regexes see the normalised draft, so fold their Han characters the same way.
          let folded = '';
          for (const ch of entry.regex) { const f = tables.foldBmp[ch.charCodeAt(0)] ?? 0; folded += ch.length === 1 && f !== 0 ? String.fromCharCode(f) : ch; }
          try {
            const regex = new RegExp(folded, 'giu');
            if (regex.test('')) { at(parsed, [...entryPath, 'regex'], `regex /${entry.regex}/ matches the empty string; it would flag every draft`, rule.id); return; }
            const hazard = regexHazard(folded);
            if (hazard !== null) { at(parsed, [...entryPath, 'regex'], `regex /${entry.regex}/ at character ${hazard.at + 1}: ${hazard.message}`, rule.id); return; }
            regex.lastIndex = 0;
            const info = regexTriggerInfo(folded);
            regexes.push({ regex, source, triggers: info?.triggers ?? null, sticky: info?.prefix ? new RegExp(folded, 'yiu') : null });
          } catch (error) {
            at(parsed, [...entryPath, 'regex'], `invalid regex /${entry.regex}/: ${(error as Error).message}`, rule.id);
          }
          return;
        }
        let forms: string[];
        try { forms = surfaceForms(entry, tables, scratch); } catch (error) {
          if (!(error instanceof VariantError)) throw error;
          at(parsed, entryPath, error.message, rule.id); return;
        }
        for (const form of forms) {
          const existing = owner.get(form);
          if (existing !== undefined) {
            if (existing.rule !== ruleIndex) {
              // Said so it reads right whichever of the two rules the supervisor just wrote.
              const same = form === normalizePhrase(entry, tables, scratch) ? '' : ` (as "${form}")`;
              at(parsed, entryPath, `phrase "${entry}"${same} is also in rule ${rules[existing.rule]?.id ?? rule.id} (${existing.source}); a phrase may belong to one rule only: keep it in one of the two (\`hearken lint\` on the phrase shows which rule catches it now)`, rule.id);
              break;
            }
            continue;
          }
          owner.set(form, { rule: ruleIndex, source });
          patterns.push(form);
          patternRule.push(ruleIndex);
          patternSource.push(source);
          summary.variants++;
        }
      });
      rule.unless.forEach((entry, k) => {
        let forms: string[];
        try { forms = surfaceForms(entry, tables, scratch); } catch (error) {
          if (!(error instanceof VariantError)) throw error;
          at(parsed, [...rulePath, 'unless', k], error.message, rule.id); return;
        }
        for (const form of forms) {
          let id = exceptionIndex.get(form);
          if (id === undefined) { id = exceptionPatterns.length; exceptionIndex.set(form, id); exceptionPatterns.push(form); exceptionRules.push([]); }
          if (!exceptionRules[id]!.includes(ruleIndex)) exceptionRules[id]!.push(ruleIndex);
        }
      });
      summary.rules++;
      summary.selfTests += rule.tests.flag.length + rule.tests.pass.length;
      rules.push({
        id: rule.id, severity: rule.severity, category: rule.category, message: rule.message, quoted: rule.quoted,
        suggest: rule.suggest, suggestZhHans: [], suggestZhHant: [], messageZhHans: '', messageZhHant: '', regexes, hasExceptions: rule.unless.length > 0,
        fixEn: rule.fix?.en ?? null, fixZhHans: null, fixZhHant: null, excusedByAction: rule.excusedByAction, negatable: rule.negatable,
      });
      ruleLocations.push({ file: parsed, index, rule });
    });
  }
  if (approved && !categoryNames.includes(approved.value.context.category)) {
    at(approved.file, ['context', 'category'], `unknown category "${approved.value.context.category}"; use one of ${categoryList}, or add it to ${SPECIAL_FILES.categories}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  // 3. Script conversion for suggestions and messages shown to Traditional readers.
  const zhStrings = [
    ...rules.flatMap((r, k) => [...r.suggest.zh, r.message.zh, ...(ruleLocations[k]!.rule.fix?.zh !== undefined ? [ruleLocations[k]!.rule.fix!.zh!] : [])]),
    ...(approved ? [...approved.value.context.suggest.zh, approved.value.context.message.zh] : []),
  ];
  const toTraditional = traditionalConverterFor(zhStrings, tables);
  const toSimplified = simplifiedConverterFor(zhStrings, tables);
  // Lexicon authors may write Chinese in either script; keep both forms.
  const bothScripts = (text: string): { hans: string; hant: string } => detectLanguage(text, scriptCharactersOf(tables)).script === 'zh-Hant'
    ? { hans: toSimplified(text), hant: [...text].map((ch) => tables.taiwanVariant.get(ch) ?? ch).join('') }
    : { hans: text, hant: toTraditional(text) };
  for (const r of rules) {
    const suggestions = r.suggest.zh.map(bothScripts);
    const message = bothScripts(r.message.zh);
    r.suggestZhHans = suggestions.map((x) => x.hans);
    r.suggestZhHant = suggestions.map((x) => x.hant);
    r.messageZhHans = message.hans;
    r.messageZhHant = message.hant;
  }
  ruleLocations.forEach(({ rule }, k) => {
    if (rule.fix?.zh === undefined) return;
    const fix = bothScripts(rule.fix.zh);
    rules[k]!.fixZhHans = fix.hans;
    rules[k]!.fixZhHant = fix.hant;
  });

  const compileList = (list: readonly string[]) => [...new Set(list.flatMap((p) => surfaceForms(p, tables, scratch)))];
  const acknowledgementForms = approved ? compileList([...approved.value.acknowledgements.en, ...approved.value.acknowledgements.zh]) : [];
  const cueForms = cues ? compileList([...cues.value.upset.en, ...cues.value.upset.zh]) : [];
  const commitmentForms = approved ? compileList([...approved.value.commitments.en, ...approved.value.commitments.zh]) : [];
  const negationForms = approved ? compileList([...approved.value.negations.en, ...approved.value.negations.zh]) : [];
  const approvedLine = approved ? positionOf(approved.file, ['context']).line : 0;
  // Regex triggers ride along in the phrase automaton (see regexTriggers.ts):
  // a trigger that is also a phrase shares its pattern, others get rule -1.
  const phrasePatternCount = patterns.length;
  const patternTriggers: (number[] | null)[] = patterns.map(() => null);
  const patternIdOf = new Map(patterns.map((p, i) => [p, i]));
  let regexNumber = 0;
  for (const r of rules) {
    for (const { triggers } of r.regexes) {
      for (const trigger of triggers ?? []) {
        let id = patternIdOf.get(trigger);
        if (id === undefined) {
          id = patterns.length;
          patternIdOf.set(trigger, id);
          patterns.push(trigger); patternRule.push(-1); patternSource.push(''); patternTriggers.push(null);
        }
        (patternTriggers[id] ??= []).push(regexNumber);
      }
      regexNumber++;
    }
  }
  const warnings: DataProblem[] = [];
  const learned = learnedFile !== undefined && options.learned !== false ? compileLearnedFile(learnedFile, rules, warnings) : null;
  const lexicon: CompiledLexicon = {
    tables,
    rules,
    learned,
    automaton: new PhraseAutomaton(patterns),
    patternRule: Int32Array.from(patternRule),
    wholeWord: Uint8Array.from(patterns, (p, i) => (i < phrasePatternCount && SHORT_ABBREVIATION.test(p) ? 1 : 0)),
    ...sourceIndex(patternSource),
    ...flattenTriggers(patternTriggers),
    exceptions: exceptionPatterns.length > 0 ? new PhraseAutomaton(exceptionPatterns) : null,
    exceptionRules,
    commitments: commitmentForms.length > 0 ? new PhraseAutomaton(commitmentForms) : null,
    negations: negationForms.length > 0 ? new PhraseAutomaton(negationForms) : null,
    context: approved
      ? {
          id: approved.value.context.id,
          category: approved.value.context.category,
          message: approved.value.context.message,
          messageZhHans: bothScripts(approved.value.context.message.zh).hans,
          messageZhHant: bothScripts(approved.value.context.message.zh).hant,
          source: `${approved.file.path}:${approvedLine}`,
          acknowledgements: new PhraseAutomaton(acknowledgementForms),
          suggestEn: approved.value.context.suggest.en,
          suggestZhHans: approved.value.context.suggest.zh.map((x) => bothScripts(x).hans),
          suggestZhHant: approved.value.context.suggest.zh.map((x) => bothScripts(x).hant),
          upsetCues: cueForms.length > 0 ? new PhraseAutomaton(cueForms) : null,
        }
      : null,
  };
  const guard = createGuard(lexicon);
  const summary = {
    files: [...summaries.values()],
    ruleCount: rules.length,
    patternCount: phrasePatternCount,
    regexCount: rules.reduce((n, r) => n + r.regexes.length, 0),
    categories: categoryNames,
  };
  if (options.selfTest === false) return { ok: true, guard, lexicon, warnings, summary: { ...summary, selfTestCount: 0 } };

  // 4. Self-tests, then conflict checks: nothing the lexicons recommend may be flagged.
  let selfTestCount = 0;
  for (const { file, index, rule } of ruleLocations) {
    const rulePath = ['rules', index, 'tests'];
    rule.tests.flag.forEach((example, k) => {
      selfTestCount++;
      const found = guard.lint(example).findings;
      if (!found.some((f) => f.ruleId === rule.id)) {
        const others = found.length > 0 ? ` (it was flagged by ${[...new Set(found.map((f) => f.ruleId))].join(', ')} instead)` : '';
        at(file, [...rulePath, 'flag', k], `self-test failed: flag example "${example}" is not flagged by this rule${others}`, rule.id);
      }
    });
    rule.tests.pass.forEach((example, k) => {
      selfTestCount++;
      const hit = guard.lint(example).findings.find((f) => f.ruleId === rule.id);
      if (hit) at(file, [...rulePath, 'pass', k], `self-test failed: pass example "${example}" is flagged at "${hit.actual}" (${hit.source}); narrow the phrase or add an unless`, rule.id);
    });
    const checkOffered = (path: (string | number)[], lang: 'en' | 'zh', text: string, what: string) => {
      const raw = rawSyntaxIn(text);
      if (raw !== null) { at(file, path, `${what} "${text}" shows lexicon syntax ${raw} to the agent; write plain text (the only placeholder is {time})`, rule.id); return; }
      const variants = lang === 'zh' ? [text, bothScripts(text).hans, bothScripts(text).hant] : [text];
      for (const variant of variants) {
        const hit = guard.lint(fillPlaceholders(variant, lang)).findings[0];
        if (hit) {
          at(file, path, `${what} "${variant}" is itself flagged by ${hit.ruleId} at "${hit.actual}" (${hit.source}); reword it`, rule.id);
          break;
        }
      }
    };
    for (const lang of ['en', 'zh'] as const) {
      rule.suggest[lang].forEach((suggestion, k) => checkOffered(['rules', index, 'suggest', lang, k], lang, suggestion, 'suggestion'));
      const fix = rule.fix?.[lang];
      if (fix !== undefined) {
        checkOffered(['rules', index, 'fix', lang], lang, fix, 'fix');
        if (fix.includes(PLACEHOLDER_TEXT)) at(file, ['rules', index, 'fix', lang], `fix "${fix}" holds a placeholder; a span fix is applied as it stands, so write it out`, rule.id);
      }
    }
    // A fix must fix: applied to a flag example, the rule no longer flags the fixed text there.
    rule.tests.flag.forEach((example, k) => {
      const finding = guard.lint(example).findings.find((f) => f.ruleId === rule.id && f.fix !== undefined);
      if (finding === undefined) return;
      const [from, to] = finding.fix!.range;
      const fixed = example.slice(0, from) + finding.fix!.text + example.slice(to);
      const again = guard.lint(fixed).findings.find((f) => f.ruleId === rule.id && f.start < from + finding.fix!.text.length && from < f.end);
      if (again) at(file, ['rules', index, 'tests', 'flag', k], `fix "${finding.fix!.text}" does not fix flag example "${example}": "${fixed}" is still flagged at "${again.actual}"`, rule.id);
    });
  }
  if (approved) {
    for (const lang of ['en', 'zh'] as const) {
      approved.value.context.suggest[lang].forEach((text, k) => {
        const raw = rawSyntaxIn(text);
        const hit = guard.lint(fillPlaceholders(text, lang)).findings.find((f) => f.severity !== 'suggestion');
        if (raw !== null) at(approved!.file, ['context', 'suggest', lang, k], `suggestion "${text}" shows lexicon syntax ${raw} to the agent; write plain text`);
        else if (hit) at(approved!.file, ['context', 'suggest', lang, k], `suggestion "${text}" is flagged by ${hit.ruleId} at "${hit.actual}" (${hit.source}); reword it`, hit.ruleId);
      });
    }
    for (const list of ['acknowledgements', 'civil'] as const) {
      for (const lang of ['en', 'zh'] as const) {
        approved.value[list][lang].forEach((phrase, k) => {
          const hit = guard.lint(phrase).findings[0];
          if (hit) at(approved!.file, [list, lang, k], `approved phrase "${phrase}" is flagged by ${hit.ruleId} at "${hit.actual}" (${hit.source}); fix the rule or the phrase`, hit.ruleId);
        });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, guard, lexicon, warnings, summary: { ...summary, selfTestCount } };
}
