/**
 * The ComplaintDesk over Hearken's Store: the bot's intake and follow-up,
 * expressed as complaint-domain operations (create, note, transition,
 * reassign). No business rule lives here; the lifecycle, routing and
 * deadlines come from src/complaints through the store.
 */
import type { ComplaintRecord, Customer, Fact } from '../contracts/complaint.js';
import { allowedEvents, currentDeadline } from '../complaints/index.js';
import type { ActorContext, Store } from '../store/types.js';
import type { ComplaintDesk, ComplaintStatusView, ContactDetail, HandoffRequest, LodgeRequest } from './ports.js';

export interface StoreDeskOptions {
  /** Who the store records as acting; automated actors never become owners. */
  actor?: string;
  /** Owner of complaints the bot takes (first-responder ownership until a person acknowledges). */
  botQueue?: string;
  /** Owner of handoffs: the supervisors who contact the customer. */
  supervisorQueue?: string;
  /** Owner after an appeal: never the first handler. */
  appealsQueue?: string;
  clock?: () => Date;
  /** Told when a follow-up write after a complaint was created fails (the complaint itself is stored). */
  warn?: (message: string) => void;
}

const SUBJECT_LENGTH = 80;

export function createStoreDesk(store: Store, options: StoreDeskOptions = {}): ComplaintDesk {
  const actor = options.actor ?? 'bot:hearken';
  const clock = options.clock ?? (() => new Date());
  const ctx = (): ActorContext => ({ actor, channel: 'web_chat', now: clock() });

  const warn = options.warn ?? ((message: string) => console.warn(`[bot] ${message}`));
  // After create() the complaint exists: failing the whole call now would make
  // the customer retry and lodge it twice, so follow-up writes only warn.
  const linkConversation = async (record: ComplaintRecord, conversationId: string, event: string, detail: Record<string, unknown>) => {
    try {
      await store.complaints.note(record.id, event, { conversationId, ...detail }, ctx());
      // Messages told before the complaint existed become part of its record.
      await store.transcripts.linkConversation(conversationId, record.id);
    } catch (error) {
      warn(`complaint ${record.id} (${record.status}) is stored, but recording "${event}" for conversation ${conversationId} failed: ${(error as Error).message}; its transcript link and conversation note are missing`);
    }
  };

  return {
    async lodge(request: LodgeRequest) {
      const facts: Fact[] = [...request.facts];
      if (request.desiredResolutionDetail) facts.push({ key: 'desired_resolution_detail', value: request.desiredResolutionDetail, confirmed: true });
      const record = await store.complaints.create({
        channel: 'web_chat',
        locale: request.locale,
        customer: customerOf(request.contact),
        subject: subjectOf(request.story),
        description: request.story,
        facts,
        triage: request.triage,
        desiredResolution: request.desiredResolution,
        category: request.triage.category.label,
        severity: 'normal',
        owner: options.botQueue ?? 'queue:web_chat',
      }, ctx());
      await linkConversation(record, request.conversationId, 'intake_conversation', {});
      return { id: record.id, owner: record.owner, replyBy: record.ackBy, severity: record.severity };
    },

    async status(complaintId: string, contact: ContactDetail): Promise<ComplaintStatusView | null> {
      const record = await store.complaints.get(complaintId);
      if (!record || !contactMatches(record.customer, contact)) return null;
      const next = currentDeadline(record);
      return { id: record.id, status: record.status, owner: record.owner, nextDeadline: next?.dueAt ?? null, nextDeadlineKind: next?.kind ?? null };
    },

    async requestHandoff(request: HandoffRequest) {
      const record = await store.complaints.create({
        channel: 'web_chat',
        locale: request.locale,
        customer: request.contact ? customerOf(request.contact) : {},
        subject: request.story ? subjectOf(request.story) : 'Customer asked for a person',
        // The record needs a description even when the customer asked for a person first.
        description: request.story || '(the customer asked for a person before describing the problem)',
        facts: request.facts,
        ...(request.triage ? { triage: request.triage } : {}),
        category: request.triage?.category.label ?? 'other',
        severity: 'major',
        owner: options.supervisorQueue ?? 'queue:supervisors',
      }, ctx());
      // The Slack integration turns this event into an escalation thread.
      await linkConversation(record, request.conversationId, 'handoff_requested', {
        reason: request.reason, locale: request.locale, ...(request.triage ? { escalationReasons: request.triage.escalate.reasons } : {}),
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
  };
}

function customerOf(contact: ContactDetail): Customer {
  return contact.kind === 'phone' ? { phone: contact.value } : { email: contact.value };
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
