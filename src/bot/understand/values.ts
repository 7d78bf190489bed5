/**
 * Values inside whole sentences: order and receipt references, phone numbers
 * and e-mail addresses (Recognizers-Text's sequence models), several in one
 * message, and corrections in the same message ("not JD20261128, it's
 * HK20261128" keeps the second).
 */
import sequence from '@microsoft/recognizers-text-sequence';
import type { PhraseList, Span } from './text.js';

export interface FoundValue extends Span {
  value: string;
  /** Taken back in the same message ("not X", "X is wrong", or corrected later with "I mean …"). */
  refuted: boolean;
}

export interface ValueWords {
  orderWords: PhraseList;
  phoneWords: PhraseList;
  refute: PhraseList;
  refuteAfter: PhraseList;
  correction: PhraseList;
  /** Our order-number rule (flows.yaml orderNumberPattern), applied to each candidate. */
  isOrderNumber(candidate: string): boolean;
}

// Letters then digits (HK73920115, JD-2026112801), or a run of digits; never part of a complaint id.
const ORDER_CANDIDATE = /(?<![A-Za-z0-9@.\-])([A-Za-z]{1,4}-?\d{6,14}|\d{6,16})(?![A-Za-z0-9@]|-\d)/gu;
const COMPLAINT_ID = /\bC-\d{8}-\d{4,}\b/giu;
const EMAIL = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/gu;
/** How far before a value a cue word still belongs to it. */
const CUE_WINDOW = 16;

/**
 * Order references: letters+digits always; a bare digit run only next to an
 * order word, or when the bot asked for an order number and no phone word
 * claims it (a Hong Kong phone is also 8 digits).
 */
export function findOrders(plain: string, form: string, words: ValueWords, expectingOrder: boolean): FoundValue[] {
  const masked = maskComplaintIds(plain);
  const found: FoundValue[] = [];
  for (const m of masked.matchAll(ORDER_CANDIDATE)) {
    const raw = m[1]!;
    const start = m.index;
    const end = start + raw.length;
    const candidate = raw.replace(/-/g, '').toUpperCase();
    if (!words.isOrderNumber(candidate)) continue;
    const lettered = /^[A-Z]/.test(candidate);
    // The nearest cue before the value decides ("订单号是HK…，手机139…": the phone word is nearer the phone).
    const windowStart = Math.max(0, start - CUE_WINDOW);
    const orderHits = words.orderWords.find(form).filter((h) => h.start >= windowStart && h.end <= start);
    const phoneHits = words.phoneWords.find(form).filter((h) => h.start >= windowStart && h.end <= start
      && !orderHits.some((o) => h.start < o.end && h.end > o.start));
    const orderAt = Math.max(-1, ...orderHits.map((h) => h.end));
    const phoneAt = Math.max(-1, ...phoneHits.map((h) => h.end));
    const orderCue = orderAt >= 0 && orderAt >= phoneAt;
    const phoneCue = phoneAt > orderAt;
    if (!lettered) {
      // One group of a number written in groups ("07700 900461") is part of a phone number.
      if (/\d[\s-]$/u.test(plain.slice(Math.max(0, start - 2), start)) || /^[\s-]\d/u.test(plain.slice(end, end + 2))) continue;
      if (phoneCue && !orderCue) continue;
      if (!orderCue && !expectingOrder) continue;
      // A mobile number is 11 digits starting 1[3-9]; it is an order only when called one.
      if (!orderCue && /^1[3-9]\d{9}$/.test(candidate)) continue;
    }
    found.push({ start, end, value: candidate, refuted: false });
  }
  return markRefuted(found, form, words);
}

export interface Contacts { phones: FoundValue[]; emails: FoundValue[] }

/** Phone numbers and e-mail addresses, minus what is an order reference. */
export function findContacts(plain: string, form: string, words: ValueWords, orders: readonly Span[]): Contacts {
  const emails: FoundValue[] = [];
  for (const m of plain.matchAll(EMAIL)) {
    emails.push({ start: m.index, end: m.index + m[0].length, value: m[0].toLowerCase().replace(/\.$/, ''), refuted: false });
  }
  const taken = [...orders, ...emails];
  const phones: FoundValue[] = [];
  if (/\d{3}/.test(plain.replace(/[\s\-()]/g, ''))) {
    const masked = maskComplaintIds(plain);
    for (const hit of sequence.recognizePhoneNumber(masked, 'en-us')) {
      const start = hit.start;
      const end = start + hit.text.length;
      if (taken.some((t) => start < t.end && end > t.start)) continue;
      const text = plain.slice(start, end);
      const digits = text.replace(/\D/g, '');
      if (digits.length < 7 || digits.length > 15) continue;
      // A date or an amount written with separators is not a phone.
      if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(text.trim())) continue;
      // "订单号是 8812003": a number an order word names, and no phone word nearer, is a (mistyped) order, not a phone.
      if (nearestCue(form, start, words) === 'order') continue;
      phones.push({ start, end, value: (text.trim().startsWith('+') ? '+' : '') + digits, refuted: false });
    }
  }
  return { phones: markRefuted(phones, form, words), emails: markRefuted(emails, form, words) };
}

/**
 * A value is taken back when a refuting word ("not", "不是") sits right before
 * it, a refuting phrase ("is wrong", "错了") right after it, or a correction
 * ("I mean", "应该是") stands between it and a later value of its kind.
 */
function markRefuted(values: FoundValue[], form: string, words: ValueWords): FoundValue[] {
  const after = words.refuteAfter.find(form);
  // "X is wrong, use Y": the "wrong" that takes X back says nothing about Y.
  const before = words.refute.find(form).filter((h) => !after.some((a) => h.start >= a.start && h.end <= a.end));
  const corrections = words.correction.find(form);
  return values.map((v, i) => {
    const windowStart = Math.max(i > 0 ? values[i - 1]!.end : 0, v.start - CUE_WINDOW);
    const refutedBefore = before.some((h) => h.start >= windowStart && h.end <= v.start);
    const refutedAfter = after.some((h) => h.start >= v.end && h.start - v.end <= 4);
    const next = values[i + 1];
    const corrected = !!next && next.value !== v.value && corrections.some((h) => h.start >= v.end && h.end <= next.start);
    return { ...v, refuted: refutedBefore || refutedAfter || corrected };
  });
}

/** The value that stands: the last one not taken back (several kept values: the first, unless a later one corrects it). */
export function standing(values: readonly FoundValue[]): string | undefined {
  const kept = values.filter((v) => !v.refuted);
  if (kept.length === 0) return undefined;
  return values.some((v) => v.refuted) ? kept[kept.length - 1]!.value : kept[0]!.value;
}

/** Which kind of word stands nearest before `start` (within the cue window): an order word or a phone word. */
function nearestCue(form: string, start: number, words: ValueWords): 'order' | 'phone' | null {
  const windowStart = Math.max(0, start - CUE_WINDOW);
  const hits = (list: PhraseList) => list.find(form).filter((h) => h.start >= windowStart && h.end <= start);
  const orderHits = hits(words.orderWords);
  // "order number is": the phone words inside an order phrase are the order's.
  const phoneHits = hits(words.phoneWords).filter((h) => !orderHits.some((o) => h.start < o.end && h.end > o.start));
  const order = Math.max(-1, ...orderHits.map((h) => h.end));
  const phone = Math.max(-1, ...phoneHits.map((h) => h.end));
  if (order < 0 && phone < 0) return null;
  return order > phone ? 'order' : 'phone';
}

function maskComplaintIds(text: string): string {
  return text.replace(COMPLAINT_ID, (id) => ' '.repeat(id.length));
}
