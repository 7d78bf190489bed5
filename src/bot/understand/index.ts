/**
 * The per-turn understanding step: what a customer's message says, read from
 * whole sentences. Values (order references, phone numbers, e-mail addresses)
 * with corrections in the same message, dates with their role, the customer's
 * name, wanted outcomes with negation and changes of mind, requests (a person,
 * cancel, start over, help) anywhere in a sentence, closings, "I don't have
 * one", Cantonese and Hong Kong signals. Words come from
 * dialogs/understanding.yaml; values from Microsoft Recognizers-Text and
 * compromise. No state, no I/O once loaded: the dialogs decide what to do.
 */
import type { DesiredResolution, Locale } from '../../contracts/complaint.js';
import { EMOTION_LABELS, type EmotionLabel } from '../../contracts/triage.js';
import { DataFileError, type DataProblem } from '../../contracts/data-file.js';
import type { Flows } from '../flows.js';
import { parseOrderNumber, splitDoneSignal } from '../recognizers.js';
import { compileRewrites, findDates, incidentOf, type DateMention, type DateWords } from './dates.js';
import { loadUnderstandingLexicon, OUTCOME_KINDS, type OutcomeKind, type UnderstandingLexicon } from './lexicon.js';
import { findName, type NameWords } from './names.js';
import { findOutcomes, type OutcomeWords, type Outcomes } from './outcomes.js';
import { findRequest, isClosing, isGoodbyeToMore, saysNoValue, saysSkip, type RequestKind, type RequestWords } from './requests.js';
import { blankSpans, clausesOf, compilePhrases, matchForm, plainForm, stripCourtesy, type PhraseList } from './text.js';
import { findContacts, findOrders, standing, type FoundValue, type ValueWords } from './values.js';

export type { DateMention, DateRole } from './dates.js';
export type { FoundValue } from './values.js';
export type { Outcomes } from './outcomes.js';
export { mergeOutcomes, noOutcomes } from './outcomes.js';
export type { RequestKind } from './requests.js';
export type { OutcomeKind } from './lexicon.js';

/** What the bot has just asked, which decides how loosely a message is read. */
export type AskedFor = 'order_number' | 'contact' | 'name' | 'when' | 'outcome' | 'confirm' | 'story' | 'menu' | 'other';

export interface ReadOptions {
  now: Date;
  timeZone: string;
  asked?: AskedFor;
  /** The customer is telling their story: requests must be made, not reported. */
  listening?: boolean;
}

export interface Understanding {
  readonly text: string;
  readonly orders: readonly FoundValue[];
  /** The order reference that stands after any correction in the message. */
  readonly order: string | undefined;
  readonly phones: readonly FoundValue[];
  readonly phone: string | undefined;
  readonly emails: readonly FoundValue[];
  readonly email: string | undefined;
  readonly name: string | undefined;
  readonly request: RequestKind | null;
  /** Only a polite ending ("thanks, bye"). */
  readonly closing: boolean;
  /** A goodbye to "anything else?": a polite ending, or one that opens the message and nothing new follows ("no, I just want it fixed"). */
  readonly goodbye: boolean;
  /** "I don't have one" for the question just asked. */
  readonly noValue: boolean;
  readonly skip: boolean;
  readonly outcomes: Outcomes & { changed: boolean };
  /** Dates (the model costs ≈ 7 ms a message). Every field is read when first asked for. */
  readonly dates: readonly DateMention[];
  readonly incident: DateMention | undefined;
  /** Written in Cantonese (so Traditional, Hong Kong). */
  readonly cantonese: boolean;
  /** Hong Kong wording fits (Cantonese or Hong Kong words). */
  readonly hongKong: boolean;
  /** How emoji say the customer feels, when they say anything. */
  readonly emoji: EmotionLabel | null;
}

export interface Understander {
  read(text: string, options: ReadOptions): Understanding;
  /** A story message split from its end ("It broke. That's everything, thank you." → rest "It broke.", done). */
  storyEnd(text: string): { rest: string; done: boolean };
  /** Every sentence of the message is one of `phrases`, courtesy aside ("冇問題，全部正確" is all confirmation). */
  saysOnly(text: string, phrases: readonly string[]): boolean;
  /** The message says there is more to tell ("one more thing", "also", 还有, 仲有). */
  saysMore(text: string): boolean;
  /** Cantonese (so Traditional, Hong Kong) or Hong Kong words in a message: cheap, for the language of every turn. */
  scriptSignals(text: string): { cantonese: boolean; hongKong: boolean };
  /** Runs each recogniser once, so their lazily built models are not built in a customer's turn. */
  warm(now: Date, timeZone: string): void;
}

const union = (lists: Record<Locale, readonly string[]>): string[] => [...lists.en, ...lists['zh-Hans'], ...lists['zh-Hant']];
const unionOf = (lists: { en?: readonly string[]; 'zh-Hans': readonly string[]; 'zh-Hant': readonly string[] }): string[] =>
  [...(lists.en ?? []), ...lists['zh-Hans'], ...lists['zh-Hant']];

/** `compute` run at most once, when first called. */
function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** Compiles the lexicon (and flows.yaml's whole-message phrases) into an Understander. */
export function createUnderstander(lexicon: UnderstandingLexicon, flows: Flows): Understander {
  const p = (list: readonly string[]): PhraseList => compilePhrases(list);
  const valueWords: ValueWords = {
    orderWords: p(union(lexicon.orderWords)),
    phoneWords: p(union(lexicon.phoneWords)),
    refute: p(union(lexicon.refute)),
    refuteAfter: p(union(lexicon.refuteAfter)),
    correction: p(union(lexicon.correction)),
    isOrderNumber: (candidate) => parseOrderNumber(candidate, flows.orderNumberPattern) !== null,
  };
  const requestWords: RequestWords = {
    courtesy: p(union(lexicon.courtesy)),
    frames: p(union(lexicon.requestFrames)),
    person: p(union(lexicon.person)),
    personWeak: p(union(lexicon.personWeak)),
    personVerbs: p(union(lexicon.personVerbs)),
    human: p(union(flows.interruptions.human)),
    cancel: p([...union(flows.interruptions.cancel), ...union(lexicon.cancel), ...union(lexicon.cancelWeak)]),
    cancelWeak: p(union(lexicon.cancelWeak)),
    startOver: p([...union(flows.interruptions.startOver), ...union(lexicon.startOver)]),
    help: p(union(flows.interruptions.help)),
    closings: p(union(lexicon.closings)),
    moreToSay: p(union(lexicon.moreToSay)),
    noValue: p(union(lexicon.noValue)),
    skip: p(union(lexicon.skip)),
  };
  const outcomeWords: OutcomeWords = {
    kinds: Object.fromEntries(OUTCOME_KINDS.map((k) => [k, p(union(lexicon.outcomes[k]))])) as Record<OutcomeKind, PhraseList>,
    want: p(union(lexicon.wantWords)),
    negation: p(union(lexicon.outcomeNegation)),
    change: p(union(lexicon.changeOfMind)),
  };
  const dateWords: DateWords = {
    purchase: p(union(lexicon.purchaseWords)),
    future: p(union(lexicon.futureWords)),
    rewrites: compileRewrites(lexicon.dateRewrites),
  };
  const nameWords: NameWords = {
    selfIntroduction: p(union(lexicon.selfIntroduction)),
    surnameCues: p(unionOf(lexicon.surnameCues)),
    honorifics: lexicon.honorifics.map((h) => matchForm(h)),
    surnames: [...new Set(lexicon.surnames.map((s) => matchForm(s)))].sort((a, b) => b.length - a.length),
    notNames: p([...union(lexicon.phoneWords), ...union(lexicon.courtesy), ...union(lexicon.closings), ...union(lexicon.noValue), 'email', 'e-mail', 'mail', 'address', '电邮', '邮箱', '電郵', '郵箱']),
  };
  const hongKong = p(lexicon.hongKongWords);
  // Cantonese markers are matched as written, not folded: they are Traditional forms.
  const cantoneseMarkers = lexicon.cantonese;
  const emoji = EMOTION_LABELS.flatMap((label) => (lexicon.emotionEmoji[label] ?? []).map((e) => [e, label] as const));
  const doneSignals = [...union(flows.listen.doneSignals), ...union(lexicon.storyEnd)];

  const scriptSignals = (text: string) => {
    const plain = plainForm(text);
    const cantonese = cantoneseMarkers.some((w) => plain.includes(w));
    return { cantonese, hongKong: cantonese || hongKong.find(matchForm(plain)).length > 0 };
  };

  /**
   * Every part is read when first asked for, and once: a turn that only needs
   * to know whether the customer asked for a person never runs the phone,
   * date or name models (Recognizers-Text and compromise cost milliseconds).
   */
  const read = (text: string, options: ReadOptions): Understanding => {
    const plain = plainForm(text);
    const form = matchForm(plain);
    const asked = options.asked;
    const orders = once(() => findOrders(plain, form, valueWords, asked === 'order_number'));
    const contacts = once(() => findContacts(plain, form, valueWords, orders()));
    // Digits of an order number, a phone or an e-mail are no date ("JD20261101998" is not the year
    // 1998, "0912-345-678" is not December 912), nor is any other long run of digits ("订单号是 8812003"
    // holds no 2003): the date model reads the text with those blanked out, offsets kept.
    const dates = once(() => {
      const runs = [...plain.matchAll(/\d{5,}/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
      const values = [...orders(), ...contacts().phones, ...contacts().emails, ...runs];
      return findDates(blankSpans(plain, values), blankSpans(form, values), options.now, options.timeZone, dateWords);
    });
    const signals = once(() => scriptSignals(plain));
    const request = once(() => findRequest(form, requestWords, options.listening === true));
    const closing = once(() => isClosing(form, requestWords));
    const noValue = once(() => saysNoValue(form, requestWords));
    const skip = once(() => saysSkip(form, requestWords));
    const outcomes = once(() => findOutcomes(form, outcomeWords, asked === 'outcome'));
    // Asked for a name, or for contact details (with the name): a bare "Priya Raman" is one.
    const name = once(() => findName(plain, form, nameWords, asked === 'name' || asked === 'contact'));
    const feeling = once(() => {
      const counts = new Map<EmotionLabel, number>();
      for (const [e, label] of emoji) {
        const n = plain.split(e).length - 1;
        if (n > 0) counts.set(label, (counts.get(label) ?? 0) + n);
      }
      return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    });
    return {
      text,
      get orders() { return orders(); },
      get order() { return standing(orders()); },
      get phones() { return contacts().phones; },
      get phone() { return standing(contacts().phones); },
      get emails() { return contacts().emails; },
      get email() { return standing(contacts().emails); },
      get name() { return name(); },
      get request() { return request(); },
      get closing() { return closing(); },
      get goodbye() { return closing() || isGoodbyeToMore(form, requestWords); },
      get noValue() { return noValue(); },
      get skip() { return skip(); },
      get outcomes() { return outcomes(); },
      get dates() { return dates(); },
      get incident() { return incidentOf(dates()); },
      get cantonese() { return signals().cantonese; },
      get hongKong() { return signals().hongKong; },
      get emoji() { return feeling(); },
    };
  };

  const compiled = new Map<string, PhraseList>();
  const saysOnly = (text: string, list: readonly string[]) => {
    const key = list.join('\u0000');
    let phrases = compiled.get(key);
    if (!phrases) {
      phrases = compilePhrases(list);
      compiled.set(key, phrases);
    }
    const form = matchForm(plainForm(text));
    const clauses = clausesOf(form);
    return clauses.length > 0 && clauses.every((c) => {
      const bare = stripCourtesy(c.text, requestWords.courtesy);
      return phrases.isWhole(c.text) || (bare.length > 0 && phrases.isWhole(bare)) || (bare.length === 0 && clauses.length > 1);
    }) && clauses.some((c) => phrases.isWhole(c.text) || phrases.isWhole(stripCourtesy(c.text, requestWords.courtesy)));
  };

  return {
    read,
    saysOnly,
    saysMore: (text) => requestWords.moreToSay.has(matchForm(plainForm(text))),
    scriptSignals,
    storyEnd(text) {
      const direct = splitDoneSignal(text, doneSignals);
      if (direct.done) return direct;
      // "That's everything, thank you.": the signal with courtesy after it.
      const plain = plainForm(text).trim();
      const form = matchForm(plain);
      const tail = requestWords.courtesy.find(form).filter((h) => /^[\s\p{P}\p{S}]*$/u.test(form.slice(h.end)));
      const last = tail[tail.length - 1];
      if (!last || last.start === 0) return direct;
      const withoutCourtesy = plain.slice(0, last.start).replace(/[\s,，、]+$/u, '');
      const split = splitDoneSignal(withoutCourtesy, doneSignals);
      return split.done ? split : direct;
    },
    warm(now, timeZone) {
      const u = read('Order HK12345678, ring me on 07700 900461 or a@example.com; this is Priya Raman, it broke yesterday evening. 订单12345678，昨天晚上坏了', { now, timeZone });
      void [u.phone, u.email, u.name, u.dates, u.outcomes, u.request];
    },
  };
}

/** Reads dialogs/understanding.yaml and checks its examples (file:line:col on failure). */
export function loadUnderstanding(dialogsDir: string, flows: Flows): { lexicon: UnderstandingLexicon; understander: Understander } {
  const located = loadUnderstandingLexicon(dialogsDir);
  const understander = createUnderstander(located.data, flows);
  const problems: DataProblem[] = [];
  const now = new Date('2026-12-02T02:00:00Z');
  located.data.examples.forEach((example, i) => {
    const u = understander.read(example.text, { now, timeZone: 'Asia/Shanghai', ...(example.asked ? { asked: example.asked } : {}), ...(example.listening ? { listening: true } : {}) });
    const e = example.expect;
    const wrong: string[] = [];
    const check = (what: string, want: unknown, got: unknown) => {
      if (JSON.stringify(want) !== JSON.stringify(got)) wrong.push(`${what} ${JSON.stringify(got)} (expected ${JSON.stringify(want)})`);
    };
    if (e.order !== undefined) check('order', e.order, u.order);
    if (e.phone !== undefined) check('phone', e.phone, u.phone);
    if (e.email !== undefined) check('email', e.email, u.email);
    if (e.name !== undefined) check('name', e.name, u.name);
    if (e.outcomes !== undefined) check('outcomes', [...e.outcomes].sort(), [...u.outcomes.wanted].sort());
    check('request', e.interruption ?? null, u.request);
    if (e.closing !== undefined) check('closing', e.closing, u.closing);
    if (wrong.length > 0) problems.push({ file: located.file, ...located.locate(['examples', i]), message: `"${example.text}": ${wrong.join('; ')}` });
  });
  if (problems.length > 0) throw new DataFileError(problems);
  return { lexicon: located.data, understander };
}

/** The wanted outcomes as the complaint records them. */
export const asResolutions = (kinds: readonly OutcomeKind[]): DesiredResolution[] => [...kinds];
