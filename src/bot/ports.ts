/**
 * Hearken's own interfaces the complaint bot depends on. The Bot Framework SDK
 * (archived in 2025) stays at the edge: dialogs talk to these ports, never to
 * the store, triage or guard modules directly, so a port to the Microsoft 365
 * Agents SDK only touches src/bot/index.ts and the dialog base classes.
 */
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ComplaintStatus, DesiredResolution, Fact, Locale, SeverityLevel } from '../contracts/complaint.js';
import type { LintResult } from '../contracts/finding.js';
import type { TriageResult } from '../contracts/triage.js';

export type { Locale };

/** A way to prove a complaint is yours: the phone or email given when it was lodged. */
export type ContactDetail = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** Everything the lodge flow collected, ready to be recorded. */
export interface LodgeRequest {
  locale: Locale;
  /** The customer's whole story, messages joined by newlines, in their words. */
  story: string;
  triage: TriageResult;
  /** Facts collected and confirmed at read-back, e.g. order_number, when, delivery_address. */
  facts: Fact[];
  contact: ContactDetail;
  desiredResolution: DesiredResolution;
  /** Free text when the customer chose "other" or added detail to the resolution. */
  desiredResolutionDetail?: string;
  /** Where the bot can reach the customer again (satisfaction survey, agent replies). */
  conversationId: string;
}

export interface LodgedComplaint {
  id: string;
  /** Who owns it (first-responder ownership), e.g. the bot's queue `queue:web_chat`. */
  owner: string;
  /** ISO date-time by which the customer will hear back (the acknowledge/investigate deadline). */
  replyBy: string;
  severity: SeverityLevel;
}

export interface ComplaintStatusView {
  id: string;
  status: ComplaintStatus;
  owner: string;
  /** The next deadline still open, ISO date-time, or null when the complaint is closed. */
  nextDeadline: string | null;
  /** Which deadline `nextDeadline` is. */
  nextDeadlineKind: 'ack' | 'investigate' | 'resolve' | null;
}

export type HandoffReason = 'escalation' | 'customer_request';

export interface HandoffRequest {
  locale: Locale;
  reason: HandoffReason;
  /** What the customer said so far (may be empty when they asked for a person at once). */
  story: string;
  triage?: TriageResult;
  facts: Fact[];
  contact?: ContactDetail;
  conversationId: string;
}

export interface HandoffTicket {
  /** The major complaint created for the handoff. */
  complaintId: string;
  /** Who will take over, e.g. `supervisor:on-duty`. */
  owner: string;
  /** ISO date-time by which a supervisor will contact the customer. */
  contactBy: string;
}

export interface AppealOutcome {
  id: string;
  /** The new owner: an appeal goes to someone other than the previous owner. */
  owner: string;
  replyBy: string;
}

/**
 * The complaint desk: lodging, status, handoff, satisfaction, appeal.
 * Implemented over the real Store by src/bot/store-desk.ts.
 */
export interface ComplaintDesk {
  lodge(request: LodgeRequest): Promise<LodgedComplaint>;
  /** Returns null unless the contact detail matches the one on the complaint (never reveal which part failed). */
  status(complaintId: string, contact: ContactDetail): Promise<ComplaintStatusView | null>;
  /** Creates a major complaint with a handoff event; the Slack integration turns it into an escalation thread. */
  requestHandoff(request: HandoffRequest): Promise<HandoffTicket>;
  recordSatisfaction(complaintId: string, score: number, comment: string | undefined): Promise<void>;
  appeal(complaintId: string, reason: string): Promise<AppealOutcome>;
}

export interface TranscriptEntry {
  conversationId: string;
  role: 'customer' | 'bot' | 'agent';
  text: string;
  at: string;
  locale?: Locale;
  /** True while a human has the conversation (the Slack side relays these). */
  duringHandoff?: boolean;
}

export interface TranscriptSink {
  append(entry: TranscriptEntry): Promise<void>;
}

export type GuardPort = (text: string) => LintResult;
export type TriagePort = (text: string) => TriageResult;
export type Clock = () => Date;

/** Provided by the web adapter (CloudAdapter.continueConversationAsync or equivalent). */
export interface ProactiveHost {
  continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Where the bot reports a blocked outgoing message or a failure it swallowed. */
export interface BotLogger {
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}
