/**
 * Small recognisers for what customers type: language and script, phrase
 * signals, order numbers, contact details, bill periods, complaint ids and
 * scores. Pure functions over strings; the dialogs decide what to do with them.
 */
import type { Locale } from '../contracts/complaint.js';
import { detectLanguage } from '../script/detect-language.js';
import { createScriptClassifier } from '../script/opencc-script-classifier.js';
import type { ContactDetail } from './ports.js';

// Taiwan standard only: customers' 說, 臺, 溫 must read as Traditional (with Hong
// Kong variants too they would count for neither script). Immutable once built.
export const customerScriptCharacters = createScriptClassifier(['tw']);
const HAN = /\p{Script=Han}/u;

/**
 * The language to answer a message in, given the conversation's: what
 * `detectLanguage` reads (src/script, shared with triage and the guard), held
 * steady for a conversation. Cantonese (the understanding step says so) is
 * Traditional. Once in Chinese, a short or script-neutral message keeps the
 * script: only two or more characters of the other script, outnumbering its
 * own, switch it; and English needs a sentence (three Latin words or more), not
 * "ok", "yes" or "my MacBook". Null when the message says nothing (a number).
 */
export function conversationLocale(text: string, previous: Locale, options: { cantonese?: boolean } = {}): Locale | null {
  const detected = detectLanguage(text, customerScriptCharacters, previous).language;
  if (detected === null) return null;
  const chinese = previous === 'zh-Hans' || previous === 'zh-Hant';
  if (options.cantonese && detected !== 'en') return 'zh-Hant';
  if (!chinese) return detected;
  if (detected === 'en') return latinWordCount(text) >= 3 ? 'en' : null;
  if (detected === previous) return previous;
  // detectLanguage says which script wins; whether it wins clearly enough to switch is the conversation's call.
  let own = 0;
  let other = 0;
  for (const ch of text) {
    const only = customerScriptCharacters.scriptOnly(ch.codePointAt(0) ?? 0);
    if (only) (only === (previous === 'zh-Hans' ? 'simplified' : 'traditional') ? own++ : other++);
  }
  return other >= 2 && other > own ? detected : previous;
}

/** English words in a message, not counting e-mail addresses or codes with digits in them (HK33190574). */
function latinWordCount(text: string): number {
  return text.replace(/\S+@\S+/g, ' ').replace(/[\p{L}\d-]*\d[\p{L}\d-]*/gu, ' ').split(/[^\p{L}'’]+/u).filter((w) => /^\p{Script=Latin}{2,}/u.test(w) || /^(?:i|a)$/i.test(w)).length;
}

/** Lower case, full-width folded, punctuation and spacing trimmed: what phrase lists are matched against. */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[\s\p{P}\p{S}]+$/u, '')
    .replace(/^[\s\p{P}\p{S}]+/u, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when the whole message is one of the phrases ("Help!" matches "help"). */
export function isWholePhrase(text: string, phrases: readonly string[]): boolean {
  const said = normalizeUtterance(text);
  if (said === '' ) return phrases.some((p) => p.trim() === '?' && text.trim() === '?');
  return phrases.some((p) => normalizeUtterance(p) === said);
}

/** True when one of the phrases occurs in the message as whole words (or anywhere, for Chinese). */
export function containsPhrase(text: string, phrases: readonly string[]): boolean {
  const said = normalizeUtterance(text);
  return phrases.some((p) => {
    const phrase = normalizeUtterance(p);
    if (phrase === '') return false;
    if (HAN.test(phrase)) return said.includes(phrase);
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(phrase)}($|[^\\p{L}\\p{N}])`, 'u').test(said);
  });
}

/** "Hello", "哈囉，您好": every part of the message is a greeting (in any language). */
export function isGreeting(text: string, greetings: Readonly<Record<Locale, readonly string[]>>): boolean {
  const all = [...greetings.en, ...greetings['zh-Hans'], ...greetings['zh-Hant']];
  const parts = text.split(/[\s,，.。!！~～、?？]+/u).filter((p) => p.length > 0);
  return isWholePhrase(text, all) || (parts.length > 0 && parts.every((p) => isWholePhrase(p, all)));
}

/**
 * Sentence-final particles that end a short Chinese reply without changing it: Cantonese
 * 喇/啦/咯/囉/嘞 where Mandarin writes 了 (冇喇 = 冇了 "nothing more", 講完喇), and the soft
 * 呀/啊/吖/喔/哦/噢/嘛 after either (没有了啊).
 */
const FINAL_PARTICLE = /[喇啦咯囉嘞]/u;
const SOFT_PARTICLE = /[呀啊吖喔哦噢嘛]/u;

/** A Chinese done signal as spoken: 講完了 also as 講完喇, 就咁多 also as 就咁多喇, either with a soft particle after (没有了啊). */
function chineseSignalPattern(signal: string): string {
  const stem = signal.endsWith('了') ? `${escapeRegExp(signal.slice(0, -1))}(?:了|${FINAL_PARTICLE.source})` : `${escapeRegExp(signal)}(?:${FINAL_PARTICLE.source})?`;
  return `${stem}(?:${SOFT_PARTICLE.source})?`;
}

/** The message with its sentence-final particles read the Mandarin way: 冇喇 → 冇了, 冇, 没有了啊 → 没有了, 没有. */
function sentenceEndVariants(text: string): string[] {
  const bare = text.normalize('NFKC').replace(/[。.!！~～\s]+$/u, '');
  if (!HAN.test(bare)) return [];
  const soft = bare.replace(new RegExp(`${SOFT_PARTICLE.source}+$`, 'u'), '');
  const final = new RegExp(`(?:了|${FINAL_PARTICLE.source})$`, 'u');
  return final.test(soft) ? [soft, soft.replace(final, '了'), soft.replace(final, '')] : [soft];
}

/**
 * Splits a done signal off the end of a story message: "It broke. That's all." →
 * { rest: "It broke.", done: true }. A message that is only the signal gives rest "".
 * Inside a longer message the signal must start a new sentence, so "the repair
 * was never finished" or "我的事情没完了" is story, not a signal.
 */
export function splitDoneSignal(text: string, signals: readonly string[]): { rest: string; done: boolean } {
  const trimmed = text.trim();
  if (isWholePhrase(trimmed, signals) || sentenceEndVariants(trimmed).some((v) => isWholePhrase(v, signals))) return { rest: '', done: true };
  const said = trimmed.normalize('NFKC');
  for (const signal of [...signals].sort((a, b) => b.length - a.length)) {
    const han = HAN.test(signal);
    const body = han ? chineseSignalPattern(signal) : escapeRegExp(signal).replace(/'/g, "['’]");
    const multiWord = /\s/.test(signal.trim());
    const boundary = han ? '[，。,.!！?？；;…~\\s]+' : multiWord ? '(?:[,.;!?]\\s*|\\s+)' : '[,.;!?]\\s*';
    const pattern = new RegExp(`${boundary}${body}[。.!！~\\s]*$`, 'iu');
    const match = pattern.exec(said);
    if (match) return { rest: said.slice(0, match.index + 1).replace(/[，,;；\s]+$/u, '').trim(), done: true };
  }
  return { rest: trimmed, done: false };
}

export function parseOrderNumber(text: string, pattern: string): string | null {
  const candidate = text.normalize('NFKC').trim().replace(/^(?:order|订单号?|訂單編號|訂單|#|no\.?)\s*[:：#]?\s*/iu, '').replace(/\s+/g, '');
  return new RegExp(pattern).test(candidate) ? candidate.toUpperCase() : null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/u;

/** A phone number (7–15 digits, optional +, spaces, dashes, brackets) or an email address. */
export function parseContact(text: string): ContactDetail | null {
  const value = text.normalize('NFKC').trim();
  if (EMAIL.test(value)) return { kind: 'email', value: value.toLowerCase() };
  if (/^\+?[\d\s\-()]{7,22}$/.test(value)) {
    const digits = value.replace(/[^\d]/g, '');
    if (digits.length >= 7 && digits.length <= 15) return { kind: 'phone', value: (value.startsWith('+') ? '+' : '') + digits };
  }
  return null;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A bill month as YYYY-MM from "2026-10", "2026/10", "October 2026", "Oct 2026", "2026年10月". */
export function parseBillPeriod(text: string): string | null {
  const value = text.normalize('NFKC').trim().toLowerCase();
  const pad = (m: number) => String(m).padStart(2, '0');
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?(?:的?(?:账单|帳單))?$/u.exec(value);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${pad(Number(m[2]))}`;
  m = /^([a-z]{3,9})\.?\s+(\d{4})$/.exec(value);
  if (m) {
    const index = MONTHS.findIndex((name) => name.startsWith(m![1]!) && m![1]!.length >= 3);
    if (index >= 0) return `${m[2]}-${pad(index + 1)}`;
  }
  return null;
}

/** A complaint id such as C-20261123-0001, anywhere in the message. */
export function findComplaintId(text: string): string | null {
  const m = /\bC-\d{8}-\d{4,}\b/i.exec(text.normalize('NFKC'));
  return m ? m[0].toUpperCase() : null;
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 兩: 2, 三: 3, 四: 4, 五: 5 };

/** A 1–5 score from "4", "4 stars", "4分", "四分", or a score button label like "5 - very". */
export function parseScore(text: string): number | null {
  const value = text.normalize('NFKC').trim();
  const m = /^([1-5])(?:\s*(?:\/\s*5|stars?|分|星|-.*|\s.*))?$/u.exec(value);
  if (m) return Number(m[1]);
  const zh = /^([一二两兩三四五])\s*(?:分|星)?$/u.exec(value);
  return zh ? CHINESE_DIGITS[zh[1]!] ?? null : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
