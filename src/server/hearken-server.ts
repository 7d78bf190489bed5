import type { SlackChannel } from '../slack/channel.js';
import type { SlackConfig } from '../slack/config.js';
import { GroupCommitStorage } from '../store/group-commit-storage.js';
import { loadComplaintConfig, openStore, resolveDataDir, type Store } from '../store/index.js';
import type { ConversationCreationLimits } from '../web/creation-limit.js';
import { createServerBot, defaultListenPauseMs, type ServerBot } from './compose.js';
import { startWebChatServer, type RunningWebChatServer } from './web-chat-server.js';
import {
  createDeadlineWatcher, createOutboxDispatcher, createSurveyDelivery, createSurveyWatcher, loadSupervisorReport,
  type DeadlineWatcher, type OutboxDispatcher, type SurveyWatcher,
} from '../desk/index.js';

export interface HearkenServerConfig {
  port: number;
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing); default public. */
  databaseSchema?: string;
  /** Complaint configuration file (routing, calendar, deadlines); default src/complaints/defaults.yaml. */
  complaintsConfig?: string;
  secret: Buffer;
  /** Overrides the listen pause of dialogs/flows.yaml. */
  listenPauseMs?: number;
  publicUrl?: string;
  embedOrigins?: string;
  /** How often resolved complaints are checked for a satisfaction survey and deadlines for reminders. */
  watchIntervalMs?: number;
  /** How often the outbox is checked for messages to deliver; default 1 s. */
  outboxIntervalMs?: number;
  /** Wait before the nth retry of a failed outbox delivery; default 5 s doubling (src/desk/outbox-dispatcher.ts). */
  outboxBackoffMs?: (attempt: number) => number;
  /** Failed deliveries after which an outbox message is given up (and someone told); default 8. */
  outboxMaxAttempts?: number;
  /** Chat token lifetime in seconds; default 1800. */
  tokenTtlSeconds?: number;
  /** Limits on starting new chats; default DEFAULT_CREATION_LIMITS. */
  creationLimits?: ConversationCreationLimits;
  /** The lexicon folder (HEARKEN_LEXICONS): guard/ (watched), triage/, polite-corpus/; default the shipped lexicons/. */
  lexiconsDir?: string;
  /** The Slack app (slackConfigFrom in src/slack/config.ts); without it Slack is off. */
  slack?: SlackConfig;
  log?: (message: string) => void;
}

export interface RunningHearken {
  url: string;
  store: Store;
  web: RunningWebChatServer<ServerBot>;
  bot: ServerBot;
  /** The Slack channel, its route on the same HTTP server; undefined when Slack is off. */
  slack: SlackChannel | undefined;
  surveys: SurveyWatcher;
  deadlines: DeadlineWatcher;
  /** Delivers the outbox (surveys and agents' replies to the web chat; hand-overs and reminders to Slack's escalation channel, or the log). */
  outbox: OutboxDispatcher;
  /** Stops accepting requests, lets running turns finish, stops the watchers and closes the store. */
  close(): Promise<void>;
}

/** Everything `npm start` runs, in one process, listening on 127.0.0.1 only. */
export async function startHearkenServer(config: HearkenServerConfig): Promise<RunningHearken> {
  const log = config.log ?? ((message: string) => console.error(message));
  // Bolt takes a noticeable time to load: only a server with Slack configured pays it.
  const slackModule = config.slack ? await import('../slack/channel.js') : undefined;
  // Read once: the store uses it, and "today" on the supervisors' App Home is the calendar's day.
  const complaintConfig = await loadComplaintConfig(config.complaintsConfig);
  const store = await openStore({
    config: complaintConfig,
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: resolveDataDir(config.dataDir), databaseUrl: '' }),
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    log,
  });
  let bot: ServerBot | undefined;
  let slack: SlackChannel | undefined;
  let web: RunningWebChatServer<ServerBot>;
  // Dialog state and chat transcripts of concurrent turns share one transaction per tick.
  const storage = new GroupCommitStorage(store.botStorage);
  // The outbox dispatcher starts after the server; until then a wake-up has nothing to wake.
  let wakeOutbox = () => {};
  try {
    web = await startWebChatServer({
      // The bot is built with the conversation hub in hand, before the server takes requests.
      bot: (chat) => (bot = createServerBot(chat, store, { log, storage, wakeOutbox: () => wakeOutbox(), timeZone: complaintConfig.calendar.timeZone, ...(config.lexiconsDir ? { lexicons: config.lexiconsDir } : {}) })),
      // Slack's routes go in the same route table; its draft checks use the bot's desk services.
      channels: (built) => {
        if (!config.slack || !slackModule) return [];
        const { escalationChannel, supervisors, ...connection } = config.slack;
        const channel = slackModule.createSlackChannel({
          ...connection, draftCheck: built.draftCheck, log,
          ...(escalationChannel ? {
            escalation: {
              desk: built.escalations, channel: escalationChannel, supervisors: supervisors ?? [], deliverAgentReply: built.deliverAgentReply,
              report: () => loadSupervisorReport(store, { now: new Date(), timeZone: complaintConfig.calendar.timeZone }),
            },
          } : {}),
        });
        slack = channel;
        return [{ routes: channel.routes, close: () => channel.stop() }];
      },
      storage,
      secret: config.secret,
      host: '127.0.0.1',
      port: config.port,
      listenPauseMs: config.listenPauseMs ?? defaultListenPauseMs(),
      log,
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      ...(config.embedOrigins ? { embedOrigins: config.embedOrigins } : {}),
      ...(config.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: config.tokenTtlSeconds } : {}),
      ...(config.creationLimits ? {
        conversationsPerAddress: config.creationLimits.perAddress,
        maxLiveConversations: config.creationLimits.maxLiveConversations,
        trustProxy: config.creationLimits.trustProxy,
      } : {}),
    });
  } catch (error) {
    bot?.dispose();
    await store.close();
    throw error;
  }
  const { hearken } = web.bot;
  const workerId = `web-${process.pid}`;
  const surveys = createSurveyWatcher(store, {
    log,
    workerId,
    ...(config.watchIntervalMs ? { intervalMs: config.watchIntervalMs } : {}),
  });
  const deadlines = createDeadlineWatcher(store, {
    workerId,
    onError: (error, reminder) => log(`deadline watcher: ${reminder ? `reminder ${reminder.level} for ${reminder.complaintId}: ` : ''}${(error as Error).message ?? error}`),
    ...(config.watchIntervalMs ? { intervalMs: config.watchIntervalMs } : {}),
  });
  const outbox = createOutboxDispatcher(store.outbox, {
    workerId, log,
    ...(config.outboxIntervalMs ? { intervalMs: config.outboxIntervalMs } : {}),
    ...(config.outboxBackoffMs ? { backoffMs: config.outboxBackoffMs } : {}),
    ...(config.outboxMaxAttempts ? { maxAttempts: config.outboxMaxAttempts } : {}),
  });
  wakeOutbox = () => outbox.wake();
  outbox.subscribe('survey_due', createSurveyDelivery(store, hearken.conversation, { log }));
  // Hand-overs, customers' messages during them, agents' replies and reminders go to Slack's
  // escalation channel when it is set; otherwise to the log.
  if (!slack?.subscribeTo(outbox)) {
    outbox.subscribe('reminder_due', async (r) => log(`reminder ${r.level}: ${r.complaintId} ${r.deadline} deadline ${r.dueAt} (owner ${r.owner})`));
    outbox.subscribe('handoff_requested', async (h) => log(`hand-over requested (${h.reason}): ${h.complaintId} in conversation ${h.conversationId}`));
    outbox.subscribe('customer_message_during_handoff', async (m) => log(`the customer wrote during the hand-over of ${m.complaintId} (conversation ${m.conversationId})`));
  }
  surveys.start();
  deadlines.start();
  outbox.start();
  // Returns at once: signing in to Slack (and Socket Mode) is retried in the background.
  await slack?.start();
  const runningWeb = web;
  const runningBot = web.bot;
  return {
    url: web.url,
    store,
    web,
    bot: runningBot,
    slack,
    surveys,
    deadlines,
    outbox,
    async close() {
      await surveys.stop();
      await deadlines.stop();
      await outbox.stop();
      await runningWeb.close();
      runningBot.dispose();
      await store.close();
    },
  };
}
