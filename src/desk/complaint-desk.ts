/**
 * The complaint desk: the bot's intake and follow-up (lodge, status, hand-over,
 * satisfaction, appeal) as complaint-domain operations over the Store (create,
 * note, transition, reassign). No business rule lives here; the lifecycle,
 * routing and deadlines come from src/complaints through the store. An
 * application service: it uses the store, never a channel or an SDK.
 *
 * One link between a complaint and the conversation that lodged it: the
 * `intake_conversation` or `handoff_requested` note, recorded in the transaction
 * that creates the complaint (see conversationOf in src/complaints).
 */
import type { ComplaintStatus, Customer, DesiredResolution, Fact, Locale, SeverityLevel } from '../contracts/complaint.js';
import { agentsOrderingKey, type CustomerMessageDuringHandoffEvent, type HandoffRequestedEvent, type KeyedOutboxEvent } from '../contracts/outbox.js';
import type { FeedbackInput, FeedbackKind } from '../contracts/feedback.js';
import type { EscalationReason, TriageResult } from '../contracts/triage.js';
import { allowedEvents, CLOSING_MESSAGE_EVENT, currentDeadline, type ClosingMessage, type ComplaintPatch } from '../complaints/index.js';
import type { ActorContext, Store } from '../store/types.js';

/** A way to prove a complaint is yours: the phone or email given when it was lodged. */
export type ContactDetail = { kind: 'phone'; value: string } | { kind: 'email'; value: string };

/** Everything the lodge flow collected, ready to be recorded. */
export interface LodgeRequest {
  locale: Locale;
  /** The customer's whole story, messages joined by newlines, in their words. */
  story: string;
  triage: TriageResult;
  /** Facts collected and confirmed at read-back, e.g. order_number, when (their words) beside incident_date (ISO), delivery_address. */
  facts: Fact[];
  contact: ContactDetail;
  /** The other kind of contact detail, when the customer gave a phone and an e-mail address. */
  alsoContact?: ContactDetail;
  /** The customer's name as they gave it ("Priya Raman", "王", "陳太"). */
  name?: string;
  /** The first wanted outcome (the record's desiredResolution). */
  desiredResolution: DesiredResolution;
  /** Every outcome the customer wants, in their order (a refund and compensation). */
  desiredResolutions?: DesiredResolution[];
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
  alsoContact?: ContactDetail;
  name?: string;
  /** What the customer wants, when they said (or triage heard) it; `other` otherwise. */
  desiredResolutions?: DesiredResolution[];
  /** Every escalation reason found in what they said (each message, not only the story's triage). */
  escalationReasons?: EscalationReason[];
  conversationId: string;
}

/** Contact details and a name the customer gave after the complaint was created (during a hand-over). */
export interface CustomerDetails {
  name?: string;
  phone?: string;
  email?: string;
  /** Facts said later (an order number, when it happened): added unconfirmed when the complaint has none under that key. */
  facts?: Fact[];
  /** Outcomes the customer said they want, added to those already recorded. */
  desiredResolutions?: DesiredResolution[];
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
 * Implemented over the real Store by createComplaintDesk below; the bot's dialogs use it through their services.
 */
export interface ComplaintDesk {
  lodge(request: LodgeRequest): Promise<LodgedComplaint>;
  /** Returns null unless the contact detail matches the one on the complaint (never reveal which part failed). */
  status(complaintId: string, contact: ContactDetail): Promise<ComplaintStatusView | null>;
  /** Creates a major complaint with a handoff event; the Slack integration turns it into an escalation thread. */
  requestHandoff(request: HandoffRequest): Promise<HandoffTicket>;
  recordSatisfaction(complaintId: string, score: number, comment: string | undefined): Promise<void>;
  appeal(complaintId: string, reason: string): Promise<AppealOutcome>;
  /**
   * Links the bot's closing message (the reference and the promised date it told the customer)
   * to its complaint, after the bot sent it: a `closing_message` note (see closingMessageOf).
   */
  recordClosingMessage(complaintId: string, message: ClosingMessageInput): Promise<void>;
  /**
   * The customer wrote while a person has the conversation. Queued for the agents' channel
   * (outbox) in the transaction that stores the message, when the caller runs inside a turn.
   */
  customerWroteDuringHandoff(message: CustomerMessageDuringHandoffEvent['payload']): Promise<void>;
  /** Adds a name, phone or e-mail the customer gave later (a hand-over's "how can we reach you"); true when something changed. */
  addCustomerDetails(complaintId: string, details: CustomerDetails): Promise<boolean>;
  /** Records a suggestion or praise the bot thanked instead of lodging a complaint (read with `hearken feedback list`). */
  recordFeedback(request: FeedbackRequest): Promise<RecordedFeedback>;
}

/** A suggestion or praise as the bot heard it: their words, who they are when they said, and triage's reading. */
export interface FeedbackRequest {
  kind: FeedbackKind;
  locale: Locale;
  text: string;
  conversationId: string;
  contact?: ContactDetail;
  name?: string;
  triage?: TriageResult;
}

export interface RecordedFeedback { id: number; createdAt: string }

/** What the bot said when it closed a conversation about a complaint. */
export interface ClosingMessageInput {
  text: string;
  /** The instant the message promised (ISO), e.g. the reply-by date. */
  promisedBy: string;
  kind: ClosingMessage['kind'];
  conversationId: string;
  /** The message's id in the chat log, when the transport gave one. */
  activityId?: string;
}

/** Where the desk adds the messages of a customer's turn: joined to the turn's own transaction (GroupCommitStorage). */
export interface TurnOutbox {
  addOutbox(messages: readonly KeyedOutboxEvent[]): Promise<void>;
}

export interface ComplaintDeskOptions {
  /** Who the store records as acting; automated actors never become owners. */
  actor?: string;
  /** Owner of complaints the bot takes (first-responder ownership until a person acknowledges). */
  botQueue?: string;
  /** Owner of handoffs: the supervisors who contact the customer. */
  supervisorQueue?: string;
  /** Owner after an appeal: never the first handler. */
  appealsQueue?: string;
  clock?: () => Date;
  /**
   * Where customers' messages during a hand-over go: the group commit the bot's turns save
   * through, so each is stored with the message itself. Default: the store's outbox, on its own.
   */
  turnOutbox?: TurnOutbox;
}

const SUBJECT_LENGTH = 80;

export function createComplaintDesk(store: Store, options: ComplaintDeskOptions = {}): ComplaintDesk {
  const actor = options.actor ?? 'bot:hearken';
  const clock = options.clock ?? (() => new Date());
  const ctx = (): ActorContext => ({ actor, channel: 'web_chat', now: clock() });
  const turnOutbox: TurnOutbox = options.turnOutbox ?? { addOutbox: (messages) => store.outbox.add(messages, clock()) };

  return {
    async lodge(request: LodgeRequest) {
      const facts: Fact[] = [...request.facts];
      if (request.desiredResolutionDetail) facts.push({ key: 'desired_resolution_detail', value: request.desiredResolutionDetail, confirmed: true });
      const record = await store.complaints.create({
        channel: 'web_chat',
        locale: request.locale,
        customer: customerOf(request.contact, request.alsoContact, request.name),
        subject: subjectOf(request.story),
        description: request.story,
        facts,
        triage: request.triage,
        desiredResolution: request.desiredResolution,
        ...(request.desiredResolutions && request.desiredResolutions.length > 0 ? { desiredResolutions: request.desiredResolutions } : {}),
        category: request.triage.category.label,
        severity: 'normal',
        owner: options.botQueue ?? 'queue:web_chat',
      }, { ...ctx(), notes: [{ event: 'intake_conversation', detail: { conversationId: request.conversationId } }] });
      return { id: record.id, owner: record.owner, replyBy: record.ackBy, severity: record.severity };
    },

    async status(complaintId: string, contact: ContactDetail): Promise<ComplaintStatusView | null> {
      const record = await store.complaints.get(complaintId);
      if (!record || !contactMatches(record.customer, contact)) return null;
      const next = currentDeadline(record);
      return { id: record.id, status: record.status, owner: record.owner, nextDeadline: next?.dueAt ?? null, nextDeadlineKind: next?.kind ?? null };
    },

    async requestHandoff(request: HandoffRequest) {
      const reasons = [...new Set([...(request.triage?.escalate.reasons ?? []), ...(request.escalationReasons ?? [])])];
      const escalation = reasons.length > 0 ? { escalationReasons: reasons } : {};
      const wanted = (request.desiredResolutions ?? []).filter((d) => d !== 'other');
      const record = await store.complaints.create({
        channel: 'web_chat',
        locale: request.locale,
        customer: request.contact ? customerOf(request.contact, request.alsoContact, request.name) : request.name ? { name: request.name } : {},
        subject: request.story ? subjectOf(request.story) : 'Customer asked for a person',
        // The record needs a description even when the customer asked for a person first.
        description: request.story || '(the customer asked for a person before describing the problem)',
        facts: request.facts,
        ...(request.triage ? { triage: withReasons(request.triage, reasons) } : {}),
        desiredResolution: wanted[0] ?? 'other',
        ...(wanted.length > 0 ? { desiredResolutions: wanted } : {}),
        category: request.triage?.category.label ?? 'other',
        severity: 'major',
        owner: options.supervisorQueue ?? 'queue:supervisors',
      }, {
        ...ctx(),
        notes: [{ event: 'handoff_requested', detail: { conversationId: request.conversationId, reason: request.reason, locale: request.locale, ...escalation } }],
        // The agents' channel opens an escalation thread from this message.
        outbox: (created): KeyedOutboxEvent[] => [{
          topic: 'handoff_requested',
          key: `handoff_requested:${created.id}`,
          // The customer's later messages go into the thread this message opens, so they queue behind it.
          orderingKey: agentsOrderingKey(created.id),
          payload: { complaintId: created.id, conversationId: request.conversationId, reason: request.reason, locale: request.locale, ...escalation } satisfies HandoffRequestedEvent['payload'],
        }],
      });
      return { complaintId: record.id, owner: record.owner, contactBy: record.ackBy };
    },

    async recordSatisfaction(complaintId: string, score: number, comment: string | undefined) {
      const record = await store.complaints.require(complaintId);
      const satisfaction = { score, ...(comment ? { comment } : {}) };
      if (allowedEvents(record.status).includes('close')) {
        await store.complaints.transition(complaintId, { type: 'close', satisfaction }, { ...ctx(), expectedVersion: record.version });
      } else {
        // Already closed (or not finished): keep the answer without moving the lifecycle.
        await store.complaints.note(complaintId, 'satisfaction_recorded', satisfaction, ctx());
      }
    },

    async appeal(complaintId: string, reason: string) {
      const appealed = await store.complaints.transition(complaintId, { type: 'appeal', reason }, ctx());
      const owner = options.appealsQueue ?? 'queue:appeals';
      const record = appealed.owner === owner
        ? appealed
        : await store.complaints.reassign(complaintId, owner, { ...ctx(), reason: 'appeal: reviewed by someone other than the first handler' });
      return { id: record.id, owner: record.owner, replyBy: record.ackBy };
    },

    async recordClosingMessage(complaintId, message) {
      await store.complaints.note(complaintId, CLOSING_MESSAGE_EVENT, {
        text: message.text, reference: complaintId, promisedBy: message.promisedBy, kind: message.kind, conversationId: message.conversationId,
        ...(message.activityId ? { activityId: message.activityId } : {}),
      }, ctx());
    },

    async customerWroteDuringHandoff(message) {
      await turnOutbox.addOutbox([{ topic: 'customer_message_during_handoff', payload: message, orderingKey: agentsOrderingKey(message.complaintId) }]);
    },

    async addCustomerDetails(complaintId, details) {
      const record = await store.complaints.require(complaintId);
      const customer: Customer = { ...record.customer };
      if (details.name && !customer.name) customer.name = details.name;
      if (details.phone) customer.phone = details.phone;
      if (details.email) customer.email = details.email;
      const known = new Set(record.facts.map((f) => f.key));
      const facts = (details.facts ?? []).filter((f) => !known.has(f.key)).map((f) => ({ ...f, confirmed: false }));
      const had = (record.desiredResolutions ?? [record.desiredResolution]).filter((d) => d !== 'other');
      const wanted = [...new Set([...had, ...(details.desiredResolutions ?? []).filter((d) => d !== 'other')])];
      const patch: ComplaintPatch = {
        ...(JSON.stringify(customer) !== JSON.stringify(record.customer) ? { customer } : {}),
        ...(facts.length > 0 ? { facts: [...record.facts, ...facts] } : {}),
        ...(wanted.length > had.length ? { desiredResolution: wanted[0]!, desiredResolutions: wanted } : {}),
      };
      if (Object.keys(patch).length === 0) return false;
      await store.complaints.amend(complaintId, patch, { ...ctx(), expectedVersion: record.version });
      return true;
    },

    async recordFeedback(request) {
      const recorded = await store.feedback.record(feedbackOf(request), clock());
      return { id: recorded.id, createdAt: recorded.createdAt };
    },
  };
}

/** The feedback row: the customer only when known, and triage cut to what a reader sorts by (kind, motive, category, emotion). */
function feedbackOf(request: FeedbackRequest): FeedbackInput {
  const customer = request.contact ? customerOf(request.contact, undefined, request.name) : request.name ? { name: request.name } : undefined;
  const t = request.triage;
  return {
    conversationId: request.conversationId, locale: request.locale, kind: request.kind, text: request.text,
    ...(customer ? { customer } : {}),
    ...(t ? { triage: { ...(t.kind ? { kind: t.kind } : {}), ...(t.motive ? { motive: t.motive } : {}), category: { label: t.category.label, confidence: t.category.confidence }, emotion: t.emotion } } : {}),
  };
}

function customerOf(contact: ContactDetail, also?: ContactDetail, name?: string): Customer {
  const customer: Customer = name ? { name } : {};
  for (const detail of [contact, also]) {
    if (detail?.kind === 'phone' && !customer.phone) customer.phone = detail.value;
    if (detail?.kind === 'email' && !customer.email) customer.email = detail.value;
  }
  return customer;
}

/** The triage kept on the record names every reason found, not only the story's. */
function withReasons(triage: TriageResult, reasons: EscalationReason[]): TriageResult {
  if (reasons.length === 0) return triage;
  return { ...triage, escalate: { value: true, reasons } };
}

/** The first line of the story, cut at a word or character boundary. */
function subjectOf(story: string): string {
  const first = story.split('\n')[0]!.trim();
  return first.length <= SUBJECT_LENGTH ? first : `${[...first].slice(0, SUBJECT_LENGTH - 1).join('')}…`;
}

/** Phone numbers match on their digits (spaces, dashes, a leading + ignored); emails case-insensitively. */
export function contactMatches(customer: Customer, contact: ContactDetail): boolean {
  if (contact.kind === 'email') return !!customer.email && customer.email.trim().toLowerCase() === contact.value.trim().toLowerCase();
  const digits = (s: string) => s.replace(/\D/g, '');
  return !!customer.phone && digits(customer.phone).length >= 7 && digits(customer.phone) === digits(contact.value);
}
