/**
 * Puts Hearken together for `npm start`: store, guard, triage, the complaint
 * bot, the web chat with its Direct Line, and the watchers. Holds no business
 * rule; every decision lives in the modules it wires.
 */
import type { ConversationReference, Storage, TurnContext } from 'botbuilder';
import { createHearkenBot, loadDialogData, type HearkenBot } from '../bot/index.js';
import type { ProactiveHost } from '../bot/ports.js';
import { createStoreDesk } from '../bot/store-desk.js';
import { defaultGuardLexiconDir, watchLexicons } from '../lexicon-files/index.js';
import type { Store } from '../store/index.js';
import { loadTriage } from '../triage/load.js';
import type { ConversationHub, TurnHandler } from '../web/conversation-hub.js';
import { BatchedTranscriptSink } from './batched-transcript-sink.js';

/**
 * The bot needs a proactive host before the web server (which owns the host)
 * exists; this forwards to the hub once it is attached.
 */
export class DeferredProactiveHost implements ProactiveHost {
  private hub: ConversationHub | undefined;

  /** `afterTurn` runs at the end of every proactive turn, before the hub reports it done. */
  constructor(private readonly afterTurn: () => Promise<void> = async () => {}) {}

  attach(hub: ConversationHub): void {
    this.hub = hub;
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    if (!this.hub) throw new Error('proactive message before the web server started; start it first');
    await this.hub.continueConversation(reference, async (context) => {
      try {
        await logic(context);
      } finally {
        await this.afterTurn();
      }
    });
  }
}

export interface ServerBot {
  /** The bot's handler for the hub: each turn ends with its transcript rows committed. */
  bot: TurnHandler;
  hearken: HearkenBot;
  host: DeferredProactiveHost;
  /** The listen pause from dialogs/flows.yaml; the web hub runs that timer (typing postpones it). */
  listenPauseMs: number;
  /** Commits transcript rows still queued (call before closing the store). */
  flushTranscripts(): Promise<void>;
  dispose(): void;
}

/** Builds the complaint bot over an open store with the shipped guard lexicons and triage model. */
export interface ServerBotOptions {
  log?: (message: string) => void;
  /** Folder with the triage model.json; default lexicons/triage. */
  triageDir?: string;
  /** Folder of the guard lexicons, watched for edits; default lexicons/guard. */
  guardDir?: string;
  /** Storage for dialog state; default the store's botStorage (pass a GroupCommitStorage around it to batch writes). */
  storage?: Storage;
}

export async function createServerBot(store: Store, options: ServerBotOptions = {}): Promise<ServerBot> {
  const log = options.log ?? ((message: string) => console.error(message));
  // Supervisors' lexicon edits go live without a restart; a reload that fails keeps the last good guard.
  const lexicons = watchLexicons(options.guardDir ?? defaultGuardLexiconDir(), (event) => {
    if (event.ok) log(`phrasing guard reloaded: ${event.guard.ruleCount} rules`);
    else log(`phrasing guard reload failed, keeping the last good lexicons: ${event.error.message}`);
  });
  const triage = loadTriage(options.triageDir);
  // Transcript rows are committed once per turn for all conversations ending together,
  // instead of one commit per message (see batched-transcript-sink.ts).
  const transcript = new BatchedTranscriptSink(store.transcripts, { log });
  const host = new DeferredProactiveHost(() => transcript.flush());
  // Linking must see every message said so far, including the ones of the running turn.
  const deskStore: Store = {
    ...store,
    transcripts: {
      ...store.transcripts,
      linkConversation: async (conversationId, complaintId) => {
        await transcript.flush();
        return store.transcripts.linkConversation(conversationId, complaintId);
      },
    },
  };
  const hearken = createHearkenBot({
    storage: options.storage ?? store.botStorage,
    desk: createStoreDesk(deskStore),
    triage,
    guard: (text) => lexicons.current().lint(text),
    host,
    transcript,
    // The web hub owns the listen-pause timer: one per conversation, postponed while the customer types.
    listenPauseMs: 0,
    logger: {
      warn: (message, detail) => log(`[bot] ${message} ${detail ? JSON.stringify(detail) : ''}`),
      error: (message, detail) => log(`[bot] ERROR ${message} ${detail ? JSON.stringify(detail) : ''}`),
    },
  });
  const bot: TurnHandler = {
    async run(context) {
      try {
        await hearken.handler.run(context);
      } finally {
        // Before the hub acknowledges the turn: nothing the customer saw answered is lost.
        await transcript.flush();
      }
    },
  };
  return {
    bot,
    hearken,
    host,
    listenPauseMs: loadDialogData().flows.listen.pauseMs,
    flushTranscripts: () => transcript.flush(),
    dispose: () => {
      lexicons.close();
      hearken.dispose();
    },
  };
}
