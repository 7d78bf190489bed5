import { GroupCommitStorage } from '../store/group-commit-storage.js';
import { openStore, resolveDataDir, type Store } from '../store/index.js';
import type { ConversationCreationLimits } from '../web/creation-limit.js';
import { createServerBot, defaultListenPauseMs, type ServerBot } from './compose.js';
import { startWebChatServer, type RunningWebChatServer } from './web-chat-server.js';
import { createSurveyWatcher, type SurveyWatcher } from './survey-watcher.js';
import { createDeadlineWatcher, type DeadlineWatcher } from '../store/index.js';

export interface HearkenServerConfig {
  port: number;
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema (created if missing); default $HEARKEN_DB_SCHEMA or public. */
  databaseSchema?: string;
  secret: Buffer;
  /** Overrides the listen pause of dialogs/flows.yaml. */
  listenPauseMs?: number;
  publicUrl?: string;
  embedOrigins?: string;
  /** How often resolved complaints are checked for a satisfaction survey and deadlines for reminders. */
  watchIntervalMs?: number;
  /** Chat token lifetime in seconds; default 1800. */
  tokenTtlSeconds?: number;
  /** Limits on starting new chats; default DEFAULT_CREATION_LIMITS. */
  creationLimits?: ConversationCreationLimits;
  /** Folder with the triage model.json; default lexicons/triage. */
  triageDir?: string;
  log?: (message: string) => void;
}

export interface RunningHearken {
  url: string;
  store: Store;
  web: RunningWebChatServer<ServerBot>;
  bot: ServerBot;
  surveys: SurveyWatcher;
  deadlines: DeadlineWatcher;
  /** Stops accepting requests, lets running turns finish, stops the watchers and closes the store. */
  close(): Promise<void>;
}

/** Everything `npm start` runs, in one process, listening on 127.0.0.1 only. */
export async function startHearkenServer(config: HearkenServerConfig): Promise<RunningHearken> {
  const log = config.log ?? ((message: string) => console.error(message));
  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: resolveDataDir(config.dataDir), databaseUrl: '' }),
    ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
    log,
  });
  let bot: ServerBot | undefined;
  let web: RunningWebChatServer<ServerBot>;
  // Dialog state and chat transcripts of concurrent turns share one transaction per tick.
  const storage = new GroupCommitStorage(store.botStorage);
  try {
    web = await startWebChatServer({
      // The bot is built with the conversation hub in hand, before the server takes requests.
      bot: (chat) => (bot = createServerBot(chat, store, { log, storage, ...(config.triageDir ? { triageDir: config.triageDir } : {}) })),
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
  const hearken = web.bot.hearken;
  const surveys = createSurveyWatcher(store, {
    askSatisfaction: (complaintId) => hearken.askSatisfaction(complaintId),
    log,
    ...(config.watchIntervalMs ? { intervalMs: config.watchIntervalMs } : {}),
  });
  const deadlines = createDeadlineWatcher(store, {
    // Reminders go to the log until the Slack integration takes them.
    emit: async (reminder) => log(`reminder ${reminder.level}: ${reminder.complaintId} ${reminder.deadline} deadline ${reminder.dueAt} (owner ${reminder.owner})`),
    workerId: `web-${process.pid}`,
    ...(config.watchIntervalMs ? { intervalMs: config.watchIntervalMs } : {}),
  });
  surveys.start();
  deadlines.start();
  const runningWeb = web;
  const runningBot = web.bot;
  return {
    url: web.url,
    store,
    web,
    bot: runningBot,
    surveys,
    deadlines,
    async close() {
      await surveys.stop();
      await deadlines.stop();
      await runningWeb.close();
      runningBot.dispose();
      await runningBot.flushTranscripts();
      await store.close();
    },
  };
}
