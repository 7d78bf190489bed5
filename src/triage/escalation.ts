// Deterministic, high-recall escalation: a threat to go to the media, a
// regulator, a consumer body or a court, a safety hazard, or a repeat complaint.
// No classifier can veto it. A conditional threat ("再不解决我就曝光", "if you
// don't fix it I'll sue") counts; a profession ("I'm a lawyer") and a denied
// hypothetical ("I'm not going to sue", "我不会去曝光") do not.
import { ESCALATION_REASONS, type EscalationReason } from '../contracts/triage.js';
import type { Folder } from '../script/phrase-folding.js';
import type { EscalationLexicon } from './lexicon.js';

export interface EscalationHit { reason: EscalationReason; term: string; index: number }

export interface EscalationDetector {
  /**
   * `texts`: the message lower-cased with contractions expanded, folded to
   * Simplified once with Taiwan phrase rewrites and once character by
   * character. Both rule sets run on every text and the reasons are united,
   * so a term is found whichever way OpenCC rewrites it (通訊辦 → 通信办 or 通讯办).
   */
  detect(...texts: string[]): EscalationFinding;
}

export interface EscalationFinding {
  value: boolean;
  reasons: EscalationReason[];
  hits: EscalationHit[];
  /**
   * Reasons whose terms were found but denied ("I'm not going to post about it"), named
   * a profession ("I'm a lawyer") or matched a lookalike ("screen burn-in"): the learned
   * head may not add these back.
   */
  denied: EscalationReason[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const LATIN = /[a-z]/;
const HAN_OR_DIGIT = /[\p{Script=Han}0-9]/u;

interface Rule { reason: EscalationReason; pattern: RegExp; family: 'en' | 'zh' }

/**
 * One alternation per reason and family is fast while it is small; past a few
 * thousand characters of source V8 stops optimising the whole regex and it runs
 * tens of times slower. So sources are joined in chunks of at most this size.
 */
const CHUNK_CHARS = 4000;

/**
 * Every match of a global regex. Unlike String.prototype.matchAll it does not clone
 * the regex on each call, which for the long combined rules cost more than the match.
 */
function* allMatches(text: string, pattern: RegExp): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    // An empty match must not stall the scan.
    if (m[0].length === 0) pattern.lastIndex++;
    yield m;
  }
}

function combineInChunks(sources: string[]): RegExp[] {
  const out: RegExp[] = [];
  let chunk: string[] = [];
  let size = 0;
  const flush = () => { if (chunk.length > 0) out.push(new RegExp(chunk.map((p) => `(?:${p})`).join('|'), 'gu')); chunk = []; size = 0; };
  for (const source of sources) {
    if (size + source.length > CHUNK_CHARS) flush();
    chunk.push(source);
    size += source.length + 5;
  }
  flush();
  return out;
}

export function createEscalationDetector(lexicon: EscalationLexicon, fold: Folder, foldChars: (text: string) => string | null = (t) => t): EscalationDetector {
  const rules: Rule[] = [];
  // Terms fold both ways too, so each spelling of the message meets its own spelling of the term.
  const foldBoth = (t: string) => [...new Set([fold(t), foldChars(t) ?? t])];
  for (const reason of ESCALATION_REASONS) {
    const byLang = lexicon.reasons[reason];
    if (!byLang) continue;
    const en = [
      // ASCII edges: a Han character next to an English term is an edge too ("我要找lawyer").
      // One pair of edge tests around all the terms: a lookbehind in front of each alternative would be tried at every position.
      ...(byLang.en.terms.length > 0
        ? [`(?<![a-z0-9])(?:${byLang.en.terms.map((t) => escapeRegExp(t.toLowerCase()).replace(/\s+/g, '\\s+')).join('|')})(?![a-z0-9])`]
        : []),
      ...byLang.en.patterns,
    ];
    const zh = [...new Set([...byLang.zh.terms.flatMap((t) => foldBoth(t.toLowerCase()).map(escapeRegExp)), ...byLang.zh.patterns.flatMap(foldBoth)])];
    for (const pattern of combineInChunks(en)) rules.push({ reason, family: 'en', pattern });
    for (const pattern of combineInChunks(zh)) rules.push({ reason, family: 'zh', pattern });
  }
  const professions = {
    en: lexicon.professions.en.map((p) => new RegExp(p, 'gu')),
    zh: lexicon.professions.zh.flatMap(foldBoth).map((p) => new RegExp(p, 'gu')),
  };
  const lookalikes = ESCALATION_REASONS.flatMap((reason) => {
    const byLang = lexicon.lookalikes[reason];
    const sources = byLang ? [...byLang.en, ...byLang.zh.flatMap(foldBoth)] : [];
    return sources.length > 0 ? [{ reason, pattern: new RegExp(sources.map((p) => `(?:${p})`).join('|'), 'u') }] : [];
  });
  const byLength = (list: string[]) => [...new Set(list)].sort((a, b) => b.length - a.length);
  const prepare = (family: 'en' | 'zh', list: string[]) => byLength(list.flatMap((t) => (family === 'en' ? [t.toLowerCase()] : foldBoth(t))));
  const words = (family: 'en' | 'zh', key: 'negators' | 'cancellers' | 'boundaries' | 'consequents' | 'conditions' | 'metaDenials') =>
    prepare(family, lexicon[key][family]);
  const lists = {
    en: { negators: words('en', 'negators'), cancellers: words('en', 'cancellers'), boundaries: words('en', 'boundaries'), consequents: words('en', 'consequents'), conditions: words('en', 'conditions'), metaDenials: words('en', 'metaDenials') },
    zh: { negators: words('zh', 'negators'), cancellers: words('zh', 'cancellers'), boundaries: words('zh', 'boundaries'), consequents: words('zh', 'consequents'), conditions: words('zh', 'conditions'), metaDenials: words('zh', 'metaDenials') },
  };
  const sentenceEnd = /[.!?;。！？；\n]/u;
  const clauseEnd = /[,，、:：]/u;

  /** Finds `needle` in `hay`; English needles must sit on word edges. Returns the last index or -1. */
  function lastIndexOfWord(hay: string, needle: string, family: 'en' | 'zh'): number {
    if (family === 'zh') return hay.lastIndexOf(needle);
    let at = hay.lastIndexOf(needle);
    while (at >= 0) {
      const before = at === 0 ? ' ' : hay[at - 1]!;
      const after = hay[at + needle.length] ?? ' ';
      if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return at;
      at = at === 0 ? -1 : hay.lastIndexOf(needle, at - 1);
    }
    return -1;
  }

  /**
   * Is the threat at `index` denied? Its sentence must not be a speech-act
   * denial, and its own clause (after any boundary, from the start of a
   * consequence) must hold no negator, unless a condition word comes before
   * that negator ("if you do not refund me I will sue" still threatens).
   */
  function isDenied(text: string, index: number, family: 'en' | 'zh'): boolean {
    const l = lists[family];
    let start = Math.max(0, index - (family === 'en' ? 120 : 40));
    for (let i = index - 1; i >= start; i--) if (sentenceEnd.test(text[i]!)) { start = i + 1; break; }
    let sentence = text.slice(start, index);
    for (const c of l.cancellers) sentence = sentence.split(c).join(' '.repeat(c.length));
    if (l.metaDenials.some((d) => lastIndexOfWord(sentence, d, family) >= 0)) return true;
    let cut = 0;
    for (let i = sentence.length - 1; i >= 0; i--) if (clauseEnd.test(sentence[i]!)) { cut = i + 1; break; }
    for (const b of l.boundaries) {
      const at = lastIndexOfWord(sentence, b, family);
      if (at >= cut) cut = at + b.length;
    }
    for (const c of l.consequents) {
      const at = lastIndexOfWord(sentence, c, family);
      if (at >= cut) cut = at;
    }
    const clause = family === 'en' ? ` ${sentence.slice(cut).trim().split(/\s+/).join(' ')} ` : sentence.slice(cut);
    // Only the last few words before the term can deny it …
    const windowStart = family === 'en'
      ? Math.max(0, clause.length - ` ${clause.trim().split(' ').slice(-7).join(' ')} `.length)
      : Math.max(0, clause.length - 12);
    let negatorAt = -1;
    for (const n of l.negators) {
      const at = lastIndexOfWord(clause, n, family);
      if (at >= windowStart) negatorAt = Math.max(negatorAt, at);
    }
    if (negatorAt < 0) return false;
    // … and a negator after a condition word belongs to the condition, however far back it starts.
    const before = clause.slice(0, negatorAt);
    return !l.conditions.some((c) => lastIndexOfWord(before, c, family) >= 0);
  }

  function insideProfession(text: string, index: number, family: 'en' | 'zh'): boolean {
    for (const pattern of professions[family]) {
      pattern.lastIndex = 0;
      for (const m of allMatches(text, pattern)) if (index >= m.index && index < m.index + m[0].length) return true;
    }
    return false;
  }

  return {
    detect(...texts) {
      const hits: EscalationHit[] = [];
      const denied = new Set<EscalationReason>();
      for (const text of new Set(texts)) for (const rule of rules) {
        // English rules need Latin letters; Chinese ones need Han characters or digits (12315, 1950).
        if (rule.family === 'en' ? !LATIN.test(text) : !HAN_OR_DIGIT.test(text)) continue;
        for (const m of allMatches(text, rule.pattern)) {
          if (insideProfession(text, m.index, rule.family) || isDenied(text, m.index, rule.family)) { denied.add(rule.reason); continue; }
          hits.push({ reason: rule.reason, term: m[0], index: m.index });
        }
      }
      for (const { reason, pattern } of lookalikes) if (texts.some((t) => pattern.test(t))) denied.add(reason);
      const reasons = ESCALATION_REASONS.filter((r) => hits.some((h) => h.reason === r));
      return { value: reasons.length > 0, reasons, hits, denied: ESCALATION_REASONS.filter((r) => denied.has(r) && !reasons.includes(r)) };
    },
  };
}
