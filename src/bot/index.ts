/**
 * createHearkenBot: the complaint bot as an ActivityHandler plus the
 * proactive operations the rest of Hearken needs (satisfaction survey, agent
 * relay, releasing a handed-over conversation). See docs/bot.md.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ActivityHandler, ConversationState, TurnContext, UserState,
  type ConversationReference, type Middleware, type Storage,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { activeLeafId } from './dialogs/cancel-and-help.js';
import { LISTEN_DIALOG, LISTEN_TIMEOUT_EVENT } from './dialogs/listen.js';
import { MAIN_DIALOG, MainDialog, type MainOptions } from './dialogs/main.js';
import { factsFor, loadFlows, type Flows } from './flows.js';
import { guardOutgoing, GuardedSendMiddleware } from './guard-middleware.js';
import type {
  BotLogger, Clock, ComplaintDesk, GuardPort, ProactiveHost, TranscriptSink, TriagePort,
} from './ports.js';
import { localeOf, type BotServices, type HandoffMemory, type LocaleMemory } from './services.js';
import { type StatusGuessCounter, storageGuessCounter } from './status-guesses.js';
import { loadWording, type WordingBook } from './wording.js';
import { CATEGORY_LABELS } from '../contracts/triage.js';

export interface HearkenBotDeps {
  /** botbuilder Storage (Hearken's store-backed one). Dialog state, locale, handoff and conversation references live here. */
  storage: Storage;
  desk: ComplaintDesk;
  triage: TriagePort;
  guard: GuardPort;
  host: ProactiveHost;
  transcript?: TranscriptSink;
  clock?: Clock;
  logger?: BotLogger;
  /** IANA zone for dates told to customers. */
  timeZone?: string;
  /** Silence that ends listening; defaults to flows.yaml listen.pauseMs; 0 disables the timer. */
  listenPauseMs?: number;
  dialogsDir?: string;
}

export interface HearkenBot {
  handler: ActivityHandler;
  guardMiddleware: Middleware;
  /**
   * Starts the 1–5 survey in the conversation that lodged the complaint. False when no
   * conversation is known for it, or when the customer is busy in another flow right
   * now (flows.yaml satisfaction.deferWhileBusyMinutes): ask again later.
   */
  askSatisfaction(complaint: string | { id: string }): Promise<boolean>;
  /** 'blocked' when the phrasing guard blocks the agent's text (nothing is sent; tell the agent). */
  relayAgentMessage(conversationId: string, text: string): Promise<RelayOutcome>;
  releaseToBot(conversationId: string): Promise<void>;
  dispose(): void;
}

export type RelayOutcome = 'sent' | 'blocked' | 'unknown_conversation';

export interface DialogData { flows: Flows; wording: WordingBook; dialogsDir: string }

/** The repository's dialogs/ folder, found from this module whether it runs from src/ or dist/. */
export function defaultDialogsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'dialogs', 'flows.yaml'))) return join(dir, 'dialogs');
    dir = resolve(dir, '..');
  }
  throw new Error('cannot find dialogs/flows.yaml above src/bot; pass dialogsDir to createHearkenBot');
}

/** Reads and validates dialogs/flows.yaml and dialogs/wording/*.yaml; throws DialogDataError (file:line:col) on bad data. */
export function loadDialogData(dialogsDir = defaultDialogsDir()): DialogData {
  const flows = loadFlows(dialogsDir).data;
  const needed = [...new Set(CATEGORY_LABELS.flatMap((c) => factsFor(flows, c)))];
  const { book } = loadWording(dialogsDir, needed);
  return { flows, wording: book, dialogsDir };
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
    desk: deps.desk,
    triage: deps.triage,
    clock: deps.clock ?? (() => new Date()),
    timeZone: deps.timeZone ?? 'Asia/Shanghai',
    logger: deps.logger ?? consoleLogger,
    localeState: deps.conversationState.createProperty<LocaleMemory>('hearkenLocale'),
    handoffState: deps.conversationState.createProperty<HandoffMemory | undefined>('hearkenHandoff'),
    statusFailures: deps.conversationState.createProperty<number>('hearkenStatusFailures'),
    statusGuesses: deps.statusGuesses,
  };
}

export const consoleLogger: BotLogger = {
  warn: (message, detail) => console.warn(`[bot] ${message}`, detail ?? ''),
  error: (message, detail) => console.error(`[bot] ${message}`, detail ?? ''),
};

interface ConversationRecord { reference: Partial<ConversationReference>; eTag?: string }
interface ComplaintLink { conversationId: string; eTag?: string }
const conversationKey = (id: string) => `hearken-bot/conversation/${id}`;
const complaintKey = (id: string) => `hearken-bot/complaint/${id}`;

export function createHearkenBot(deps: HearkenBotDeps): HearkenBot {
  const data = loadDialogData(deps.dialogsDir);
  const logger = deps.logger ?? consoleLogger;
  const conversationState = new ConversationState(deps.storage);
  const userState = new UserState(deps.storage);
  const dialogState = conversationState.createProperty<DialogState>('DialogState');
  const lastSeenState = conversationState.createProperty<string | undefined>('hearkenLastSeen');
  const storage = deps.storage;

  // Remember which conversation lodged which complaint, so a survey or an agent
  // reply months later (and after a restart) finds its way back.
  const linkComplaint = async (complaintId: string, conversationId: string) => {
    try {
      await storage.write({ [complaintKey(complaintId)]: { conversationId, eTag: '*' } satisfies ComplaintLink });
    } catch (error) {
      // The complaint is recorded; failing now would make the customer lodge it twice.
      logger.error('complaint recorded but its conversation link was not; the satisfaction survey cannot reach this chat', {
        complaintId, conversationId, error: (error as Error).message,
      });
    }
  };
  const desk: ComplaintDesk = {
    ...deps.desk,
    lodge: async (request) => {
      const lodged = await deps.desk.lodge(request);
      await linkComplaint(lodged.id, request.conversationId);
      return lodged;
    },
    requestHandoff: async (request) => {
      const ticket = await deps.desk.requestHandoff(request);
      await linkComplaint(ticket.complaintId, request.conversationId);
      return ticket;
    },
    status: (id, contact) => deps.desk.status(id, contact),
    recordSatisfaction: (id, score, comment) => deps.desk.recordSatisfaction(id, score, comment),
    appeal: (id, reason) => deps.desk.appeal(id, reason),
  };
  const guessClock = deps.clock ?? (() => new Date());
  const services = createBotServices({
    conversationState, data, desk, triage: deps.triage,
    statusGuesses: storageGuessCounter(storage, data.flows.status.complaintLockHours * 3600_000, guessClock),
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
    logger,
  });
  const clock = services.clock;
  const dialogs = new DialogSet(dialogState);
  dialogs.add(new MainDialog(services));
  const pauseMs = deps.listenPauseMs ?? data.flows.listen.pauseMs;
  const timers = new Map<string, NodeJS.Timeout>();

  const transcribe = async (entry: Parameters<TranscriptSink['append']>[0]) => {
    if (!deps.transcript) return;
    try {
      await deps.transcript.append(entry);
    } catch (error) {
      logger.error('transcript append failed', { conversationId: entry.conversationId, error: (error as Error).message });
    }
  };

  /** Guard and transcript on every send of this turn, proactive turns included. */
  const prepareTurn = (ctx: TurnContext) => {
    guardOutgoing(ctx, deps.guard, logger);
    ctx.onSendActivities(async (context, activities, next) => {
      // Only what was really sent (after the guard, after the adapter accepted it) is transcribed.
      const responses = await next();
      const locale = await localeOf(context, services);
      for (const activity of activities) {
        const relayed = (activity.channelData as { hearkenRelayed?: boolean } | undefined)?.hearkenRelayed;
        if (activity.type === 'message' && activity.text && !relayed) {
          await transcribe({ conversationId: context.activity.conversation.id, role: 'bot', text: activity.text, at: clock().toISOString(), locale });
        }
      }
      return responses;
    });
  };

  const runMain = async (ctx: TurnContext, options?: MainOptions) => {
    const dc = await dialogs.createContext(ctx);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG, options);
  };

  // One write per conversation and process: the reference does not change between turns.
  const remembered = new Set<string>();
  const rememberConversation = async (ctx: TurnContext) => {
    if (remembered.has(ctx.activity.conversation.id)) return;
    const reference = TurnContext.getConversationReference(ctx.activity);
    await storage.write({ [conversationKey(ctx.activity.conversation.id)]: { reference, eTag: '*' } satisfies ConversationRecord });
    remembered.add(ctx.activity.conversation.id);
  };

  const scheduleListenPause = async (ctx: TurnContext) => {
    const conversationId = ctx.activity.conversation.id;
    clearTimeout(timers.get(conversationId));
    timers.delete(conversationId);
    if (pauseMs <= 0) return;
    const stack = (await dialogState.get(ctx))?.dialogStack ?? [];
    if (activeLeafId(stack) !== LISTEN_DIALOG) return;
    const reference = TurnContext.getConversationReference(ctx.activity);
    const timer = setTimeout(() => {
      timers.delete(conversationId);
      deps.host.continueConversation(reference, async (proactive) => {
        // The pause arrives as the same event a host could post itself.
        proactive.activity.type = 'event';
        proactive.activity.name = LISTEN_TIMEOUT_EVENT;
        await handler.run(proactive);
      }).catch((error: Error) => logger.error('listen pause turn failed', { conversationId, error: error.message }));
    }, pauseMs);
    timer.unref();
    timers.set(conversationId, timer);
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
        const conversationId = ctx.activity.conversation.id;
        const handoff = await services.handoffState.get(ctx);
        const locale = await localeOf(ctx, services);
        await rememberConversation(ctx);
        await lastSeenState.set(ctx, clock().toISOString());
        if (ctx.activity.text) {
          await transcribe({
            conversationId, role: 'customer', text: ctx.activity.text, at: clock().toISOString(), locale,
            ...(handoff?.active ? { duringHandoff: true } : {}),
          });
        }
        // A person has the conversation: the bot says nothing (the transcript carries it to them).
        if (!handoff?.active) {
          await runMain(ctx);
          await scheduleListenPause(ctx);
        }
        await next();
      });
      this.onEvent(async (ctx, next) => {
        if (ctx.activity.name === LISTEN_TIMEOUT_EVENT) {
          const handoff = await services.handoffState.get(ctx);
          const stack = (await dialogState.get(ctx))?.dialogStack ?? [];
          if (!handoff?.active && activeLeafId(stack) === LISTEN_DIALOG) await runMain(ctx);
        }
        await next();
      });
    }

    override async run(ctx: TurnContext): Promise<void> {
      prepareTurn(ctx);
      try {
        await super.run(ctx);
      } catch (error) {
        // State is not saved, so the customer's next message retries from the last good turn.
        logger.error('bot turn failed; state not saved', { conversationId: ctx.activity.conversation?.id, error: (error as Error).stack ?? String(error) });
        const wording = services.wording[await localeOf(ctx, services)];
        await ctx.sendActivity(wording.errors.generic);
        return;
      }
      await conversationState.saveChanges(ctx, false);
      await userState.saveChanges(ctx, false);
    }
  }
  const handler = new HearkenActivityHandler();

  const referenceFor = async (conversationId: string): Promise<Partial<ConversationReference> | null> => {
    const items = await storage.read([conversationKey(conversationId)]);
    return (items[conversationKey(conversationId)] as ConversationRecord | undefined)?.reference ?? null;
  };

  const proactive = async (conversationId: string, logic: (ctx: TurnContext) => Promise<void>): Promise<boolean> => {
    const reference = await referenceFor(conversationId);
    if (!reference) return false;
    await deps.host.continueConversation(reference, async (ctx) => {
      prepareTurn(ctx);
      await logic(ctx);
      await conversationState.saveChanges(ctx, false);
    });
    return true;
  };

  return {
    handler,
    guardMiddleware: new GuardedSendMiddleware(deps.guard, logger),
    async askSatisfaction(complaint) {
      const complaintId = typeof complaint === 'string' ? complaint : complaint.id;
      const items = await storage.read([complaintKey(complaintId)]);
      const link = items[complaintKey(complaintId)] as ComplaintLink | undefined;
      if (!link) return false;
      let asked = false;
      const known = await proactive(link.conversationId, async (ctx) => {
        const busy = ((await dialogState.get(ctx))?.dialogStack ?? []).length > 0;
        const lastSeen = await lastSeenState.get(ctx);
        const deferMs = data.flows.satisfaction.deferWhileBusyMinutes * 60_000;
        if (busy && lastSeen && clock().getTime() - Date.parse(lastSeen) < deferMs) return;
        // Resolved means any human handling is over; an abandoned flow gives way to the survey.
        await services.handoffState.delete(ctx);
        const dc = await dialogs.createContext(ctx);
        await dc.cancelAllDialogs();
        await dc.beginDialog(MAIN_DIALOG, { route: 'satisfaction', complaintId } satisfies MainOptions);
        asked = true;
      });
      return known && asked;
    },
    async relayAgentMessage(conversationId, text) {
      const verdict = deps.guard(text);
      if (verdict.verdict === 'block') {
        logger.warn('agent message not relayed: blocked by the phrasing guard', {
          conversationId, text, findings: verdict.findings.map((f) => ({ ruleId: f.ruleId, actual: f.actual, suggestions: f.suggestions })),
        });
        return 'blocked';
      }
      const sent = await proactive(conversationId, async (ctx) => {
        const locale = await localeOf(ctx, services);
        await ctx.sendActivity({ type: 'message', text, channelData: { hearkenRelayed: true } });
        await transcribe({ conversationId, role: 'agent', text, at: clock().toISOString(), locale });
      });
      return sent ? 'sent' : 'unknown_conversation';
    },
    async releaseToBot(conversationId) {
      await proactive(conversationId, async (ctx) => {
        await services.handoffState.delete(ctx);
      });
    },
    dispose() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

export { LISTEN_TIMEOUT_EVENT } from './dialogs/listen.js';
export type * from './ports.js';
