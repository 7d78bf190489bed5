// What the customer already told us, so the bot does not ask again: order and
// ticket numbers, complaint ids, amounts, dates, phones, emails, products.
// Offsets point into the caller's original string (see normaliseKeepingOffsets).
import type { Entity } from '../contracts/triage.js';

/**
 * Finds English date expressions ("last Tuesday", "5 May 2026"); the adapter
 * (load.ts) backs it with compromise. Offsets are into the text given.
 */
export type EnglishDateTagger = (text: string) => { start: number; length: number }[];

type EntityType = Entity['type'];

interface PatternRule { type: EntityType; pattern: RegExp; group?: number }

const ID = '([A-Za-z]{0,4}[-#]?\\d[A-Za-z0-9-]{3,})';
const PATTERNS: PatternRule[] = [
  { type: 'complaint_id', pattern: /\bC-\d{8}-\d{4}\b/g },
  { type: 'email', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    type: 'ticket_number', group: 1,
    pattern: new RegExp(`(?:ticket|case|ref(?:erence)?|incident|complaint|工单|工單|受理|投诉单|投訴單|投诉|投訴|个案|個案|案件|服务单|服務單|维修单|維修單)\\s*(?:no\\.?|number|id|#|号|號|编号|編號|单号|單號)?\\s*(?:is|为|為|係|是)?\\s*[:：#]?\\s*${ID}`, 'giu'),
  },
  {
    type: 'order_number', group: 1,
    pattern: new RegExp(`(?:order|订单|訂單|单号|單號|运单|運單|快递单|快遞單|tracking|parcel|包裹)\\s*(?:no\\.?|number|id|#|号|號|编号|編號|号码|號碼)?\\s*(?:is|为|為|係|是)?\\s*[:：#]?\\s*${ID}`, 'giu'),
  },
  { type: 'order_number', pattern: /(?<![\w#])#\d{4,}\b/g },
  {
    type: 'phone',
    pattern: /(?<![\w-])(?:\+?86[- ]?1[3-9]\d{9}|1[3-9]\d{9}|\+?852[- ]?[2-9]\d{3}[- ]?\d{4}|\+?886[- ]?9\d{2}[- ]?\d{3}[- ]?\d{3}|09\d{2}[- ]?\d{3}[- ]?\d{3}|400[- ]?\d{3}[- ]?\d{4}|\(\d{3}\)\s?\d{3}[-.]\d{4}|\d{3}[-.]\d{3}[-.]\d{4}|\+\d{1,3}[- ]\d[\d -]{6,14}\d|[5-9]\d{3}[- ]\d{4})(?![\w-])/g,
  },
  {
    type: 'amount',
    pattern: /(?:(?:HK|NT|US|A|C)?\$|[¥￥€£]|\b(?:RMB|CNY|HKD|TWD|NTD|USD|EUR|GBP)\s?)\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:元|块|塊|蚊|港币|港幣|港元|台币|台幣|新台币|新台幣|美元|美金|欧元|歐元|英镑|英鎊|人民币|人民幣|(?:dollars?|bucks|quid|pounds?|euros?|rmb|yuan|usd|hkd|twd)\b)|[一二两兩三四五六七八九十百千万萬]+(?:块|塊|元|蚊)(?:钱|錢)?/giu,
  },
  {
    type: 'date',
    pattern: /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b|(?:\d{4}年)?\d{1,2}月\d{1,2}(?:日|号|號)?|(?:\d{4}年)?[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}(?:日|号|號)|大前天|前天|昨天|昨日|琴日|尋日|寻日|今天|今日|明天|聽日|听日|后天|後天|(?:上|下|這|这|今)?(?:个|個)?(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]|上(?:个|個)?(?:星期|礼拜|禮拜|周|週|月)|(?:上|下)(?:个|個)月|\d+\s?(?:天|日|个月|個月|周|週|星期)(?:前|之前|以前)|(?<!\d)\d{1,2}\s?(?:号|號)(?!\s?(?:码|碼|楼|樓|线|線|机|機|店|床|房|窗|门|門|仓|倉|柜|櫃|位))/gu,
  },
  {
    // English dates without compromise: "5 May", "May 5th", "on Monday", "yesterday", "3 days ago".
    type: 'date',
    pattern: /\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?:\s+\d{4})?|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|(?:(?:last|next|this)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|tomorrow|tonight|last\s+(?:week|month|night|year)|\d+\s+(?:days?|weeks?|months?)\s+ago)\b/giu,
  },
];

// compromise tags English dates well but costs ~0.5 ms a message (and ~0.24 s
// to load); only messages with a date-like word pay for it.
// "today"/"yesterday" and most month and weekday forms are caught by the patterns
// above; the hint leaves out the bare modal "may" so ordinary sentences skip compromise.
const ENGLISH_DATE_HINT = /\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|tember|ober|ember)?\b|\bmay\s+\d|\d(?:st|nd|rd|th)?\s+(?:of\s+)?may\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:ago|weekend|fortnight)\b/i;

const PRIORITY: EntityType[] = ['complaint_id', 'email', 'ticket_number', 'order_number', 'phone', 'amount', 'date', 'product'];

export interface ProductMatcher { pattern: RegExp | null }

export function compileProducts(terms: string[]): ProductMatcher {
  if (terms.length === 0) return { pattern: null };
  const sorted = [...new Set(terms)].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const isAscii = (t: string) => /^[\x00-\x7F]+$/.test(t);
  // Latin product names need word edges; Han ones don't have any.
  const latin = sorted.filter(isAscii);
  const others = sorted.filter((t) => !isAscii(t));
  if (latin.length > 0 && others.every((t) => /^\p{Script=Han}/u.test(t))) {
    // The same matches as one `\bterm\b|…` list, about ten times faster: a Latin term and
    // one starting with a Han character never start at the same place, so each group keeps
    // its own order, and one `\b` before the Latin group lets V8 skip every position
    // inside a word at once instead of trying a hundred alternatives there.
    return { pattern: new RegExp([`\\b(?:${latin.join('|')})\\b`, ...others].join('|'), 'giu') };
  }
  return { pattern: new RegExp(sorted.map((t) => (isAscii(t) ? `\\b${t}\\b` : t)).join('|'), 'giu') };
}

/**
 * "Nobody answers the phone", "I was on the phone for an hour", "phone number":
 * the phone is how the customer reached the company, not the product.
 */
const PHONE_CHANNEL_BEFORE = /(?:answer(?:s|ed|ing)?|pick(?:s|ed|ing)?\s+up|on|over|by|via|down|hung\s+up|hang(?:s|ing)?\s+up|put(?:s|ting)?\s+down|answering)\s+(?:the\s+)?$/iu;
const PHONE_CHANNEL_AFTER = /^\s*(?:call|calls|number|numbers|line|lines|support|queue|menu|agent|agents|bill|bills|contract|plan|tariff|company|operator|helpline|lines?|ringing|rang|rings|went\s+dead)\b/iu;
function isPhoneAsChannel(text: string, index: number, match: string): boolean {
  if (!/^(?:tele)?phone$/iu.test(match)) return false;
  return PHONE_CHANNEL_BEFORE.test(text.slice(Math.max(0, index - 30), index)) || PHONE_CHANNEL_AFTER.test(text.slice(index + match.length, index + match.length + 20));
}

/**
 * @param text offset-preserving normalised text (same length as the original)
 * @param charFolded the same text folded Traditional→Simplified character by character, or null
 */
export function extractEntities(text: string, charFolded: string | null, products: ProductMatcher, english: boolean, englishDates?: EnglishDateTagger): Entity[] {
  const found: Entity[] = [];
  for (const rule of PATTERNS) {
    for (const m of text.matchAll(rule.pattern)) {
      const value = rule.group ? m[rule.group] : m[0];
      if (!value) continue;
      const start = m.index + (rule.group ? m[0].lastIndexOf(value) : 0);
      found.push({ type: rule.type, value: value.trim(), start, end: start + value.length });
    }
  }
  if (products.pattern) {
    const haystack = charFolded ?? text;
    for (const m of haystack.matchAll(products.pattern)) {
      if (isPhoneAsChannel(haystack, m.index, m[0])) continue;
      found.push({ type: 'product', value: text.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length });
    }
  }
  if (english && englishDates && ENGLISH_DATE_HINT.test(text)) {
    // A third-party tagger must not be able to break triage (the bot calls it on every message).
    let matches: { start: number; length: number }[] = [];
    try { matches = englishDates(text); } catch { matches = []; }
    for (const match of matches) {
      if (!Number.isInteger(match.start) || !Number.isInteger(match.length) || match.start < 0 || match.start + match.length > text.length) continue;
      const raw = text.slice(match.start, match.start + match.length);
      // compromise can run two dates together across a comma ("Thursday, Thursday"); keep the first.
      const value = raw.split(/,\s/u)[0]!.replace(/[\s,.;:!?)]+$/u, '');
      if (value.length === 0 || /^\d+$/.test(value)) continue;
      // A bare "day" or "week" ("took the day off") names no date.
      if (/^(?:the\s+)?(?:day|days|week|weeks|month|months|year|years|night|morning|evening)$/iu.test(value)) continue;
      found.push({ type: 'date', value, start: match.start, end: match.start + value.length });
    }
  }
  // Keep the most specific reading of each span: an order number is not also a phone.
  found.sort((a, b) => PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || (b.end - b.start) - (a.end - a.start));
  const kept: Entity[] = [];
  for (const e of found) {
    if (e.end <= e.start) continue;
    if (kept.some((k) => e.start < k.end && k.start < e.end)) continue;
    kept.push(e);
  }
  return kept.sort((a, b) => a.start - b.start);
}
