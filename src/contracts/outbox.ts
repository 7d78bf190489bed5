/**
 * What another channel must act on, as the outbox carries it (see OutboxRepository in
 * src/store/types.ts and the dispatcher in src/desk/outbox-dispatcher.ts). Each
 * message is written in the transaction of the change that caused it; subscribers
 * (the web chat today, Slack next) get it at least once.
 */
import type { Locale } from './complaint.js';

export interface HandoffRequestedEvent {
  topic: 'handoff_requested';
  payload: {
    complaintId: string;
    /** The customer's conversation; agents' replies go there. */
    conversationId: string;
    reason: 'escalation' | 'customer_request';
    locale: Locale;
    escalationReasons?: string[];
  };
}

/** The customer wrote while a person has the conversation: the bot stays quiet, someone must read it. */
export interface CustomerMessageDuringHandoffEvent {
  topic: 'customer_message_during_handoff';
  payload: { complaintId: string; conversationId: string; text: string; at: string; locale: Locale };
}

export interface ReminderDueEvent {
  topic: 'reminder_due';
  payload: {
    reminderId: number;
    complaintId: string;
    deadline: 'ack' | 'investigate' | 'resolve';
    level: 'due_soon' | 'overdue';
    dueAt: string;
    owner: string;
    department: string;
  };
}

/** A resolved complaint's customer is to be asked for a score, in the conversation that lodged it. */
export interface SurveyDueEvent {
  topic: 'survey_due';
  payload: { complaintId: string; conversationId: string };
}

export type OutboxEvent = HandoffRequestedEvent | CustomerMessageDuringHandoffEvent | ReminderDueEvent | SurveyDueEvent;
export type OutboxTopic = OutboxEvent['topic'];
export type OutboxPayload<T extends OutboxTopic> = Extract<OutboxEvent, { topic: T }>['payload'];

/** An outbox event as stored: `key` makes it once-only (a second one with the same key is not added). */
export type KeyedOutboxEvent = OutboxEvent & { key?: string };
