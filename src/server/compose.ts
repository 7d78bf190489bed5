/**
 * Puts the complaint bot together for `npm start`: the guard (watched), triage,
 * the desk's services over the store, and the bot on the chat transport it is
 * given. Holds no business rule; every decision lives in the modules it wires.
 */
import type { ChatHost } from '../contracts/chat.js';
import { connectChat } from '../bot/chat-adapter.js';
import { createHearkenBot, loadDialogData, type HearkenBot } from '../bot/index.js';
import {
  createAgentRelay, createAgentReplyDelivery, createComplaintDesk, createDraftCheck, createEscalationDesk,
  type AgentRelay, type ComplaintDesk, type DraftCheckService, type EscalationDesk,
} from '../desk/index.js';
import { join } from 'node:path';
import { lexiconLayout, readGoLiveTexts, shippedLexiconsDir, watchLexicons, type LoadedGuard } from '../lexicon-files/index.js';
import { learnedModelStatus } from '../lexicon-files/train-learned.js';
import type { GroupCommitStorage } from '../store/group-commit-storage.js';
import type { Store } from '../store/index.js';
import { loadTriage } from '../lexicon-files/triage-files.js';
import { LEARNED_MODEL_FILE } from '../guard/index.js';

export interface ServerBot {
  hearken: HearkenBot;
  desk: ComplaintDesk;
  /** The agents' drafts, checked in the customer's context and audited (Slack uses it). */
  draftCheck: DraftCheckService;
  /** An agent's reply to a customer: checked, audited, sent in the customer's chat. */
  relay: AgentRelay;
  /** Handed-over complaints: claims, replies queued through the guard, resolving (Slack uses it). */
  escalations: EscalationDesk;
  /** Shows a queued agent's reply (the outbox's agent_reply) in the customer's chat, once. */
  deliverAgentReply: ReturnType<typeof createAgentReplyDelivery>;
  dispose(): void;
}

export interface ServerBotOptions {
  log?: (message: string) => void;
  /**
   * The lexicon folder (HEARKEN_LEXICONS; default the shipped lexicons/): its guard/ is watched and
   * every edit must pass the go-live gate (no bot message, no polite reply blocked) before it is used;
   * its triage/ model is read once.
   */
  lexicons?: string;
  /** How this process is named in the lexicon version log; default `server <pid>`. */
  processName?: string;
  /**
   * Storage for dialog state: the group commit the chat log saves through, so a turn's
   * state, its outbox messages and its replies are one write.
   */
  storage: GroupCommitStorage;
  /** Called when messages for a customer were queued (the outbox dispatcher's wake), so they go at once. */
  wakeOutbox?: () => void;
  /** The business time zone (the complaint calendar's): dates customers give are resolved in it, promised times told in it. */
  timeZone?: string;
}

/** The listen pause from dialogs/flows.yaml; the chat transport runs that timer (typing postpones it). */
export function defaultListenPauseMs(): number {
  return loadDialogData().flows.listen.pauseMs;
}

/** Builds the complaint bot over an open store, with the shipped guard lexicons and triage model, and serves it on `chat`. */
export function createServerBot(chat: ChatHost, store: Store, options: ServerBotOptions): ServerBot {
  const log = options.log ?? ((message: string) => console.error(message));
  const layout = lexiconLayout(options.lexicons ?? shippedLexiconsDir());
  const by = options.processName ?? `server ${process.pid}`;
  let saidWarnings = '';
  const wentLive = (loaded: LoadedGuard) => {
    // A learned model that does not fit (the layer is off) or was trained on other lexicons (still used)
    // is said once, not on every reload that still has it.
    const unfit = loaded.warnings.map((w) => `phrasing guard: warning: ${w.file}: ${w.message}`);
    const learnedModel = join(layout.guard, LEARNED_MODEL_FILE);
    const stale = unfit.length === 0 && learnedModelStatus(layout.guard).state === 'stale'
      ? [`phrasing guard: note: ${learnedModel} was trained on other lexicons than these; it is still used (every rule it knows is here); \`hearken lexicon train\` refreshes it`]
      : [];
    const warnings = [...unfit, ...stale].join('\n');
    if (warnings !== saidWarnings && warnings !== '') log(warnings);
    saidWarnings = warnings;
    // Every version that judges anything is in the log the audit rows point at.
    store.lexiconVersions.record({
      version: loaded.version, contentHash: loaded.contentHash, ruleCount: loaded.summary.ruleCount,
      learnedLayer: !loaded.warnings.some((w) => w.file.endsWith(LEARNED_MODEL_FILE)), folder: layout.guard, by,
    }).catch((error: Error) => log(`phrasing guard: could not record lexicon version ${loaded.version}: ${error.message}`));
  };
  const gateSummary = (loaded: LoadedGuard) => (loaded.goLive ? `; none of ${loaded.goLive.botMessages} bot messages and ${loaded.goLive.politeReplies} polite replies blocked` : '');
  // Supervisors' lexicon edits go live without a restart, once they pass the go-live gate; a reload
  // that fails either way keeps the last good guard.
  const lexicons = watchLexicons(layout.guard, (event) => {
    if (event.ok) {
      log(`phrasing guard reloaded: ${event.guard.ruleCount} rules, version ${event.version}${gateSummary(event.loaded)}`);
      wentLive(event.loaded);
    } else log(`phrasing guard reload failed, keeping the last good lexicons (version ${lexicons.version()}): ${event.error.message}`);
  }, { goLive: () => readGoLiveTexts(layout.politeCorpus) });
  log(`phrasing guard: ${lexicons.initial.summary.ruleCount} rules from ${layout.guard}, version ${lexicons.version()}${gateSummary(lexicons.initial)}`);
  wentLive(lexicons.initial);
  try {
    const triage = loadTriage(layout.triage);
    const desk = createComplaintDesk(store, { turnOutbox: options.storage });
    const connection = connectChat(chat, { log });
    const hearken = createHearkenBot({
      storage: options.storage,
      desk,
      triage,
      guard: (text) => lexicons.current().lint(text),
      host: connection.host,
      ...(options.timeZone ? { timeZone: options.timeZone } : {}),
      warmUp: true,
      logger: {
        warn: (message, detail) => log(`[bot] ${message} ${detail ? JSON.stringify(detail) : ''}`),
        error: (message, detail) => log(`[bot] ERROR ${message} ${detail ? JSON.stringify(detail) : ''}`),
      },
    });
    // Every outgoing message of every turn, proactive ones included, passes the guard first.
    connection.serve(hearken.handler, [hearken.guardMiddleware]);
    const draftCheck = createDraftCheck({ lexicons, audit: store.guardAudit });
    const relay = createAgentRelay({ draftCheck, conversation: hearken.conversation, transcripts: store.transcripts, emotionOf: (text) => triage(text).emotion });
    const escalations = createEscalationDesk({ store, relay, wake: () => options.wakeOutbox?.() });
    const deliverAgentReply = createAgentReplyDelivery({ conversation: hearken.conversation, transcripts: store.transcripts });
    return { hearken, desk, draftCheck, relay, escalations, deliverAgentReply, dispose: () => lexicons.close() };
  } catch (error) {
    lexicons.close();
    throw error;
  }
}
