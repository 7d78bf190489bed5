/**
 * Hearken's own chat activity and the two ports between a chat transport (the
 * web chat's ConversationHub) and the bot. The shapes are a structural subset of
 * the Bot Framework activity schema, so the bot's adapter (src/bot/chat-adapter.ts)
 * passes activities through unchanged; only src/bot knows botbuilder.
 */

import type { Locale } from './complaint.js';

export interface ChatAccount {
  id: string;
  name?: string;
  /** 'user' for the customer, 'bot' for Hearken. */
  role?: string;
}

/**
 * One activity in a conversation: a message, a typing signal or an event. Fields
 * of the Bot Framework schema not named here pass through as they are.
 */
export interface ChatActivity {
  type: string;
  /** `<conversationId>|<index>`, stamped by the transport when stored. */
  id?: string;
  /** ISO date-time, stamped by the transport when stored. */
  timestamp?: string | Date;
  from?: ChatAccount;
  recipient?: ChatAccount;
  conversation?: { id: string };
  channelId?: string;
  serviceUrl?: string;
  replyToId?: string;
  text?: string;
  textFormat?: string;
  /** BCP 47 tag. */
  locale?: string;
  name?: string;
  value?: unknown;
  channelData?: Record<string, unknown>;
  membersAdded?: ChatAccount[];
  attachments?: unknown[];
  suggestedActions?: unknown;
  entities?: unknown[];
}

/** Name of the event activity the transport posts to the bot when a listening customer goes quiet. */
export const LISTEN_TIMEOUT_EVENT = 'hearken.listenTimeout';

/**
 * Marks a message an agent wrote and the bot relayed (channelData), so the transcript names the
 * agent: `true`, or the agent's name (e.g. `slack:U123`).
 */
export const RELAYED_BY_AGENT = 'hearkenRelayed';
/** channelData key of a relayed message's relay id (see AgentMessageOptions.relayId), so a retried relay is not shown twice. */
export const RELAY_ID = 'hearkenRelayId';

/** What the transport runs turns on: the bot behind its adapter. */
export interface ChatBot {
  /**
   * Runs one bot turn for an activity the customer (or the transport: a join, a
   * listen pause) posted. The bot's replies come back through the host's
   * deliver/update/delete while the turn runs.
   */
  runTurn(activity: ChatActivity): Promise<void>;
}

/** What the transport offers the bot. Implemented by the ConversationHub (src/web). */
export interface ChatHost {
  /** The bot that runs the turns; called once, before the server takes requests. */
  serve(bot: ChatBot): void;
  /** Stores one bot activity in its conversation and delivers it; returns the id it was given. */
  deliverFromBot(activity: ChatActivity): string;
  updateFromBot(activity: ChatActivity): void;
  deleteFromBot(conversationId: string, activityId: string): void;
  /**
   * Runs `turn` (a proactive bot turn: a survey, an agent's reply) queued behind the
   * conversation's running turn; what it sends is stored with the state it wrote.
   * Rejects for a conversation the transport does not know.
   */
  continueConversation(conversationId: string, turn: () => Promise<void>): Promise<void>;
}

/** What a chat transport remembers about a conversation besides its activities. */
export interface ChatConversationRecord {
  conversationId: string;
  userId: string;
  /** BCP 47 tag the page asked for when it opened the chat; the welcome turn carries it. */
  locale?: string;
  createdAt: string;
  /** The welcome (conversationUpdate) turn has run; it must run once only, also across restarts. */
  started: boolean;
  activityCount: number;
  lastTimestampMs: number;
}

/**
 * A Hong Kong or Macau customer by their channel's BCP 47 tag, with or without a script
 * subtag (zh-HK, zh-Hant-HK, zh-MO), or Cantonese (yue, yue-Hant-HK): Hong Kong wording.
 */
export function hongKongFromChannel(channelLocale: string | undefined): boolean {
  if (!channelLocale) return false;
  return /^zh(?:-[a-z]{4})?-(?:hk|mo)(?:-|$)/i.test(channelLocale) || /^yue(?:-|$)/i.test(channelLocale);
}

/** Maps a channel locale (Web Chat's `zh-TW`, `zh-CN`, `en-US`) to Hearken's three. */
export function localeFromChannel(channelLocale: string | undefined): Locale | null {
  if (!channelLocale) return null;
  const tag = channelLocale.toLowerCase();
  // Cantonese (yue, yue-Hant-HK) is written in Traditional characters.
  if (/^zh-(tw|hk|mo|hant)/.test(tag) || /^yue(-|$)/.test(tag)) return 'zh-Hant';
  if (tag.startsWith('zh')) return 'zh-Hans';
  if (tag.startsWith('en')) return 'en';
  return null;
}

