/**
 * The Slack channel: a Bolt App with Hearken's listeners, handed to the server as routes (HTTP)
 * or connected by itself (Socket Mode). The server owns HTTP: over HTTP this module opens no
 * socket, it only answers the requests the server routes to it.
 *
 * Start-up never depends on reaching Slack: `start()` returns at once; auth.test (who the bot
 * is) and the Socket Mode connection are retried in the background with backoff and logged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, SocketModeReceiver, webApi, type Middleware, type AnyMiddlewareArgs, type Receiver } from '@slack/bolt';
import type { AgentReplyEvent } from '../contracts/outbox.js';
import type { AgentReplyDeliveryOutcome, DraftCheckService, EscalationDesk, OutboxDispatcher, SupervisorReport } from '../desk/index.js';
import type { OutboxMessage } from '../store/types.js';
import { homeView } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
import { BackgroundRetry, BotIdentityLookup, DEFAULT_BACKOFF, type Backoff, type BotIdentity } from './bot-identity.js';
import { DEFAULT_SLACK_API_URL } from './config.js';
import { registerDraftCheckListeners } from './draft-check-listeners.js';
import { subscribeEscalationDeliveries } from './escalation-deliveries.js';
import { registerEscalationListeners, type EscalationListeners } from './escalation-listeners.js';
import { SlackRouteReceiver } from './route-receiver.js';
import { SeenOnce } from './seen-once.js';

export interface SlackRoute {
  method: 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** A human's message in a channel the bot is in (bots, the app itself and message subtypes never arrive here). */
export interface AgentMessage {
  team?: string;
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs?: string;
}

/** Handed-over complaints in Slack (SLACK_ESCALATION_CHANNEL): the escalation thread, claims, reminders, the App Home. */
export interface SlackEscalationOptions {
  desk: EscalationDesk;
  /** The channel escalation posts go to (an id, or a name Slack resolves). */
  channel: string;
  /** Slack user ids of supervisors: they approve resolutions and see today's figures on the App Home. */
  supervisors: readonly string[];
  /** Today's figures for supervisors. */
  report: () => Promise<SupervisorReport>;
  /** Shows a queued agent's reply in the customer's conversation (the desk's createAgentReplyDelivery). */
  deliverAgentReply: (reply: AgentReplyEvent['payload'], message: OutboxMessage) => Promise<AgentReplyDeliveryOutcome>;
}

export interface SlackChannelOptions {
  signingSecret: string;
  botToken: string;
  /** xapp- token: Socket Mode, and no HTTP route. */
  appToken?: string;
  /** Base of Slack's Web API; default https://slack.com/api/. */
  apiUrl?: string;
  draftCheck: DraftCheckService;
  log: (message: string) => void;
  /** Clock in milliseconds for request timestamps and replay memory; tests move it. */
  now?: () => number;
  /** Where people's channel messages go besides the escalation thread (tests, diagnostics); default: ignored. */
  onAgentMessage?: (message: AgentMessage) => Promise<void>;
  /** Handed-over complaints: without it Slack only checks drafts (part 1). */
  escalation?: SlackEscalationOptions;
  /** Largest request body, checked before the signature. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Retries of one Web API call (views.open must happen within 3 s of a click, so few). Default 2. */
  webApiRetries?: number;
  /** Backoff for auth.test and the Socket Mode connection. */
  retryBackoff?: Backoff;
}

export interface SlackChannel {
  mode: 'http' | 'socket';
  /** Routes for the server's route table: POST /slack/events over HTTP, none in Socket Mode. */
  routes: SlackRoute[];
  start(): Promise<void>;
  /** Stops retries and the Socket Mode connection, and waits for checks still being answered. */
  stop(): Promise<void>;
  /** The bot's ids once auth.test has answered; empty before. */
  identity(): BotIdentity;
  /** Resolves when auth.test has answered (diagnostics and tests). */
  whenSignedIn(): Promise<BotIdentity>;
  /**
   * Subscribes Slack to the outbox topics it delivers (hand-overs, customers' messages, agents'
   * replies, reminders). Only with `escalation`; returns false without it.
   */
  subscribeTo(outbox: Pick<OutboxDispatcher, 'subscribe'>): boolean;
}

export const SLACK_EVENTS_PATH = '/slack/events';
/** Slack retries an event delivery for a few minutes; an event id is remembered for an hour. */
const EVENT_ID_MEMORY_MS = 60 * 60_000;

export function createSlackChannel(options: SlackChannelOptions): SlackChannel {
  const log = options.log;
  const now = options.now ?? Date.now;
  const logger = boltLogger(log);
  const clientOptions = {
    slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
    retryConfig: { retries: options.webApiRetries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 1000 },
    timeout: 10_000,
  };
  const routeReceiver = options.appToken ? undefined : new SlackRouteReceiver({
    signingSecret: options.signingSecret, log, now, ...(options.maxBodyBytes !== undefined ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const socketReceiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } })
    : undefined;
  const receiver: Receiver = (routeReceiver ?? socketReceiver)!;

  let lookup: BotIdentityLookup;
  const app = new App({
    receiver,
    logger,
    clientOptions,
    convoStore: false,
    // The bot's ids come from our own background auth.test, never from a call made while a request waits.
    authorize: async () => { const { url: _url, ...ids } = lookup.current; return { botToken: options.botToken, ...ids }; },
  });
  lookup = new BotIdentityLookup(() => app.client.auth.test({ token: options.botToken }), log, options.retryBackoff ?? DEFAULT_BACKOFF);

  app.error(async (error) => { log(`slack: a listener failed: ${error.message}`); });
  app.use(dropRepeatedEvents(now));
  app.use(dropBotMessages(() => lookup.current));
  const escalation = options.escalation;
  const escalations: EscalationListeners | undefined = escalation ? registerEscalationListeners(app, {
    desk: escalation.desk, draftCheck: options.draftCheck, channel: escalation.channel, supervisors: escalation.supervisors,
    report: escalation.report, workspaceUrl: () => lookup.current.url, log,
  }) : undefined;
  registerDraftCheckListeners(app, { desk: options.draftCheck, log, ...(escalations ? { resolveCommand: escalations.resolveCommand } : {}) });
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    if (escalations) await escalations.publishHome(client, event.user);
    else await client.views.publish({ user_id: event.user, view: homeView() });
  });
  app.event('message', async ({ event, body }) => {
    const m = event as { channel: string; user?: string; text?: string; ts: string; thread_ts?: string };
    if (!options.onAgentMessage || !m.user) return;
    await options.onAgentMessage({
      channel: m.channel, user: m.user, text: m.text ?? '', ts: m.ts,
      ...(m.thread_ts ? { threadTs: m.thread_ts } : {}),
      ...(typeof body.team_id === 'string' ? { team: body.team_id } : {}),
    });
  });

  const connect = socketReceiver
    ? new BackgroundRetry(async () => { await socketReceiver.start(); log('slack: connected in Socket Mode'); },
      (error, retryInMs) => log(`slack: Socket Mode connection failed (${error.message}); retrying in ${Math.round(retryInMs / 1000)} s`),
      options.retryBackoff ?? DEFAULT_BACKOFF)
    : undefined;

  return {
    mode: socketReceiver ? 'socket' : 'http',
    routes: routeReceiver ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handle: routeReceiver.handle }] : [],
    async start() {
      lookup.start();
      connect?.start();
    },
    async stop() {
      lookup.stop();
      connect?.stop();
      if (socketReceiver) await socketReceiver.stop().catch((error: Error) => log(`slack: closing Socket Mode failed: ${error.message}`));
      await routeReceiver?.stop();
    },
    identity: () => lookup.current,
    whenSignedIn: () => lookup.whenKnown(),
    subscribeTo(outbox) {
      if (!escalation) return false;
      // Outbox deliveries retry on the outbox's schedule (and after Slack's Retry-After), so this
      // client neither retries nor waits out a rate limit itself.
      const client = new webApi.WebClient(options.botToken, {
        slackApiUrl: clientOptions.slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: clientOptions.timeout, logger,
      });
      subscribeEscalationDeliveries(outbox, {
        client, desk: escalation.desk, channel: escalation.channel, deliverAgentReply: escalation.deliverAgentReply,
        workspaceUrl: () => lookup.current.url, log,
      });
      return true;
    },
  };
}

/** Slack delivers an event again when it saw no timely 200; the repeat is acknowledged (Bolt acks events first) and dropped. */
function dropRepeatedEvents(now: () => number): Middleware<AnyMiddlewareArgs> {
  const seen = new SeenOnce(EVENT_ID_MEMORY_MS);
  return async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !seen.firstSighting(eventId, now())) return;
    await next();
  };
}

/** Messages from bots (this app included), and edits, joins and other subtypes, are not people talking. */
function dropBotMessages(identity: () => BotIdentity): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const event = (args as { event?: { type?: string; subtype?: string; bot_id?: string; user?: string } }).event;
    if (event?.type === 'message') {
      if (event.subtype !== undefined || event.bot_id !== undefined) return;
      const self = identity().botUserId;
      if (self !== undefined && event.user === self) return;
    }
    await args.next();
  };
}
