/**
 * Text helpers of the understanding step: one normal form to match phrases in
 * (full-width folded, lower case, Traditional folded to Simplified, one code
 * unit for one so offsets into it are offsets into the NFKC text), clauses,
 * and compiled phrase lists.
 */
import { foldTraditional } from '../../script/fold-traditional.js';
import { buildScriptTables, type ScriptTables } from '../../script/script-tables.js';

let tables: ScriptTables | undefined;
/** The script tables, built once (≈ 40 ms) the first time a message is read. */
export function scriptTables(): ScriptTables {
  return (tables ??= buildScriptTables());
}

const HAN = /\p{Script=Han}/u;
export const hasHan = (text: string): boolean => HAN.test(text);

/** The text as customers' values are read from: NFKC (full-width digits and letters become ASCII). */
export const plainForm = (text: string): string => text.normalize('NFKC');

/**
 * The form phrases are matched in: plainForm, lower case and Simplified, with
 * exactly the same length as plainForm (so offsets carry over).
 */
export function matchForm(plain: string): string {
  let lower = '';
  for (const ch of plain) {
    const l = ch.toLowerCase();
    lower += l.length === ch.length ? l : ch;
  }
  return foldTraditional(lower.replace(/[’‘`´]/g, "'"), scriptTables());
}

export interface Span { start: number; end: number }
export interface Clause extends Span { text: string }

/** `text` with each span replaced by as many spaces, so offsets into it stay the same. */
export function blankSpans(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const { start, end } of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

// A full stop splits only before a space or the end, so e-mail addresses and 3.5 stay whole.
const CLAUSE_BREAK = /(?:[!?。！？;；\n,，、…~～]|\.(?=\s|$)|\s-\s)+/gu;

/** The clauses of a text (split at sentence and comma punctuation), with offsets, empty ones left out. */
export function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed) clauses.push({ start: start + lead, end: start + lead + trimmed.length, text: trimmed });
  };
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(text.length);
  return clauses;
}

export interface PhraseHit extends Span { phrase: string }

/** A phrase list compiled for one normal form: whole words for Latin phrases, anywhere for Chinese ones. */
export interface PhraseList {
  readonly phrases: readonly string[];
  /** Every occurrence, longest phrase first where they overlap, in text order. */
  find(text: string): PhraseHit[];
  has(text: string): boolean;
  /** The text is one of the phrases (ignoring surrounding spaces). */
  isWhole(text: string): boolean;
}

export function compilePhrases(list: readonly string[]): PhraseList {
  const phrases = [...new Set(list.map((p) => matchForm(plainForm(p)).trim()).filter((p) => p.length > 0))]
    .sort((a, b) => b.length - a.length);
  const whole = new Set(phrases);
  const patterns = phrases.map((phrase) => {
    if (hasHan(phrase)) return { phrase, pattern: new RegExp(escapeRegExp(phrase), 'gu') };
    const body = escapeRegExp(phrase).replace(/\s+/g, '\\s+');
    const before = /^[\p{L}\p{N}]/u.test(phrase) ? '(?<![\\p{L}\\p{N}])' : '';
    const after = /[\p{L}\p{N}]$/u.test(phrase) ? '(?![\\p{L}\\p{N}])' : '';
    return { phrase, pattern: new RegExp(`${before}${body}${after}`, 'gu') };
  });
  const find = (text: string): PhraseHit[] => {
    const hits: PhraseHit[] = [];
    for (const { phrase, pattern } of patterns) {
      for (const m of text.matchAll(pattern)) {
        const start = m.index;
        const end = start + m[0].length;
        if (hits.some((h) => start < h.end && end > h.start)) continue;
        hits.push({ start, end, phrase });
      }
    }
    return hits.sort((a, b) => a.start - b.start);
  };
  return {
    phrases,
    find,
    has: (text) => find(text).length > 0,
    isWhole: (text) => whole.has(text.trim().replace(/\s+/g, ' ')),
  };
}

const EDGE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** The clause without courtesy words at either end ("actually, cancel please" → "cancel"). */
export function stripCourtesy(text: string, courtesy: PhraseList): string {
  let current = text.replace(EDGE, '');
  for (let guard = 0; guard < 8; guard++) {
    const hits = courtesy.find(current);
    const first = hits[0];
    const last = hits[hits.length - 1];
    let next = current;
    if (first && first.start === 0) next = next.slice(first.end);
    else if (last && last.end === current.length) next = next.slice(0, last.start);
    next = next.replace(EDGE, '');
    if (next === current) break;
    current = next;
  }
  return current;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
