/**
 * Dates in what customers type, resolved with Recognizers-Text's date-time
 * model against the conversation's clock in the business time zone, each with
 * its role: when it happened, when it was bought, a plan or threat for later,
 * or a length of time ("had it barely 2 weeks").
 *
 * The Chinese model of recognizers-text-date-time 1.1.4 knows no Cantonese date
 * words and throws on some phrases ("今天早上", "三天前"): the clause is rewritten
 * first (understanding.yaml dateRewrites), "N天前" is counted here, and a clause
 * the model still cannot read is skipped rather than failing the turn.
 */
import dateTime from '@microsoft/recognizers-text-date-time';
import numbers from '@microsoft/recognizers-text-number';
import { blankSpans, clausesOf, hasHan, matchForm, type PhraseList, type Span } from './text.js';

export type DateRole = 'incident' | 'purchase' | 'future' | 'duration';

export interface DateMention extends Span {
  /** The customer's own words for the date, as typed. */
  words: string;
  role: DateRole;
  /** An ISO date (2026-12-01) or an inclusive range of dates (2026-11-01/2026-11-30); null for a duration. */
  iso: string | null;
}

export interface DateWords {
  purchase: PhraseList;
  future: PhraseList;
  /** Chinese rewrites, keys in the matching form (Simplified, lower case), longest first. */
  rewrites: ReadonlyArray<readonly [string, string]>;
}

export function compileRewrites(rewrites: Readonly<Record<string, string>>): Array<[string, string]> {
  const folded = new Map<string, string>();
  for (const [from, to] of Object.entries(rewrites)) folded.set(matchForm(from), matchForm(to));
  return [...folded.entries()].sort((a, b) => b[0].length - a[0].length);
}

// Cheap check before the (≈ 7 ms) model runs: a digit, or a word that can name a day.
const DATE_HINT = /\d|yesterday|today|tonight|tomorrow|morning|afternoon|evening|night|week|month|year|ago|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|[日天号月周年昨今明晚早午夜朝]|星期|礼拜|禮拜/u;

/** Dates in the text, in order. `plain` and `form` are the NFKC text and its matching form (same offsets). */
export function findDates(plain: string, form: string, now: Date, timeZone: string, words: DateWords): DateMention[] {
  if (!DATE_HINT.test(form)) return [];
  const clock = wallClock(now, timeZone);
  const reference = new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, 0);
  const today = isoDay(clock.year, clock.month, clock.day);
  const mentions: DateMention[] = [];
  for (const clause of clausesOf(form)) {
    if (!DATE_HINT.test(clause.text)) continue;
    const purchase = words.purchase.has(clause.text);
    const future = words.future.has(clause.text);
    const chinese = hasHan(clause.text);
    const found: Array<{ span: Span; iso: string | null; kind: 'point' | 'duration' }> = [];
    // "Good afternoon", 早晨 (Cantonese good morning): a greeting names no time.
    let text = blankSpans(clause.text, greetingSpans(clause.text));
    let map: OffsetMap = identityMap(text.length);
    if (chinese) {
      ({ text, map } = rewrite(text, words.rewrites));
      for (const ago of chineseAgo(text, today)) {
        found.push({ span: map.back(ago.span), iso: ago.iso, kind: 'point' });
        text = blankSpans(text, [ago.span]);
      }
    }
    let results: ReturnType<typeof dateTime.recognizeDateTime> = [];
    try {
      results = dateTime.recognizeDateTime(text, chinese ? 'zh-cn' : 'en-us', undefined, reference);
    } catch {
      results = [];
    }
    for (const result of results) {
      const span = map.back({ start: result.start, end: result.start + result.text.length });
      const type = String(result.typeName).replace(/^datetimeV2\./, '');
      // A bare count of days in Chinese numerals (話咗三日到, 等了五日) is a length of time: dates are written
      // with digits or with the month (3日, 3號, 十二月三日), so the model's "the 3rd" is not the customer's.
      if (type === 'duration' || (type === 'date' && DAYS_IN_WORDS.test(result.text.trim()))) {
        found.push({ span, iso: null, kind: 'duration' });
        continue;
      }
      if (type === 'set') continue;
      const iso = resolveValues(type, (result.resolution.values ?? []) as RecognizedValue[], today, future);
      if (iso) found.push({ span, iso, kind: 'point' });
    }
    for (const f of found.sort((a, b) => a.span.start - b.span.start)) {
      const start = clause.start + f.span.start;
      const end = clause.start + f.span.end;
      const role: DateRole = f.kind === 'duration' ? 'duration'
        : purchase ? 'purchase'
        : f.iso && firstDay(f.iso) > today ? 'future'
        : 'incident';
      mentions.push({ start, end, words: plain.slice(start, end).trim(), role, iso: f.iso });
    }
  }
  return mentions;
}

const GREETING = /\bgood\s+(?:morning|afternoon|evening|day)\b|早上好|上午好|中午好|下午好|晚上好|早安|午安|^\s*早晨(?=[\s,，。.!！~]|$)/gu;
const DAYS_IN_WORDS = /^[一二两三四五六七八九十几]+(?:日|天)$/u;

function greetingSpans(text: string): Span[] {
  return [...text.matchAll(GREETING)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The date the complaint is about: the first date that is neither the purchase, a plan, nor a length of time. */
export function incidentOf(mentions: readonly DateMention[]): DateMention | undefined {
  return mentions.find((m) => m.role === 'incident' && m.iso !== null);
}

interface RecognizedValue { timex?: string; type?: string; value?: string; start?: string; end?: string }

/** One ISO date or range from the model's candidates: the past one, or the coming one when the clause speaks of the future. */
function resolveValues(type: string, values: readonly RecognizedValue[], today: string, future: boolean): string | null {
  const candidates = values.map((v) => toIso(type, v, today)).filter((v): v is string => v !== null);
  if (candidates.length === 0) return null;
  const past = candidates.filter((c) => firstDay(c) <= today);
  const coming = candidates.filter((c) => firstDay(c) > today);
  if (future && coming.length > 0) return coming[0]!;
  return past.length > 0 ? past[past.length - 1]! : candidates[0]!;
}

function toIso(type: string, v: RecognizedValue, today: string): string | null {
  const day = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : null);
  switch (type) {
    case 'date':
      return day(v.value);
    case 'datetime':
      return day(v.value);
    case 'time':
    case 'timerange':
      return today;
    case 'daterange': {
      const start = day(v.start);
      const end = day(v.end);
      if (!start) return null;
      if (!end) return start;
      const last = addDays(end, -1);
      return last <= start ? start : `${start}/${last}`;
    }
    case 'datetimerange': {
      const start = day(v.start);
      if (!start) return null;
      const endText = v.end ?? '';
      let end = day(endText);
      // An end at midnight belongs to the day before.
      if (end && /00:00:00$/.test(endText)) end = addDays(end, -1);
      return !end || end <= start ? start : `${start}/${end}`;
    }
    default:
      return null;
  }
}

// "三天前", "2个星期前", "一个月前": the model throws on these, so they are counted here.
const CHINESE_AGO = /([0-9]+|[一二两三四五六七八九十半几]+)\s*个?\s*(天|日|周|星期|月|年)\s*(?:之|以)?前/gu;

function chineseAgo(text: string, today: string): Array<{ span: Span; iso: string }> {
  const found: Array<{ span: Span; iso: string }> = [];
  for (const m of text.matchAll(CHINESE_AGO)) {
    const n = chineseNumber(m[1]!);
    if (n === null) continue;
    const unit = m[2]!;
    const days = unit === '天' || unit === '日' ? n : unit === '周' || unit === '星期' ? n * 7 : unit === '月' ? n * 30 : n * 365;
    const iso = unit === '月' ? addMonths(today, -n) : unit === '年' ? addMonths(today, -12 * n) : addDays(today, -Math.round(days));
    found.push({ span: { start: m.index, end: m.index + m[0].length }, iso });
  }
  return found;
}

function chineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '半') return 0.5;
  if (text === '几') return 3;
  const hits = numbers.recognizeNumber(text, 'zh-cn');
  const value = Number(hits[0]?.resolution?.value);
  return Number.isFinite(value) && value > 0 ? value : null;
}

// ------------------------------------------------------------------ offsets through rewrites

interface OffsetMap { back(span: Span): Span }

function identityMap(_length: number): OffsetMap {
  return { back: (span) => span };
}

/** Applies the rewrites, remembering for each output character which input characters it came from. */
function rewrite(text: string, rules: ReadonlyArray<readonly [string, string]>): { text: string; map: OffsetMap } {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const rule = rules.find(([from]) => text.startsWith(from, i));
    if (rule) {
      const [from, to] = rule;
      for (let k = 0; k < to.length; k++) { starts.push(i); ends.push(i + from.length); }
      out += to;
      i += from.length;
    } else {
      starts.push(i);
      ends.push(i + 1);
      out += text[i];
      i++;
    }
  }
  return {
    text: out,
    map: {
      back: (span) => ({
        start: starts[Math.min(span.start, starts.length - 1)] ?? 0,
        end: ends[Math.max(0, Math.min(span.end, ends.length) - 1)] ?? text.length,
      }),
    },
  };
}

// ------------------------------------------------------------------ calendar arithmetic on ISO days

interface WallClock { year: number; month: number; day: number; hour: number; minute: number }

/** The date and time on the business's clocks. */
export function wallClock(now: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(now).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute) };
}

const isoDay = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const firstDay = (iso: string) => iso.slice(0, 10);

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
