/**
 * Hearken's own interfaces the complaint bot depends on. The Bot Framework SDK
 * (archived in 2025) stays at the edge: dialogs talk to these ports, never to
 * the store, triage or guard modules directly, so a port to the Microsoft 365
 * Agents SDK only touches src/bot/index.ts and the dialog base classes.
 */
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { Locale } from '../contracts/complaint.js';
import type { LintResult } from '../contracts/finding.js';
import type { TriageResult } from '../contracts/triage.js';

export type { Locale };

// The desk's requests and answers, declared with the desk (src/desk/complaint-desk.ts).
export type {
  AppealOutcome, ComplaintDesk, ComplaintStatusView, ContactDetail, HandoffReason, HandoffRequest, HandoffTicket, LodgeRequest, LodgedComplaint,
} from '../desk/complaint-desk.js';

export type GuardPort = (text: string) => LintResult;
export type TriagePort = (text: string) => TriageResult;
export type Clock = () => Date;

/** Where the bot runs proactive turns: the chat transport, through connectChat (chat-adapter.ts). */
export interface ProactiveHost {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Where the bot reports a blocked outgoing message or a failure it swallowed. */
export interface BotLogger {
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}
