/**
 * Puts the complaint bot together for `npm start`: the guard (watched), triage,
 * the complaint desk over the store, and the bot on the chat transport it is
 * given. Holds no business rule; every decision lives in the modules it wires.
 */
import type { ChatHost } from '../contracts/chat.js';
import { connectChat } from '../bot/chat-adapter.js';
import { createHearkenBot, loadDialogData, type HearkenBot } from '../bot/index.js';
import type { ProactiveHost } from '../bot/ports.js';
import { createStoreDesk } from '../bot/store-desk.js';
import { defaultGuardLexiconDir, watchLexicons } from '../lexicon-files/index.js';
import type { StateStorage, Store } from '../store/index.js';
import { loadTriage } from '../triage/load.js';
import { BatchedTranscriptSink } from './batched-transcript-sink.js';

export interface ServerBot {
  hearken: HearkenBot;
  /** Commits transcript rows still queued (call before closing the store). */
  flushTranscripts(): Promise<void>;
  dispose(): void;
}

export interface ServerBotOptions {
  log?: (message: string) => void;
  /** Folder with the triage model.json; default lexicons/triage. */
  triageDir?: string;
  /** Folder of the guard lexicons, watched for edits; default lexicons/guard. */
  guardDir?: string;
  /** Storage for dialog state: the GroupCommitStorage the chat log uses, so a turn's state and replies share a write. */
  storage: StateStorage;
}

/** The listen pause from dialogs/flows.yaml; the chat transport runs that timer (typing postpones it). */
export function defaultListenPauseMs(): number {
  return loadDialogData().flows.listen.pauseMs;
}

/** Builds the complaint bot over an open store, with the shipped guard lexicons and triage model, and serves it on `chat`. */
export function createServerBot(chat: ChatHost, store: Store, options: ServerBotOptions): ServerBot {
  const log = options.log ?? ((message: string) => console.error(message));
  // Supervisors' lexicon edits go live without a restart; a reload that fails keeps the last good guard.
  const lexicons = watchLexicons(options.guardDir ?? defaultGuardLexiconDir(), (event) => {
    if (event.ok) log(`phrasing guard reloaded: ${event.guard.ruleCount} rules`);
    else log(`phrasing guard reload failed, keeping the last good lexicons: ${event.error.message}`);
  });
  const triage = loadTriage(options.triageDir);
  const connection = connectChat(chat, { log });
  // Transcript rows are committed once per turn for all conversations ending together,
  // instead of one commit per message (see batched-transcript-sink.ts).
  const transcript = new BatchedTranscriptSink(store.transcripts, { log });
  const host: ProactiveHost = {
    continueConversation: (reference, logic) => connection.host.continueConversation(reference, async (context) => {
      try {
        await logic(context);
      } finally {
        await transcript.flush();
      }
    }),
  };
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
    storage: options.storage,
    desk: createStoreDesk(deskStore),
    triage,
    guard: (text) => lexicons.current().lint(text),
    host,
    transcript,
    // The chat transport owns the listen-pause timer: one per conversation, postponed while the customer types.
    listenPauseMs: 0,
    logger: {
      warn: (message, detail) => log(`[bot] ${message} ${detail ? JSON.stringify(detail) : ''}`),
      error: (message, detail) => log(`[bot] ERROR ${message} ${detail ? JSON.stringify(detail) : ''}`),
    },
  });
  connection.serve({
    async run(context) {
      try {
        await hearken.handler.run(context);
      } finally {
        // Before the hub acknowledges the turn: nothing the customer saw answered is lost.
        await transcript.flush();
      }
    },
  });
  return {
    hearken,
    flushTranscripts: () => transcript.flush(),
    dispose: () => {
      lexicons.close();
      hearken.dispose();
    },
  };
}
