// Turns a message into what the classifiers and rules look at: language, folded
// text, clause-aware tokens, cue hits with negation, and sparse features.
// Training and inference share this code, so the features cannot drift apart.
import type { Lang } from '../contracts/triage.js';
import { CLAUSE_SPLIT, expandContractions, stem, wordTokens } from './english.js';
import type { CueLexicon } from './lexicon.js';
import { normaliseMessage } from './normalise.js';
import { detectLanguage } from '../script/detect-language.js';
import { createPhraseFolder, type Folder } from '../script/phrase-folding.js';
import { compileScriptCharacters, type ScriptCharacters, type ScriptCharacterTest } from '../script/script-characters.js';

export type CueGroup = 'intent' | 'category' | 'emotion' | 'intensifier' | 'sarcasm' | 'praise' | 'question' | 'notComplaint';

export interface CueHit {
  group: CueGroup;
  label: string;
  term: string;
  strength: number;
  /** Inside a "don't want / no need / 不要 / 唔使" scope. */
  negated: boolean;
}

export interface Analysis {
  lang: Lang;
  /** NFKC-normalised, capped text in the customer's script. */
  clean: string;
  /** Lower-cased, contractions expanded, Traditional folded to Simplified. */
  folded: string;
  /** The same folded character by character only (no Taiwan phrase rewrites). */
  foldedChars: string;
  cues: CueHit[];
  features: string[];
  exclamations: number;
  capsWords: number;
}

interface EnglishCue { stems: string[]; hit: Omit<CueHit, 'negated'> }

export interface AnalyzerOptions {
  /** Add Intl.Segmenter words to the Chinese character n-grams. */
  segmenterWords: boolean;
}

const HAN_RUN = /\p{Script=Han}+/gu;
/** A verb, a negator, the verb again: 送唔送, 有没有, 可不可 (folded text, so 沒 is 没). */
const A_NOT_A = /(\p{Script=Han})[唔不没冇]\1/gu;
const DURATION = /\b(?:\d+|a few|few|several|two|three|four|five|ten|twenty|thirty|forty|fifty|sixty|ninety)\s+(?:minutes|mins|hours|hrs)\b|\ball (?:morning|afternoon|day|evening|night|week|weekend)\b|(?:[一二两三四五六七八九十几多0-9]+|好几|半)(?:个)?半?(?:小时|钟头|分钟)|个半(?:小时|钟)|一上午|一下午|一整天|成个(?:朝早|下昼|上昼|晚)|大半天|整整|\b(?:for|over|after|in)\s+(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few|\d+)\s+)?(?:whole\s+)?(?:hours|days|weeks|months|fortnight|week|month|year|years)\b|\bsince\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last|yesterday|january|february|march|april|may|june|july|august|september|october|november|december|the\s+\d+)|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:days|weeks|months)\b|(?:[一二两三四五六七八九十几多0-9]+|好几|成|半)(?:个|個)?(?:天|日|星期|礼拜|周|个月|小时|钟头|钟)(?:了|咗|都|还|仲)|(?:等|拖|排)(?:了|咗)(?:[一二两三四五六七八九十几多0-9]+|好几|成|半)/u;

function cueEntries(cues: CueLexicon, family: 'en' | 'zh'): Omit<CueHit, 'negated'>[] {
  const out: Omit<CueHit, 'negated'>[] = [];
  for (const [label, byLang] of Object.entries(cues.intent)) for (const term of byLang[family]) out.push({ group: 'intent', label, term, strength: 1 });
  for (const [label, byLang] of Object.entries(cues.category)) for (const term of byLang[family]) out.push({ group: 'category', label, term, strength: 1 });
  for (const [label, byLang] of Object.entries(cues.emotion)) for (const [term, strength] of Object.entries(byLang[family])) out.push({ group: 'emotion', label, term, strength });
  for (const [term, strength] of Object.entries(cues.intensifiers[family])) out.push({ group: 'intensifier', label: 'intensifier', term, strength });
  for (const term of cues.sarcasm[family]) out.push({ group: 'sarcasm', label: 'sarcasm', term, strength: 1 });
  for (const term of cues.praise[family]) out.push({ group: 'praise', label: 'praise', term, strength: 1 });
  for (const term of cues.questions[family]) out.push({ group: 'question', label: 'question', term, strength: 1 });
  for (const term of cues.notComplaint[family]) out.push({ group: 'notComplaint', label: 'notComplaint', term, strength: 1 });
  return out;
}

const stemPhrase = (phrase: string) => wordTokens(expandContractions(phrase)).map(stem);

export interface Analyzer {
  analyze(text: string): Analysis;
  fold: Folder;
  /** Offset-preserving folding (see createPhraseFolder), or null when impossible. */
  foldChars: (text: string) => string | null;
}

export function createAnalyzer(cues: CueLexicon, scripts: ScriptCharacters, options: AnalyzerOptions = { segmenterWords: false }): Analyzer {
  const fold = createPhraseFolder(cues.foldExtra);
  const sets: ScriptCharacterTest = compileScriptCharacters({ ...scripts, traditionalOnly: scripts.traditionalOnly + cues.traditionalHints });

  // English cues are matched on stem sequences so "refunded" hits "refund".
  const englishIndex = new Map<string, EnglishCue[]>();
  for (const hit of cueEntries(cues, 'en')) {
    const stems = stemPhrase(hit.term);
    if (stems.length === 0) continue;
    const list = englishIndex.get(stems[0]!) ?? [];
    list.push({ stems, hit });
    englishIndex.set(stems[0]!, list);
  }
  for (const list of englishIndex.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  const englishNegators = cues.negators.en.map(stemPhrase).filter((s) => s.length > 0);
  const englishBreakers = new Set(cues.scopeBreakers.en.map((w) => stem(w.toLowerCase())));

  // Chinese cues are matched on folded text; authors may write either script.
  const chineseByTerm = new Map<string, Omit<CueHit, 'negated'>[]>();
  for (const hit of cueEntries(cues, 'zh')) {
    const term = fold(hit.term.toLowerCase());
    const list = chineseByTerm.get(term) ?? [];
    list.push(hit);
    chineseByTerm.set(term, list);
  }
  // First character → terms, longest first: a scan with no giant regex to compile at start-up.
  const chineseIndex = new Map<string, string[]>();
  for (const term of [...chineseByTerm.keys()].sort((a, b) => b.length - a.length)) {
    const list = chineseIndex.get(term[0]!) ?? [];
    list.push(term);
    chineseIndex.set(term[0]!, list);
  }
  /** Leftmost-longest, non-overlapping cue terms in a clause. */
  function chineseMatches(clause: string): { index: number; term: string }[] {
    const out: { index: number; term: string }[] = [];
    for (let i = 0; i < clause.length;) {
      const term = chineseIndex.get(clause[i]!)?.find((t) => clause.startsWith(t, i));
      if (term) { out.push({ index: i, term }); i += term.length; } else i++;
    }
    return out;
  }
  const chineseNegators = [...new Set(cues.negators.zh.map((t) => fold(t)))].sort((a, b) => b.length - a.length);
  const chineseBreakers = [...new Set(cues.scopeBreakers.zh.map((t) => fold(t)))];
  const segmenter = options.segmenterWords ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

  /**
   * Longest match first; within one cue group matches do not overlap, so "not
   * urgent" (neutral) is not also "urgent" (anxiety). Groups still overlap each
   * other: "still waiting" is a frustration cue and "waiting" a wait_time one.
   */
  function matchEnglish(clauseStems: string[], negatedAt: boolean[], hits: CueHit[]): void {
    const coveredUntil = new Map<CueGroup, number>();
    for (let i = 0; i < clauseStems.length; i++) {
      const candidates = englishIndex.get(clauseStems[i]!);
      if (!candidates) continue;
      for (const { stems, hit } of candidates) {
        if (i + stems.length > clauseStems.length) continue;
        if (i < (coveredUntil.get(hit.group) ?? 0)) continue;
        let ok = true;
        for (let k = 1; k < stems.length; k++) if (clauseStems[i + k] !== stems[k]) { ok = false; break; }
        if (!ok) continue;
        hits.push({ ...hit, negated: negatedAt[i] ?? false });
        coveredUntil.set(hit.group, i + stems.length);
      }
    }
  }

  /** Marks tokens inside a volitional negation scope: up to four tokens after "do not want", "no need" … */
  function englishNegationScope(stems: string[]): boolean[] {
    const negated = new Array<boolean>(stems.length).fill(false);
    for (let i = 0; i < stems.length; i++) {
      for (const negator of englishNegators) {
        let ok = i + negator.length <= stems.length;
        for (let k = 0; ok && k < negator.length; k++) if (stems[i + k] !== negator[k]) ok = false;
        if (!ok) continue;
        for (let j = i + negator.length, left = 4; j < stems.length && left > 0; j++, left--) {
          if (englishBreakers.has(stems[j]!)) break;
          negated[j] = true;
        }
      }
    }
    return negated;
  }

  function chineseNegated(clause: string, start: number): boolean {
    const window = clause.slice(Math.max(0, start - 6), start);
    let negEnd = -1;
    for (const neg of chineseNegators) {
      const at = window.lastIndexOf(neg);
      if (at >= 0) negEnd = Math.max(negEnd, at + neg.length);
    }
    if (negEnd < 0) return false;
    const after = window.slice(negEnd);
    return !chineseBreakers.some((b) => after.includes(b));
  }

  function analyze(text: string): Analysis {
    const clean = normaliseMessage(text);
    const lang = detectLanguage(clean, sets).language ?? 'en';
    const expanded = expandContractions(clean);
    const folded = fold(expanded);
    const foldedChars = fold.chars(expanded) ?? folded;
    const features: string[] = [`lang:${lang === 'en' ? 'en' : 'zh'}`];
    const hits: CueHit[] = [];

    const clauses = folded.split(CLAUSE_SPLIT).filter((c) => c.trim().length > 0);
    // Customers state their ask last ("…钱退给我"): intent cues in the last two clauses also count as closing asks.
    const closingFrom = Math.max(0, clauses.length - 2);
    let closingStart = Infinity;
    for (const [clauseIndex, clause] of clauses.entries()) {
      if (clauseIndex === closingFrom) closingStart = hits.length;
      // Latin words: English messages and the English half of mixed ones.
      const stems = wordTokens(clause).map(stem);
      if (stems.length > 0) {
        const negated = englishNegationScope(stems);
        matchEnglish(stems, negated, hits);
        for (let i = 0; i < stems.length; i++) {
          const s = negated[i] ? `!${stems[i]}` : stems[i]!;
          features.push(`w:${s}`);
          if (i + 1 < stems.length) features.push(`b:${stems[i]}_${stems[i + 1]}`);
        }
      }
      if (!/\p{Script=Han}/u.test(clause)) continue;
      // Han: cues first, so a negated cue ("不要退款") can be masked out of the n-grams.
      let masked = clause;
      for (const m of chineseMatches(clause)) {
        const negated = chineseNegated(clause, m.index);
        for (const hit of chineseByTerm.get(m.term) ?? []) hits.push({ ...hit, negated });
        if (negated) masked = masked.slice(0, m.index) + ' '.repeat(m.term.length) + masked.slice(m.index + m.term.length);
      }
      // A-not-A questions (送唔送, 有没有, 是不是) ask; their 唔/不 negates nothing, so the
      // n-grams see the verb once ("送唔送货" → "送货") and the question is a feature.
      masked = masked.replace(A_NOT_A, (_, verb: string) => {
        features.push('s:anota');
        return verb;
      });
      for (const run of masked.match(HAN_RUN) ?? []) {
        for (let i = 0; i < run.length; i++) {
          features.push(`u:${run[i]}`);
          if (i + 1 < run.length) features.push(`z:${run.slice(i, i + 2)}`);
        }
        if (segmenter) {
          // Intl.Segmenter slows down sharply on long strings; clauses are short, but cap anyway.
          for (let at = 0; at < run.length; at += 200) {
            for (const seg of segmenter.segment(run.slice(at, at + 200))) if (seg.segment.length > 1) features.push(`g:${seg.segment}`);
          }
        }
      }
    }

    for (const [index, hit] of hits.entries()) {
      if (hit.group === 'intent' && !hit.negated && index >= closingStart && clauses.length > 2) features.push(`c:intent:${hit.label}:end`);
      if (hit.group === 'intent' || hit.group === 'category' || hit.group === 'emotion') {
        features.push(`c:${hit.group}:${hit.label}${hit.negated ? ':neg' : ''}`);
        // A strong emotion word ("furious", 气死) should count for more than a mild one.
        if (hit.group === 'emotion' && !hit.negated && hit.strength >= 0.8) features.push(`c:emotion:${hit.label}:strong`);
      } else if (hit.group === 'sarcasm') features.push('s:sarcasm');
      else if (hit.group === 'praise') features.push(hit.negated ? 'c:praise:neg' : 'c:praise');
      else if (hit.group === 'question') features.push('c:question');
      // Not a model feature (the model never saw it): decideKind reads it directly.
      else if (hit.group === 'notComplaint') continue;
      else features.push('s:intensifier');
    }
    const exclamations = (clean.match(/[!！]/g) ?? []).length;
    const capsWords = (clean.match(/\b[A-Z]{3,}\b/g) ?? []).filter((w) => !/^(?:FTC|BBB|FCC|USB|TV|LED|ATM|SMS|API|DHL|UPS|USPS|NCC|OFCA|CFPB|ACCC|PDF|GPS)$/.test(w)).length;
    if (exclamations > 0) features.push('s:excl');
    if (exclamations > 2) features.push('s:excl3');
    // How long it has gone on ("for three weeks", "since Monday", 等了一个星期): weariness, not hostility.
    if (DURATION.test(folded)) features.push('s:duration');
    // A run ("!!", "！！！") or "??" is shouting; one "!" is emphasis.
    if (/[!！]{2,}/u.test(clean)) features.push('s:exclrun');
    if (/[?？]{2,}|[?？][!！]|[!！][?？]/u.test(clean)) features.push('s:interrobang');
    if (capsWords > 0) features.push('s:caps');
    if (/[?？]/.test(clean)) features.push('s:question');
    return { lang, clean, folded, foldedChars, cues: hits, features, exclamations, capsWords };
  }

  return { analyze, fold, foldChars: fold.chars };
}
