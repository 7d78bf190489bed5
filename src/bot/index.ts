/**
 * createHearkenBot: the complaint bot as an ActivityHandler, the guard every
 * outgoing message passes (GuardedSendMiddleware), and the CustomerConversation
 * the desk talks to the customer through (src/bot/proactive.ts: surveys, agents'
 * replies, releasing a hand-over). See docs/bot.md.
 */
import { join } from 'node:path';
import {
  ActivityHandler, ConversationState, TurnContext, UserState,
  type Middleware, type Storage,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { LISTEN_TIMEOUT_EVENT } from '../contracts/chat.js';
import { packageRoot } from '../lexicon-files/package-root.js';
import type { CustomerConversation } from '../contracts/customer-conversation.js';
import { activeLeafId } from './dialogs/cancel-and-help.js';
import { LISTEN_DIALOG } from './dialogs/listen.js';
import { MAIN_DIALOG, MainDialog, type MainOptions } from './dialogs/main.js';
import { factsFor, loadFlows, type Flows } from './flows.js';
import { INCIDENT_DATE } from './draft.js';
import { GuardedSendMiddleware } from './guard-middleware.js';
import type { BotLogger, Clock, ComplaintDesk, GuardPort, ProactiveHost, TriagePort } from './ports.js';
import { conversationMemory, createCustomerConversation } from './proactive.js';
import { localeOf, understood, wordingOf, type BotServices, type HandoffMemory, type LocaleMemory } from './services.js';
import { type StatusGuessCounter, storageGuessCounter } from './status-guesses.js';
import { loadUnderstanding, type Understander } from './understand/index.js';
import { loadWording, loadWordingVariants, type WordingBook, type WordingVariants } from './wording.js';
import { CATEGORY_LABELS } from '../contracts/triage.js';

export interface HearkenBotDeps {
  /** botbuilder Storage (Hearken's store-backed one). Dialog state, locale, handoff and conversation references live here. */
  storage: Storage;
  desk: ComplaintDesk;
  triage: TriagePort;
  guard: GuardPort;
  /** Where proactive turns run: the chat transport (connectChat in chat-adapter.ts). */
  host: ProactiveHost;
  clock?: Clock;
  logger?: BotLogger;
  /** IANA zone for dates told to customers. */
  timeZone?: string;
  dialogsDir?: string;
  /**
   * Run each recogniser of the understanding step once just after start-up (≈ 0.5 s),
   * so their lazily built models are not built in the first customer's turn. The server does.
   */
  warmUp?: boolean;
}

export interface HearkenBot {
  handler: ActivityHandler;
  /** Lints every outgoing message of every turn (proactive ones too); serve the handler behind it. */
  guardMiddleware: Middleware;
  /** "Talk to the customer" for the desk: surveys, agents' replies, releasing a hand-over. */
  conversation: CustomerConversation;
}

export interface DialogData {
  flows: Flows;
  wording: WordingBook;
  /** Regional wording (Hong Kong), derived from the language files. */
  variants: WordingVariants;
  /** The per-turn understanding step, compiled from dialogs/understanding.yaml. */
  understander: Understander;
  dialogsDir: string;
}

/** The shipped dialogs/ folder under the package root. */
export function defaultDialogsDir(): string {
  return join(packageRoot(), 'dialogs');
}

/** Reads and validates dialogs/flows.yaml, understanding.yaml and wording/*.yaml; throws DataFileError (file:line:col) on bad data. */
export function loadDialogData(dialogsDir = defaultDialogsDir()): DialogData {
  const flows = loadFlows(dialogsDir).data;
  const needed = [...new Set(CATEGORY_LABELS.flatMap((c) => factsFor(flows, c)))];
  const { book } = loadWording(dialogsDir, needed);
  const variants = loadWordingVariants(dialogsDir, book);
  const { understander } = loadUnderstanding(dialogsDir, flows);
  return { flows, wording: book, variants, understander, dialogsDir };
}

export interface ServiceDeps {
  conversationState: ConversationState;
  /** Where wrong contact details per complaint id are counted; usually storageGuessCounter over the bot's Storage. */
  statusGuesses: StatusGuessCounter;
  data: DialogData;
  desk: ComplaintDesk;
  triage: TriagePort;
  clock?: Clock;
  timeZone?: string;
  logger?: BotLogger;
}

/** The services every dialog gets; tests build these around DialogTestClient's ConversationState. */
export function createBotServices(deps: ServiceDeps): BotServices {
  return {
    flows: deps.data.flows,
    wording: deps.data.wording,
    variants: deps.data.variants,
    understander: deps.data.understander,
    desk: deps.desk,
    triage: deps.triage,
    clock: deps.clock ?? (() => new Date()),
    timeZone: deps.timeZone ?? 'Asia/Shanghai',
    logger: deps.logger ?? consoleLogger,
    localeState: deps.conversationState.createProperty<LocaleMemory>('hearkenLocale'),
    handoffState: deps.conversationState.createProperty<HandoffMemory | undefined>('hearkenHandoff'),
    greetedState: deps.conversationState.createProperty<boolean>('hearkenGreeted'),
    empathySaid: deps.conversationState.createProperty<string[]>('hearkenEmpathySaid'),
    offeredMoreState: deps.conversationState.createProperty<boolean>('hearkenOfferedMore'),
    statusFailures: deps.conversationState.createProperty<number>('hearkenStatusFailures'),
    statusGuesses: deps.statusGuesses,
  };
}

export const consoleLogger: BotLogger = {
  warn: (message, detail) => console.warn(`[bot] ${message}`, detail ?? ''),
  error: (message, detail) => console.error(`[bot] ${message}`, detail ?? ''),
};

export function createHearkenBot(deps: HearkenBotDeps): HearkenBot {
  const data = loadDialogData(deps.dialogsDir);
  const logger = deps.logger ?? consoleLogger;
  const conversationState = new ConversationState(deps.storage);
  const userState = new UserState(deps.storage);
  const dialogState = conversationState.createProperty<DialogState>('DialogState');
  const lastSeenState = conversationState.createProperty<string | undefined>('hearkenLastSeen');
  const guessClock = deps.clock ?? (() => new Date());
  const services = createBotServices({
    conversationState, data, desk: deps.desk, triage: deps.triage,
    statusGuesses: storageGuessCounter(deps.storage, data.flows.status.complaintLockHours * 3600_000, guessClock),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
    logger,
  });
  const clock = services.clock;
  // Right after start-up rather than during it, so the server listens at once; still before any customer's turn in practice.
  if (deps.warmUp) setTimeout(() => data.understander.warm(clock(), services.timeZone), 0).unref();
  const dialogs = new DialogSet(dialogState);
  dialogs.add(new MainDialog(services));
  const rememberConversation = conversationMemory(deps.storage);

  /** Every message says which of Hearken's languages it is in, for the transcript (see src/store/chat-transcripts.ts). */
  const markLocale = (ctx: TurnContext) => {
    ctx.onSendActivities(async (context, activities, next) => {
      const locale = await localeOf(context, services);
      for (const activity of activities) if (activity.type === 'message') activity.locale = locale;
      return next();
    });
  };

  const runMain = async (ctx: TurnContext, options?: MainOptions) => {
    const dc = await dialogs.createContext(ctx);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, options);
  };

  class HearkenActivityHandler extends ActivityHandler {
    constructor() {
      super();
      this.onMembersAdded(async (ctx, next) => {
        const joined = (ctx.activity.membersAdded ?? []).some((m) => m.id !== ctx.activity.recipient?.id);
        if (joined) {
          await rememberConversation(ctx);
          await runMain(ctx, { route: 'greet' });
        }
        await next();
      });
      this.onMessage(async (ctx, next) => {
        const handoff = await services.handoffState.get(ctx);
        await rememberConversation(ctx);
        await lastSeenState.set(ctx, clock().toISOString());
        if (handoff?.active) {
          // A person has the conversation: the agents' channel is told, and the customer hears it was passed on.
          if (ctx.activity.text) {
            await deps.desk.customerWroteDuringHandoff({
              complaintId: handoff.complaintId, conversationId: ctx.activity.conversation.id,
              text: ctx.activity.text, at: clock().toISOString(), locale: await localeOf(ctx, services),
            });
            await acknowledgeDuringHandoff(ctx, services, handoff);
          }
        } else {
          await runMain(ctx);
        }
        await next();
      });
      this.onEvent(async (ctx, next) => {
        // The transport posts this when a listening customer has been quiet (it owns the timer).
        if (ctx.activity.name === LISTEN_TIMEOUT_EVENT) {
          const handoff = await services.handoffState.get(ctx);
          const stack = (await dialogState.get(ctx))?.dialogStack ?? [];
          if (!handoff?.active && activeLeafId(stack) === LISTEN_DIALOG) await runMain(ctx);
        }
        await next();
      });
    }

    override async run(ctx: TurnContext): Promise<void> {
      markLocale(ctx);
      try {
        await super.run(ctx);
      } catch (error) {
        // State is not saved, so the customer's next message retries from the last good turn.
        logger.error('bot turn failed; state not saved', { conversationId: ctx.activity.conversation?.id, error: (error as Error).stack ?? String(error) });
        const wording = await wordingOf(ctx, services);
        await ctx.sendActivity(wording.errors.generic);
        return;
      }
      await conversationState.saveChanges(ctx, false);
      await userState.saveChanges(ctx, false);
    }
  }

  return {
    handler: new HearkenActivityHandler(),
    guardMiddleware: new GuardedSendMiddleware(deps.guard, logger),
    conversation: createCustomerConversation({
      host: deps.host, storage: deps.storage, conversationState, dialogState, lastSeenState, dialogs, services,
      deferWhileBusyMs: data.flows.satisfaction.deferWhileBusyMinutes * 60_000,
      prepareTurn: markLocale,
    }),
  };
}

/**
 * While the customer waits for a person, every message is acknowledged
 * ("passed on; they will answer here"), so nobody writes into silence; once a
 * person has replied in the conversation they are talking to each other and
 * the bot stays quiet. Either way a phone, e-mail or name in the message is
 * added to the complaint so they can be reached if they leave.
 */
async function acknowledgeDuringHandoff(ctx: TurnContext, services: BotServices, handoff: HandoffMemory): Promise<void> {
  const { complaintId } = handoff;
  const wording = await wordingOf(ctx, services);
  const reading = understood(ctx, services, { asked: 'contact' });
  // An order number or when it happened, said while waiting, goes onto the complaint too (unconfirmed), as do wanted outcomes.
  const facts = [
    ...(reading.order ? [{ key: 'order_number', value: reading.order, confirmed: false }] : []),
    ...(reading.incident?.iso ? [{ key: 'when', value: reading.incident.words, confirmed: false }, { key: INCIDENT_DATE, value: reading.incident.iso, confirmed: false }] : []),
  ];
  // After "what would you like us to do?", a bare "Refund" (a tapped button) is an answer.
  const wanted = handoff.askedWant ? understood(ctx, services, { asked: 'outcome' }).outcomes.wanted : reading.outcomes.wanted;
  let added = false;
  if (reading.phone || reading.email || reading.name || facts.length > 0 || wanted.length > 0) {
    try {
      added = await services.desk.addCustomerDetails(complaintId, {
        ...(reading.name ? { name: reading.name } : {}), ...(reading.phone ? { phone: reading.phone } : {}), ...(reading.email ? { email: reading.email } : {}),
        ...(facts.length > 0 ? { facts } : {}), ...(wanted.length > 0 ? { desiredResolutions: [...wanted] } : {}),
      });
    } catch (error) {
      services.logger.error('adding contact details during a hand-over failed; the agents still have the message', { complaintId, error: (error as Error).message });
    }
  }
  if (handoff.askedWant && wanted.length > 0) await services.handoffState.set(ctx, { ...handoff, askedWant: false });
  if (handoff.personReplied) return;
  await ctx.sendActivity(added ? wording.handoff.notedAndWaiting : wording.handoff.stillWaiting);
}

export type * from './ports.js';
