import { MessageFactory, type Activity, type CardAction, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { hongKongFromChannel, localeFromChannel } from '../contracts/chat.js';
import type { Locale } from '../contracts/complaint.js';
import type { Flows } from './flows.js';
import type { BotLogger, Clock, ComplaintDesk, TriagePort } from './ports.js';
import { conversationLocale } from './recognizers.js';
import type { ReadOptions, Understander, Understanding } from './understand/index.js';
import type { StatusGuessCounter } from './status-guesses.js';
import { fillTemplate, type ChoiceWording, type Wording, type WordingBook, type WordingVariants } from './wording.js';

export interface LocaleMemory {
  locale: Locale;
  /** A Hong Kong customer (channel zh-HK, Cantonese or Hong Kong words): Traditional replies in Hong Kong wording. */
  hongKong?: boolean;
}

export interface HandoffMemory {
  active: boolean;
  complaintId: string;
  since: string;
  /** A person has written in the conversation (an agent's reply was relayed): the bot stops acknowledging. */
  personReplied?: boolean;
  /** The bot asked what they want while they wait: the next answers are read for wanted outcomes. */
  askedWant?: boolean;
}

/** What every dialog gets: data, ports and the two pieces of conversation state outside the dialog stack. */
export interface BotServices {
  flows: Flows;
  wording: WordingBook;
  variants: WordingVariants;
  understander: Understander;
  desk: ComplaintDesk;
  triage: TriagePort;
  clock: Clock;
  timeZone: string;
  logger: BotLogger;
  localeState: StatePropertyAccessor<LocaleMemory>;
  handoffState: StatePropertyAccessor<HandoffMemory | undefined>;
  /** The intro and privacy notice were shown in this conversation ("hi" again gets a short hello). */
  greetedState: StatePropertyAccessor<boolean>;
  /** The bot has just asked "anything else?" after a finished flow: a "no, …" answer is a goodbye. */
  offeredMoreState: StatePropertyAccessor<boolean>;
  /** The empathy lines (wording paths) already said in this conversation: a second complaint does not hear them again. */
  empathySaid: StatePropertyAccessor<string[]>;
  /** Failed status verifications in this conversation (never reset by "start over"). */
  statusFailures: StatePropertyAccessor<number>;
  /** Failed status verifications per complaint id, across conversations. */
  statusGuesses: StatusGuessCounter;
}

const TURN_LOCALE = Symbol('hearken.locale');
const TURN_HONG_KONG = Symbol('hearken.hongKong');
const TURN_READINGS = Symbol('hearken.readings');

/**
 * The locale to reply in this turn: the customer's latest message decides
 * (so a switch mid-conversation is followed at once); a message without
 * language signal (a phone number), or a short one in the shared characters,
 * keeps the remembered one. Cantonese is Traditional, in Hong Kong wording.
 */
export async function localeOf(ctx: TurnContext, services: BotServices): Promise<Locale> {
  const cached = ctx.turnState.get(TURN_LOCALE) as Locale | undefined;
  if (cached) return cached;
  const channelLocale = ctx.activity.locale;
  const initial: LocaleMemory = { locale: localeFromChannel(channelLocale) ?? 'en', ...(hongKongFromChannel(channelLocale) ? { hongKong: true } : {}) };
  const memory = await services.localeState.get(ctx, initial);
  const text = ctx.activity.type === 'message' ? ctx.activity.text ?? '' : '';
  const signals = text ? services.understander.scriptSignals(text) : { cantonese: false, hongKong: false };
  const detected = conversationLocale(text, memory.locale, { cantonese: signals.cantonese });
  const locale = detected ?? memory.locale;
  const hongKong = memory.hongKong === true || signals.hongKong || hongKongFromChannel(channelLocale);
  if (locale !== memory.locale || hongKong !== (memory.hongKong === true)) {
    await services.localeState.set(ctx, { locale, ...(hongKong ? { hongKong: true } : {}) });
  }
  ctx.turnState.set(TURN_LOCALE, locale);
  ctx.turnState.set(TURN_HONG_KONG, hongKong);
  return locale;
}

/** The wording to reply with this turn: the locale's, in Hong Kong words for a Hong Kong customer writing Traditional. */
export async function wordingOf(ctx: TurnContext, services: BotServices): Promise<Wording> {
  const locale = await localeOf(ctx, services);
  return locale === 'zh-Hant' && ctx.turnState.get(TURN_HONG_KONG) === true ? services.variants.hongKong : services.wording[locale];
}

/** Every wording a customer's words may be matched against (each language, and its regional forms). */
export function allWordings(services: BotServices): Wording[] {
  return [services.wording.en, services.wording['zh-Hans'], services.wording['zh-Hant'], services.variants.hongKong];
}

/**
 * The understanding of this turn's message (src/bot/understand), read once per
 * turn and set of options: the conversation's clock and the business time zone.
 */
export function understood(ctx: TurnContext, services: BotServices, options: Omit<ReadOptions, 'now' | 'timeZone'> = {}, text?: string): Understanding {
  const said = text ?? (ctx.activity.type === 'message' ? ctx.activity.text ?? '' : '');
  let readings = ctx.turnState.get(TURN_READINGS) as Map<string, Understanding> | undefined;
  if (!readings) {
    readings = new Map();
    ctx.turnState.set(TURN_READINGS, readings);
  }
  const key = JSON.stringify([said, options.asked ?? '', options.listening === true]);
  let reading = readings.get(key);
  if (!reading) {
    reading = services.understander.read(said, { ...options, now: services.clock(), timeZone: services.timeZone });
    readings.set(key, reading);
  }
  return reading;
}

/** A dotted path into a wording file, kept as a string so it can live in dialog state. */
export type WordPath = string;

export function wordAt(wording: Wording, path: WordPath): unknown {
  let node: unknown = wording;
  for (const part of path.split('.')) {
    if (node && typeof node === 'object' && part in node) node = (node as Record<string, unknown>)[part];
    else throw new Error(`wording path "${path}" does not exist; check dialogs/wording/*.yaml`);
  }
  return node;
}

export function textAt(wording: Wording, path: WordPath, vars?: Record<string, string | number>): string {
  const node = wordAt(wording, path);
  if (typeof node !== 'string') throw new Error(`wording path "${path}" is not a message`);
  return fillTemplate(node, vars);
}

export function choiceAt(wording: Wording, path: WordPath): ChoiceWording {
  const node = wordAt(wording, path) as ChoiceWording;
  if (!node || typeof node.label !== 'string') throw new Error(`wording path "${path}" is not a choice`);
  return node;
}

/** A message with suggested-action buttons that post their label back. */
export function withButtons(text: string, labels: string[]): Partial<Activity> {
  if (labels.length === 0) return MessageFactory.text(text);
  const actions: CardAction[] = labels.map((label) => ({ type: 'imBack', title: label, value: label }));
  return MessageFactory.suggestedActions(actions, text);
}

/** A date and time told to the customer, in their language and the company's time zone, naming the zone ("18:00 (GMT+8)"). */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const tag = localeTag(locale);
  const when = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' }).formatToParts(new Date(iso)).find((p) => p.type === 'timeZoneName')?.value;
  return zone ? `${when} (${zone})` : when;
}

/** A calendar day or range of days (2026-12-01, 2026-11-01/2026-11-30) in the customer's language. */
export function formatDay(isoDay: string, locale: Locale): string {
  const format = new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'full', timeZone: 'UTC' });
  const [from, to] = isoDay.split('/').map((d) => new Date(`${d}T00:00:00Z`));
  return to ? format.formatRange(from!, to) : format.format(from!);
}

const localeTag = (locale: Locale) => (locale === 'en' ? 'en-GB' : locale === 'zh-Hans' ? 'zh-CN' : 'zh-TW');

/** The owner as the customer should read it: a team name for queues, else the owner's id (a person's name). */
export function ownerName(owner: string, wording: Wording): string {
  const owners = wording.record.owners;
  if (owner === 'queue:appeals') return owners.appeals;
  if (owner.startsWith('supervisor') || owner === 'queue:supervisors') return owners.supervisor;
  if (owner.startsWith('queue:')) return owners.default;
  return owner;
}

/** Sentences of one message: spaced in English, run together in Chinese. */
export function joinSentences(lines: readonly string[], locale: Locale): string {
  return lines.join(locale === 'en' ? ' ' : '');
}

/** A waterfall step's scratch values (the SDK types them as `object`). */
export const values = (step: { values: object }): Record<string, unknown> => step.values as Record<string, unknown>;
