/**
 * Puts Hearken together for `npm start`: store, guard, triage, the complaint
 * bot, the web chat with its Direct Line, and the watchers. Holds no business
 * rule; every decision lives in the modules it wires.
 */
import type { ConversationReference, Storage, TurnContext } from 'botbuilder';
import { createHearkenBot, loadDialogData, type HearkenBot } from '../bot/index.js';
import type { ProactiveHost, TranscriptSink } from '../bot/ports.js';
import { createStoreDesk } from '../bot/store-desk.js';
import { loadGuardFromDir } from '../lexicon-files/index.js';
import type { Store } from '../store/index.js';
import { loadTriage } from '../triage/load.js';
import type { ConversationHub } from '../web/conversation-hub.js';

/**
 * The bot needs a proactive host before the web server (which owns the host)
 * exists; this forwards to the hub once it is attached.
 */
export class DeferredProactiveHost implements ProactiveHost {
  private hub: ConversationHub | undefined;

  attach(hub: ConversationHub): void {
    this.hub = hub;
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!this.hub) throw new Error('proactive message before the web server started; start it first');
    await this.hub.continueConversation(reference, logic);
  }
}

export interface ServerBot {
  bot: HearkenBot['handler'];
  hearken: HearkenBot;
  host: DeferredProactiveHost;
  /** The listen pause from dialogs/flows.yaml; the web hub runs that timer (typing postpones it). */
  listenPauseMs: number;
  dispose(): void;
}

/** Builds the complaint bot over an open store with the shipped guard lexicons and triage model. */
export interface ServerBotOptions {
  log?: (message: string) => void;
  /** Folder with the triage model.json; default lexicons/triage. */
  triageDir?: string;
  /** Storage for dialog state; default the store's botStorage (pass a GroupCommitStorage around it to batch writes). */
  storage?: Storage;
}

export async function createServerBot(store: Store, options: ServerBotOptions = {}): Promise<ServerBot> {
  const log = options.log ?? ((message: string) => console.error(message));
  const guard = loadGuardFromDir();
  const triage = loadTriage(options.triageDir);
  const host = new DeferredProactiveHost();
  const transcript: TranscriptSink = {
    async append(entry) {
      await store.transcripts.append({
        conversationId: entry.conversationId,
        role: entry.role,
        text: entry.text,
        channel: 'web_chat',
        at: new Date(entry.at),
        ...(entry.locale ? { locale: entry.locale } : {}),
        ...(entry.duringHandoff ? { meta: { duringHandoff: true } } : {}),
      });
    },
  };
  const hearken = createHearkenBot({
    storage: options.storage ?? store.botStorage,
    desk: createStoreDesk(store),
    triage,
    guard: (text) => guard.lint(text),
    host,
    transcript,
    // The web hub owns the listen-pause timer: one per conversation, postponed while the customer types.
    listenPauseMs: 0,
    logger: {
      warn: (message, detail) => log(`[bot] ${message} ${detail ? JSON.stringify(detail) : ''}`),
      error: (message, detail) => log(`[bot] ERROR ${message} ${detail ? JSON.stringify(detail) : ''}`),
    },
  });
  return {
    bot: hearken.handler,
    hearken,
    host,
    listenPauseMs: loadDialogData().flows.listen.pauseMs,
    dispose: () => hearken.dispose(),
  };
}
