/**
 * What another channel must act on, as the outbox carries it (see OutboxRepository in
 * src/store/types.ts and the dispatcher in src/desk/outbox-dispatcher.ts). Each
 * message is written in the transaction of the change that caused it; subscribers
 * (the web chat, Slack) get it at least once.
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

/**
 * An agent's reply the guard let through, to be shown in the customer's conversation. Queued
 * (not sent on the spot) so it survives a restart and is retried when the customer's side
 * fails; replies to one conversation keep their order (customerOrderingKey).
 */
export interface AgentReplyEvent {
  topic: 'agent_reply';
  payload: {
    complaintId: string;
    conversationId: string;
    text: string;
    /** The agent as the complaint's history names them, e.g. `slack:U123`. */
    by: string;
    /** The guard check that let it through (guard audit id). */
    auditId: number;
    /** 'resolution': the message sent when the complaint is resolved. */
    kind: 'reply' | 'resolution';
    /**
     * Where the agent wrote it, so their channel can confirm delivery or report a failure
     * (Slack: the channel, the message's ts, the thread's ts and the user).
     */
    origin?: { channel: string; user: string; ts?: string; threadTs?: string };
  };
}

export type OutboxEvent = HandoffRequestedEvent | CustomerMessageDuringHandoffEvent | ReminderDueEvent | SurveyDueEvent | AgentReplyEvent;
export type OutboxTopic = OutboxEvent['topic'];
export type OutboxPayload<T extends OutboxTopic> = Extract<OutboxEvent, { topic: T }>['payload'];

/**
 * An outbox event as stored: `key` makes it once-only (a second one with the same key is not
 * added); events with the same `orderingKey` are delivered one after another, in order.
 */
export type KeyedOutboxEvent = OutboxEvent & { key?: string; orderingKey?: string };

/** What the agents' channel gets about one complaint (the thread post, then the customer's messages into it) goes in order. */
export const agentsOrderingKey = (complaintId: string) => `agents:${complaintId}`;
/** What goes to one customer's conversation (agents' replies, the resolution, the survey) goes in order. */
export const customerOrderingKey = (conversationId: string) => `customer:${conversationId}`;
