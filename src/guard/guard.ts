// The compiled guard: lint a draft against the automaton, then filter hits
// (word boundaries, unless-exceptions, quoted speech), keep the longest match
// per span, add the context suggestion, and decide the verdict.
import type { Finding, LintResult, Severity, Verdict } from '../contracts/finding.js';
import type { PhraseAutomaton } from './automaton.js';
import { createNormalizeScratch, isHanUnit, isLatinAlnum, normalizeForMatching, type NormalizedText } from './normalize.js';
import { findReportedSpans, insideAny, type Span } from './quotedSpeech.js';
import { foldTraditional } from '../script/fold-traditional.js';
import { detectLanguage } from '../script/detect-language.js';
import { scriptCharactersOf } from '../script/script-tables.js';
import type { ScriptTables } from '../script/script-tables.js';
import { learnedHits, type CompiledLearned } from './learned.js';
import { REGEX_ATTEMPT_BUDGET, REGEX_SCAN_BUDGET, REGEX_WINDOW, windowBounds, windowOf } from './regexWindows.js';

export interface CompiledRule {
  readonly id: string;
  readonly severity: Severity;
  readonly category: string;
  readonly message: { readonly en: string; readonly zh: string };
  readonly quoted: 'skip' | 'match';
  readonly suggest: { readonly en: readonly string[]; readonly zh: readonly string[] };
  /** Chinese suggestions and message in both scripts, whichever the author wrote. */
  suggestZhHans: string[];
  suggestZhHant: string[];
  messageZhHans: string;
  messageZhHant: string;
  /** `triggers`: literals one of which every match contains (null: always run); see regexTriggers.ts. */
  readonly regexes: readonly {
    readonly regex: RegExp;
    readonly source: string;
    readonly triggers: readonly string[] | null;
    /** When every match starts with a trigger: the same regex, sticky, tried only where a trigger starts. */
    readonly sticky: RegExp | null;
  }[];
  readonly hasExceptions: boolean;
  /** Span fix texts (lexiconSchema `fix`); null: none for that language. */
  readonly fixEn: string | null;
  fixZhHans: string | null;
  fixZhHant: string | null;
  readonly excusedByAction: boolean;
  readonly negatable: boolean;
}

export interface CompiledContextCheck {
  readonly id: string;
  readonly category: string;
  readonly message: { readonly en: string; readonly zh: string };
  readonly messageZhHans: string;
  readonly messageZhHant: string;
  readonly source: string;
  readonly acknowledgements: PhraseAutomaton;
  readonly suggestEn: readonly string[];
  readonly suggestZhHans: readonly string[];
  readonly suggestZhHant: readonly string[];
  readonly upsetCues: PhraseAutomaton | null;
}

export interface CompiledLexicon {
  readonly tables: ScriptTables;
  readonly rules: readonly CompiledRule[];
  readonly automaton: PhraseAutomaton;
  /** Rule of each automaton pattern; -1 for a pattern that is only a regex trigger. */
  readonly patternRule: Int32Array;
  /** 1 for a pattern that matches only as a whole word (short abbreviations such as bs, wtf). */
  readonly wholeWord: Uint8Array;
  /** Index into `sources` of each pattern's lexicon file:line ('' for a trigger-only pattern). */
  readonly patternSource: Int32Array;
  readonly sources: readonly string[];
  /**
   * Regexes (numbered across rules in order) that a hit on pattern p lets run:
   * triggerList[triggerStart[p] .. triggerStart[p + 1]). Flat typed arrays, so
   * the compiled guard loads from the disk cache without rebuilding objects.
   */
  readonly triggerStart: Int32Array;
  readonly triggerList: Int32Array;
  readonly exceptions: PhraseAutomaton | null;
  readonly exceptionRules: readonly (readonly number[])[];
  /** approved.yaml `commitments`: what excuses a hit of an `excusedByAction` rule later in its sentence. */
  readonly commitments: PhraseAutomaton | null;
  /** approved.yaml `negations`: what turns a hit of a `negatable` rule right after it around. */
  readonly negations: PhraseAutomaton | null;
  readonly context: CompiledContextCheck | null;
  /** The learned sentence layer (learned.ts); null when absent or switched off. */
  readonly learned: CompiledLearned | null;
}

export type EmotionLabel = 'anger' | 'frustration' | 'anxiety' | 'neutral';

export interface LintContext {
  /** The customer's last message. */
  customerText?: string;
  /** Same as customerText (the issue's `lint(text, {customer})` spelling); customerText wins when both are given. */
  customer?: string;
  /** The customer's emotion from triage; wins over the cue list when given. */
  customerEmotion?: { label: EmotionLabel; intensity: number };
}

/** What a supervisor's report needs to know of a rule without linting: its id, severity and category. */
export interface GuardRuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly category: string;
}

export interface Guard {
  lint(text: string, context?: LintContext): LintResult;
  readonly ruleCount: number;
  /** Every lexicon rule and the context check, in lexicon order (learned guesses report as `learned.<category>`). */
  readonly rules: readonly GuardRuleInfo[];
}

/** Intensity from which a non-neutral customer emotion calls for an acknowledgement. */
export const UPSET_INTENSITY = 0.3;

const EMPTY_STARTS = new Int32Array(0);

/** start/end: original offsets; ns/ne: the same hit in the normalised text. */
interface Candidate { rule: number; start: number; end: number; ns: number; ne: number; source: string }

/** English needs no Latin letter or digit on either side; Chinese needs no boundary. */
function boundaryOk(text: string, start: number, end: number): boolean {
  if (start > 0 && isLatinAlnum(text.charCodeAt(start)) && isLatinAlnum(text.charCodeAt(start - 1))) return false;
  if (end < text.length && isLatinAlnum(text.charCodeAt(end - 1)) && isLatinAlnum(text.charCodeAt(end))) return false;
  return true;
}

/** Marks that may stand next to a whole word: sentence and bracket punctuation, in their normalised forms. */
const WORD_DELIMITERS = new Set([...'.,;:!?\'"()[]-…–—/。、；：！？“”‘’「」（）'].map((c) => c.charCodeAt(0)));

/** Whether the unit at `i` (looking from the word, `side` -1 before or +1 after) may flank a whole word. */
function flanksWord(text: string, i: number, side: -1 | 1): boolean {
  if (i < 0 || i >= text.length) return true;
  const u = text.charCodeAt(i);
  if (u === 0x20 || WORD_DELIMITERS.has(u) || isHanUnit(u)) return true;
  // An emoji (a surrogate pair from U+1F000 up) next to chat slang: "wtf🙄".
  const high = side === 1 ? u : text.charCodeAt(i - 1);
  const low = side === 1 ? text.charCodeAt(i + 1) : u;
  return high >= 0xd83c && high <= 0xd83e && low >= 0xdc00 && low <= 0xdfff;
}

/** Control characters and U+FFFD: what decoded binary is full of (lone surrogates are already spaces). */
const isNoise = (u: number) => u < 0x20 || (u >= 0x7f && u <= 0x9f) || u === 0xfffd;

/**
 * A short abbreviation (bs, wtf, stfu) is two to four letters, which random
 * bytes spell by chance: it counts only as a whole word (space, punctuation,
 * Han or an emoji on each side) in a neighbourhood free of binary noise.
 */
function wholeWordOk(text: string, start: number, end: number): boolean {
  if (!flanksWord(text, start - 1, -1) || !flanksWord(text, end, 1)) return false;
  for (let i = Math.max(0, start - 8); i < Math.min(text.length, end + 8); i++) if (isNoise(text.charCodeAt(i))) return false;
  return true;
}

function hasAnyHit(automaton: PhraseAutomaton, text: string): boolean {
  let found = false;
  automaton.findAll(text, (_p, s, e) => { if (!found && boundaryOk(text, s, e)) found = true; });
  return found;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function locate(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid; else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * The most severe, then the longest match wins; each original span is
 * reported once across all rules (a long warning such as 你自己看 must not
 * hide the error 写着呢，你自己看 inside it). An occupancy map keeps this
 * linear in the number of hits, so a draft made of thousands of forbidden
 * phrases cannot stall the guard.
 */
function keepLongest(candidates: Candidate[], textLength: number, rank: (c: Candidate) => number): Candidate[] {
  if (candidates.length <= 1) return candidates;
  const sorted = [...candidates].sort((a, b) => rank(b) - rank(a) || (b.end - b.start) - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  if (sorted.length <= 64) {
    for (const c of sorted) if (!kept.some((k) => c.start < k.end && k.start < c.end)) kept.push(c);
  } else {
    const taken = new Uint8Array(textLength);
    for (const c of sorted) {
      let free = true;
      for (let k = c.start; k < c.end && free; k++) free = taken[k] === 0;
      if (!free) continue;
      taken.fill(1, c.start, c.end);
      kept.push(c);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

export function createGuard(lexicon: CompiledLexicon): Guard {
  const { rules, tables } = lexicon;
  // Reused by every lint call (lint is synchronous, so calls never overlap).
  const scratch = createNormalizeScratch();
  const regexEntries = rules.flatMap((rule, index) => rule.regexes.map(({ regex, source, triggers, sticky }) => ({ rule: index, regex, source, sticky, always: triggers === null })));
  const hasSticky = regexEntries.map((r) => r.sticky !== null);
  // triggeredIn[k] === stamp: regex k's trigger occurred in the current draft.
  const triggeredIn = new Uint32Array(regexEntries.length);
  // Scratch for grouping trigger hits by regex (collectCandidates).
  const hitOffset = new Int32Array(regexEntries.length + 1);
  const hitFill = new Int32Array(regexEntries.length);
  let hitStarts = new Int32Array(256);
  let stamp = 0;
  const { patternRule, patternSource, sources, triggerStart, triggerList, wholeWord } = lexicon;
  const fold = (s: string) => foldTraditional(s, tables);
  /** Someone else's words in the draft (quotes with a reporting cue, `>` lines): see quotedSpeech.ts. */
  const reportedSpans = (text: string) => findReportedSpans(text, fold);

  function collectCandidates(text: string, normalized: NormalizedText): Candidate[] {
    const normal = normalized.text;
    const raw: { rule: number; s: number; e: number; source: string }[] = [];
    stamp = (stamp + 1) >>> 0 || 1;
    const current = stamp;
    // A long draft is read by regexes in windows (regexWindows.ts); a short one is one window.
    const bounds = normal.length > REGEX_WINDOW ? windowBounds(normal, normalized.start, normalized.end, text) : null;
    // (regex, start) pairs of trigger hits: where sticky regexes are tried, and which windows the others read.
    const triggerHits: number[] = [];
    lexicon.automaton.findAll(normal, (pattern, s, e) => {
      const rule = patternRule[pattern]!;
      if (rule >= 0 && (wholeWord[pattern] === 1 ? wholeWordOk(normal, s, e) : boundaryOk(normal, s, e))) raw.push({ rule, s, e, source: sources[patternSource[pattern]!]! });
      for (let k = triggerStart[pattern]!, end = triggerStart[pattern + 1]!; k < end; k++) {
        const r = triggerList[k]!;
        triggeredIn[r] = current;
        if (hasSticky[r] || bounds !== null) triggerHits.push(r, s);
      }
    });
    const windowTexts: (string | undefined)[] = [];
    const windowText = (w: number) => (windowTexts[w] ??= normal.slice(bounds![w]!, bounds![w + 1]!));
    let scanBudget = REGEX_SCAN_BUDGET;
    let attemptBudget = REGEX_ATTEMPT_BUDGET;
    // Trigger hits grouped by regex (a counting sort), so each regex reads its
    // own starts instead of every hit of the draft: linear, not regexes × hits.
    const pairs = triggerHits.length >> 1;
    hitOffset.fill(0);
    for (let h = 0; h < triggerHits.length; h += 2) hitOffset[triggerHits[h]! + 1]!++;
    for (let k = 0; k < regexEntries.length; k++) hitOffset[k + 1]! += hitOffset[k]!;
    if (hitStarts.length < pairs) hitStarts = new Int32Array(Math.max(pairs, hitStarts.length * 2));
    hitFill.set(hitOffset.subarray(0, regexEntries.length));
    for (let h = 0; h < triggerHits.length; h += 2) hitStarts[hitFill[triggerHits[h]!]!++] = triggerHits[h + 1]!;
    for (let k = 0; k < regexEntries.length; k++) {
      const { rule, regex, source, always, sticky } = regexEntries[k]!;
      if (!always && triggeredIn[k] !== current) continue;
      // Sorted in place: the region is this regex's alone.
      const starts = sticky !== null || (bounds !== null && !always) ? hitStarts.subarray(hitOffset[k]!, hitOffset[k + 1]!).sort() : EMPTY_STARTS;
      if (sticky !== null) {
        // Every match starts at a trigger: try only there, left to right and
        // without overlap, which finds exactly what a full scan would.
        let resumeAt = 0;
        for (const at of starts) {
          if (at < resumeAt) continue;
          if (--attemptBudget < 0) break;
          const w = bounds === null ? 0 : windowOf(bounds, at);
          const offset = bounds === null ? 0 : bounds[w]!;
          sticky.lastIndex = at - offset;
          const m = sticky.exec(bounds === null ? normal : windowText(w));
          if (m === null || m[0].length === 0) continue;
          const e = at + m[0].length;
          if (boundaryOk(normal, at, e)) raw.push({ rule, s: at, e, source });
          resumeAt = e;
        }
        continue;
      }
      const scan = (windowed: string, offset: number) => {
        scanBudget -= windowed.length;
        regex.lastIndex = 0;
        for (let m = regex.exec(windowed); m !== null; m = regex.exec(windowed)) {
          if (m[0].length === 0) { regex.lastIndex++; continue; }
          const s = offset + m.index;
          const e = s + m[0].length;
          if (boundaryOk(normal, s, e)) raw.push({ rule, s, e, source });
        }
      };
      if (bounds === null) { if (scanBudget >= normal.length) scan(normal, 0); continue; }
      // A match lies inside one window, so it needs a trigger inside that window.
      let last = -1;
      const windows = always ? Array.from({ length: bounds.length - 1 }, (_, w) => w) : starts.map((at) => windowOf(bounds, at));
      for (const w of windows) {
        if (w === last) continue;
        last = w;
        if (scanBudget < bounds[w + 1]! - bounds[w]!) break;
        scan(windowText(w), bounds[w]!);
      }
    }
    if (raw.length === 0) return [];
    let filtered = raw;
    if (lexicon.exceptions !== null && raw.some((c) => rules[c.rule]!.hasExceptions)) {
      const spans: { s: number; e: number; rules: readonly number[] }[] = [];
      // An exception covering a hit lies within maxPatternLength of it, so only
      // windows around the hits are searched, not the whole draft.
      const exceptions = lexicon.exceptions;
      const reach = exceptions.maxPatternLength;
      const windows = raw.filter((c) => rules[c.rule]!.hasExceptions)
        .map((c) => [Math.max(0, c.e - reach), Math.min(normal.length, c.s + reach)] as [number, number])
        .sort((a, b) => a[0] - b[0]);
      let from = windows[0]![0];
      let to = windows[0]![1];
      const search = () => {
        exceptions.findAll(normal, (p, s, e) => {
          if (boundaryOk(normal, s, e)) spans.push({ s, e, rules: lexicon.exceptionRules[p]! });
        }, from, to);
      };
      for (const [f, t] of windows) {
        if (f <= to) { to = Math.max(to, t); continue; }
        search();
        from = f; to = t;
      }
      search();
      const covers = (x: { s: number; e: number; rules: readonly number[] }, c: { rule: number; s: number; e: number }) =>
        x.s <= c.s && c.e <= x.e && x.rules.includes(c.rule);
      if (spans.length * raw.length <= 4096) {
        filtered = raw.filter((c) => !spans.some((x) => covers(x, c)));
      } else {
        // Many hits and many exceptions (a huge draft): an exception covering a
        // hit starts at most maxPatternLength units before the hit's end, so
        // index exceptions by start and look back that far only.
        const byStart = new Map<number, typeof spans>();
        for (const x of spans) { const list = byStart.get(x.s); if (list) list.push(x); else byStart.set(x.s, [x]); }
        filtered = raw.filter((c) => {
          for (let s = c.s; s >= 0 && s >= c.e - reach; s--) if (byStart.get(s)?.some((x) => covers(x, c))) return false;
          return true;
        });
      }
    }
    const { start, end } = normalized;
    return filtered.map((c) => ({ rule: c.rule, start: start[c.s]!, end: end[c.e - 1]!, ns: c.s, ne: c.e, source: c.source }));
  }

  function lint(text: string, context?: LintContext): LintResult {
    if (typeof text !== 'string') throw new TypeError(`guard.lint expects a string draft, got ${text === null ? 'null' : typeof text}`);
    const normal = normalizeForMatching(text, tables, scratch);
    let candidates = collectCandidates(text, normal);
    let excused: Span[] | undefined;
    if (lexicon.negations !== null && candidates.some((c) => rules[c.rule]!.negatable)) {
      // Normalised end offsets of the negations: a hit starting within NEGATION_GAP units after one is turned around.
      const ends = new Uint8Array(normal.text.length + 1);
      lexicon.negations.findAll(normal.text, (_p, s, e) => { if (boundaryOk(normal.text, s, e)) ends[e] = 1; });
      candidates = candidates.filter((c) => {
        if (!rules[c.rule]!.negatable) return true;
        for (let k = c.ns; k >= 0 && k >= c.ns - NEGATION_GAP; k--) {
          if (ends[k] === 1) { (excused ??= []).push({ start: c.start, end: c.end }); return false; }
          // Going on puts unit k - 1 between the two: a space or a few Han units (您, 再, 去), never punctuation.
          if (k > 0 && NEGATION_STOP.test(normal.text[k - 1]!)) break;
        }
        return true;
      });
    }
    if (lexicon.commitments !== null && candidates.some((c) => rules[c.rule]!.excusedByAction)) {
      const commitments: number[] = [];
      lexicon.commitments.findAll(normal.text, (_p, s, e) => { if (boundaryOk(normal.text, s, e)) commitments.push(normal.start[s]!, normal.end[e - 1]!); });
      candidates = candidates.filter((c) => {
        if (!rules[c.rule]!.excusedByAction) return true;
        for (let k = 0; k < commitments.length; k += 2) {
          // The commitment is other words than the hit ("not something we can offer" is no offer).
          if (commitments[k]! < c.end && c.start < commitments[k + 1]!) continue;
          const from = Math.min(c.start, commitments[k]!);
          const to = Math.max(c.end, commitments[k + 1]!);
          if (to - from <= EXCUSE_REACH && !SENTENCE_END.test(text.slice(Math.min(c.end, commitments[k]!), Math.max(c.start, commitments[k + 1]!)))) {
            (excused ??= []).push({ start: c.start, end: c.end });
            return false;
          }
        }
        return true;
      });
    }
    if (candidates.some((c) => rules[c.rule]!.quoted === 'skip')) {
      let spans: Span[] | undefined;
      candidates = candidates.filter((c) => {
        if (rules[c.rule]!.quoted !== 'skip') return true;
        spans ??= reportedSpans(text);
        return !insideAny(spans, c.start, c.end);
      });
    }
    const findings: Finding[] = [];
    let starts: number[] | undefined;
    let traditional: boolean | undefined;
    const isTraditional = () => (traditional ??= detectLanguage(text, scriptCharactersOf(tables)).script === 'zh-Hant');
    for (const c of keepLongest(candidates, text.length, (c) => SEVERITY_RANK[rules[c.rule]!.severity])) {
      const rule = rules[c.rule]!;
      const actual = text.slice(c.start, c.end);
      let chinese = false;
      for (let k = 0; k < actual.length && !chinese; k++) chinese = isHanUnit(actual.charCodeAt(k));
      starts ??= lineStarts(text);
      const { line, column } = locate(starts, c.start);
      const message = chinese ? (isTraditional() ? rule.messageZhHant : rule.messageZhHans) : rule.message.en;
      const suggestions = chinese ? [...(isTraditional() ? rule.suggestZhHant : rule.suggestZhHans)] : [...rule.suggest.en];
      const fix = spanFix(rule, normal, c, actual, chinese, isTraditional);
      // Written out rather than spread: the key order is the JSON output's, with `fix` only when there is one.
      findings.push(fix === null
        ? { ruleId: rule.id, severity: rule.severity, category: rule.category, message, actual, start: c.start, end: c.end, line, column, suggestions, source: c.source }
        : { ruleId: rule.id, severity: rule.severity, category: rule.category, message, actual, start: c.start, end: c.end, line, column, suggestions, fix, source: c.source });
    }
    if (lexicon.learned !== null) addLearnedFindings(text, normal, findings, excused ?? [], isTraditional, () => (starts ??= lineStarts(text)));
    const contextFinding = context ? checkContext(text, normal.text, context, isTraditional) : null;
    if (contextFinding) findings.push(contextFinding);
    return { verdict: verdictOf(findings), findings };
  }

  const ruleById = new Map(rules.map((r) => [r.id, r]));

  /**
   * Learned guesses for sentences no lexicon error covers, nor a hit the
   * lexicon excused (excusedByAction) or saw negated: a warning, or an error
   * when the model is very sure, or sure beside a lexicon warning (learned.ts).
   */
  function addLearnedFindings(text: string, normal: NormalizedText, findings: Finding[], excused: readonly Span[], isTraditional: () => boolean, getStarts: () => number[]): void {
    const learned = lexicon.learned!;
    const lexiconFindings = findings.length;
    let quoted: Span[] | undefined;
    const hits = learnedHits(learned, text, normal,
      (s, e) => {
        if (excused.some((x) => x.start < e && s < x.end)) return 'covered';
        let warned = false;
        for (let k = 0; k < lexiconFindings; k++) {
          const f = findings[k]!;
          if (f.start >= e || s >= f.end) continue;
          if (f.severity === 'error') return 'covered';
          warned = true;
        }
        return warned ? 'warned' : 'free';
      },
      () => (quoted ??= reportedSpans(text)));
    for (const hit of hits) {
      const rule = ruleById.get(hit.rule)!;
      const actual = text.slice(hit.start, hit.end);
      let chinese = false;
      for (let k = 0; k < actual.length && !chinese; k++) chinese = isHanUnit(actual.charCodeAt(k));
      const hant = chinese && isTraditional();
      const score = hit.score.toFixed(2);
      const message = !chinese
        ? `Learned guess (no lexicon phrase blocks it, score ${score}${hit.block ? ', high enough to block' : ''}): this sentence reads like ${rule.id}: ${rule.message.en}`
        : hant
          ? `模型推測（詞庫短語未攔截，分數 ${score}${hit.block ? '，足以攔截' : ''}）：此句接近 ${rule.id}：${rule.messageZhHant}`
          : `模型推测（词库短语未拦截，分数 ${score}${hit.block ? '，足以拦截' : ''}）：此句接近 ${rule.id}：${rule.messageZhHans}`;
      findings.push({
        ruleId: `learned.${hit.category}`,
        severity: hit.block ? 'error' : 'warning',
        category: hit.category,
        message,
        actual,
        start: hit.start,
        end: hit.end,
        ...locate(getStarts(), hit.start),
        suggestions: chinese ? [...(hant ? rule.suggestZhHant : rule.suggestZhHans)] : [...rule.suggest.en],
        source: learned.source,
      });
    }
    if (hits.length > 0) findings.sort((a, b) => a.start - b.start);
  }

  function customerIsUpset(context: LintContext): boolean {
    if (context.customerEmotion) {
      const { label, intensity } = context.customerEmotion;
      return label !== 'neutral' && intensity >= UPSET_INTENSITY;
    }
    const cues = lexicon.context?.upsetCues;
    const customerText = context.customerText ?? context.customer;
    if (!customerText || !cues) return false;
    return hasAnyHit(cues, normalizeForMatching(customerText, tables).text);
  }

  function checkContext(text: string, normal: string, context: LintContext, isTraditional: () => boolean): Finding | null {
    const check = lexicon.context;
    if (check === null || !customerIsUpset(context) || hasAnyHit(check.acknowledgements, normal)) return null;
    let chinese = false;
    for (let k = 0; k < normal.length && !chinese; k++) chinese = isHanUnit(normal.charCodeAt(k));
    const firstBreak = text.search(/[\n。！？!?.]/);
    const end = firstBreak < 0 ? text.length : firstBreak;
    return {
      ruleId: check.id,
      severity: 'suggestion',
      category: check.category,
      message: chinese ? (isTraditional() ? check.messageZhHant : check.messageZhHans) : check.message.en,
      actual: text.slice(0, end),
      start: 0,
      end,
      line: 1,
      column: 1,
      suggestions: chinese ? [...(isTraditional() ? check.suggestZhHant : check.suggestZhHans)] : [...check.suggestEn],
      source: check.source,
    };
  }

  const ruleInfo: GuardRuleInfo[] = rules.map((r) => ({ id: r.id, severity: r.severity, category: r.category }));
  if (lexicon.context) ruleInfo.push({ id: lexicon.context.id, severity: 'suggestion', category: lexicon.context.category });
  return { lint, ruleCount: rules.length, rules: ruleInfo };
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 2, warning: 1, suggestion: 0 };

/** How many normalised units may stand between a negation and the hit it turns around (您 in 不用您自己翻, 再去 in 唔使再去搵). */
const NEGATION_GAP = 3;
const NEGATION_STOP = /[.!?,;:。！？，；：\n]/;

/** How far apart (original units) a hit and the commitment that excuses it may be, within one sentence. */
const EXCUSE_REACH = 200;
const SENTENCE_END = /[.!?。！？\n]/;

/**
 * The rule's span fix for this hit, in the draft's language and script, when
 * the hit's words are exactly the draft's words: a hit that starts or ends
 * inside an expanded contraction ("isn't my problem" for "not my problem")
 * would replace more than the phrase, so it gets no fix. An English fix is
 * capitalised where the words it replaces were.
 */
function spanFix(rule: CompiledRule, normal: NormalizedText, c: Candidate, actual: string, chinese: boolean, isTraditional: () => boolean): { range: [number, number]; text: string } | null {
  let text = chinese ? (isTraditional() ? rule.fixZhHant : rule.fixZhHans) : rule.fixEn;
  if (text === null) return null;
  const n = normal.text.length;
  const ownStart = c.ns === 0 || normal.end[c.ns - 1]! <= normal.start[c.ns]!;
  const ownEnd = c.ne === n || normal.start[c.ne]! >= normal.end[c.ne - 1]!;
  if (!ownStart || !ownEnd) return null;
  if (/^[A-Z]/.test(actual) && /^[a-z]/.test(text)) text = text[0]!.toUpperCase() + text.slice(1);
  return { range: [c.start, c.end], text };
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'block';
  if (findings.some((f) => f.severity === 'warning')) return 'warn';
  return 'pass';
}
