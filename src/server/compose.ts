/**
 * Puts the complaint bot together for `npm start`: the guard (watched), triage,
 * the desk's services over the store, and the bot on the chat transport it is
 * given. Holds no business rule; every decision lives in the modules it wires.
 */
import type { ChatHost } from '../contracts/chat.js';
import { connectChat } from '../bot/chat-adapter.js';
import { createHearkenBot, loadDialogData, type HearkenBot } from '../bot/index.js';
import { createAgentRelay, createComplaintDesk, createDraftCheck, type AgentRelay, type ComplaintDesk, type DraftCheckService } from '../desk/index.js';
import { defaultGuardLexiconDir, watchLexicons } from '../lexicon-files/index.js';
import type { GroupCommitStorage } from '../store/group-commit-storage.js';
import type { Store } from '../store/index.js';
import { loadTriage } from '../lexicon-files/triage-files.js';

export interface ServerBot {
  hearken: HearkenBot;
  desk: ComplaintDesk;
  /** The agents' drafts, checked in the customer's context and audited (Slack uses it). */
  draftCheck: DraftCheckService;
  /** An agent's reply to a customer: checked, audited, sent in the customer's chat. */
  relay: AgentRelay;
  dispose(): void;
}

export interface ServerBotOptions {
  log?: (message: string) => void;
  /** Folder with the triage model.json; default lexicons/triage. */
  triageDir?: string;
  /** Folder of the guard lexicons, watched for edits; default lexicons/guard. */
  guardDir?: string;
  /**
   * Storage for dialog state: the group commit the chat log saves through, so a turn's
   * state, its outbox messages and its replies are one write.
   */
  storage: GroupCommitStorage;
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
  try {
    const triage = loadTriage(options.triageDir);
    const desk = createComplaintDesk(store, { turnOutbox: options.storage });
    const connection = connectChat(chat, { log });
    const hearken = createHearkenBot({
      storage: options.storage,
      desk,
      triage,
      guard: (text) => lexicons.current().lint(text),
      host: connection.host,
      logger: {
        warn: (message, detail) => log(`[bot] ${message} ${detail ? JSON.stringify(detail) : ''}`),
        error: (message, detail) => log(`[bot] ERROR ${message} ${detail ? JSON.stringify(detail) : ''}`),
      },
    });
    // Every outgoing message of every turn, proactive ones included, passes the guard first.
    connection.serve(hearken.handler, [hearken.guardMiddleware]);
    const draftCheck = createDraftCheck({ lexicons, audit: store.guardAudit });
    const relay = createAgentRelay({ draftCheck, conversation: hearken.conversation, transcripts: store.transcripts, emotionOf: (text) => triage(text).emotion });
    return { hearken, desk, draftCheck, relay, dispose: () => lexicons.close() };
  } catch (error) {
    lexicons.close();
    throw error;
  }
}
