import { MessageFactory, type Activity, type CardAction, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { localeFromChannel } from '../contracts/chat.js';
import type { Locale } from '../contracts/complaint.js';
import type { Flows } from './flows.js';
import type { BotLogger, Clock, ComplaintDesk, TriagePort } from './ports.js';
import { detectLanguage } from '../script/detect-language.js';
import { customerScriptCharacters } from './recognizers.js';
import type { StatusGuessCounter } from './status-guesses.js';
import { fillTemplate, type ChoiceWording, type Wording, type WordingBook } from './wording.js';

export interface LocaleMemory { locale: Locale }

export interface HandoffMemory {
  active: boolean;
  complaintId: string;
  since: string;
}

/** What every dialog gets: data, ports and the two pieces of conversation state outside the dialog stack. */
export interface BotServices {
  flows: Flows;
  wording: WordingBook;
  desk: ComplaintDesk;
  triage: TriagePort;
  clock: Clock;
  timeZone: string;
  logger: BotLogger;
  localeState: StatePropertyAccessor<LocaleMemory>;
  handoffState: StatePropertyAccessor<HandoffMemory | undefined>;
  /** Failed status verifications in this conversation (never reset by "start over"). */
  statusFailures: StatePropertyAccessor<number>;
  /** Failed status verifications per complaint id, across conversations. */
  statusGuesses: StatusGuessCounter;
}

const TURN_LOCALE = Symbol('hearken.locale');

/**
 * The locale to reply in this turn: the customer's latest message decides
 * (so a switch mid-conversation is followed at once); a message without
 * language signal (a phone number) keeps the remembered one.
 */
export async function localeOf(ctx: TurnContext, services: BotServices): Promise<Locale> {
  const cached = ctx.turnState.get(TURN_LOCALE) as Locale | undefined;
  if (cached) return cached;
  const memory = await services.localeState.get(ctx, { locale: localeFromChannel(ctx.activity.locale) ?? 'en' });
  const text = ctx.activity.type === 'message' ? ctx.activity.text ?? '' : '';
  const detected = detectLanguage(text, customerScriptCharacters, memory.locale).language;
  const locale = detected ?? memory.locale;
  if (locale !== memory.locale) await services.localeState.set(ctx, { locale });
  ctx.turnState.set(TURN_LOCALE, locale);
  return locale;
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

/** A date told to the customer, in their language and the company's time zone. */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const tag = locale === 'en' ? 'en-GB' : locale === 'zh-Hans' ? 'zh-CN' : 'zh-TW';
  return new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** The owner as the customer should read it: a team name for queues, else the owner's id (a person's name). */
export function ownerName(owner: string, wording: Wording): string {
  const owners = wording.record.owners;
  if (owner === 'queue:appeals') return owners.appeals;
  if (owner.startsWith('supervisor') || owner === 'queue:supervisors') return owners.supervisor;
  if (owner.startsWith('queue:')) return owners.default;
  return owner;
}

/** A waterfall step's scratch values (the SDK types them as `object`). */
export const values = (step: { values: object }): Record<string, unknown> => step.values as Record<string, unknown>;
